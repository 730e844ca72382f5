/** A bucket's configurations: the split resource type and the `aws_s3_bucket` arguments that set the same thing. */
export const BUCKET_CONFIGS = {
  versioning: { type: 'aws_s3_bucket_versioning', inline: ['versioning'] },
  objectLock: { type: 'aws_s3_bucket_object_lock_configuration', inline: [] },
  encryption: { type: 'aws_s3_bucket_server_side_encryption_configuration', inline: ['server_side_encryption_configuration'] },
  publicAccessBlock: { type: 'aws_s3_bucket_public_access_block', inline: [] },
  ownership: { type: 'aws_s3_bucket_ownership_controls', inline: [] },
  acl: { type: 'aws_s3_bucket_acl', inline: ['acl', 'grant'] },
  policy: { type: 'aws_s3_bucket_policy', inline: ['policy'] },
  lifecycle: { type: 'aws_s3_bucket_lifecycle_configuration', inline: ['lifecycle_rule'] },
  logging: { type: 'aws_s3_bucket_logging', inline: ['logging'] },
} as const;
export type BucketConfigKind = keyof typeof BUCKET_CONFIGS;
