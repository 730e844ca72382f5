/**
 * The part of a synthesized stack the end-to-end test can apply to the Ceph S3 server: the buckets and
 * their settings, and the trail (against the CloudTrail stand-in), with everything the server does not
 * implement left out and every reference to a left-out resource replaced by the literal AWS would return.
 * What is left out, and why, is in LEFT_OUT; the test names say so too.
 */
import type { S3ServerConnection } from '../../testkit/s3-server';

type Json = Record<string, any>;

/** Resource types applied to the S3 server (and the trail to the CloudTrail stand-in). */
const APPLIED = new Set([
  'aws_s3_bucket',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_object_lock_configuration',
  'aws_s3_bucket_policy',
  'aws_cloudtrail',
]);

/** What the server lacks, by resource type. Every other type is not S3 (KMS, IAM, CloudWatch, SNS): the server has none of it. */
export const LEFT_OUT: Readonly<Record<string, string>> = {
  aws_s3_bucket_ownership_controls: 'Ceph answers PutBucketOwnershipControls with 400 InvalidArgument',
  aws_s3_bucket_logging: 'Ceph answers PutBucketLogging with 405',
};

/**
 * The access-log bucket's lifecycle is left out too: the provider waits about 55 s for Ceph to echo a
 * lifecycle, and without logging (above) no rule treats that bucket as an access-log bucket anyway.
 */
export const LEFT_OUT_ADDRESSES = ['aws_s3_bucket_lifecycle_configuration.access-log-bucket_lifecycle'];

/** Ceph refuses every PutObject while a bucket blocks public ACLs (Ceph tracker 49135): the canary could not be written. */
export const LEFT_OUT_SETTING = 'block_public_acls of the audit bucket';

/**
 * Left out of the bucket policies, since Ceph refuses a whole policy that holds them: statements with AWS
 * service principals ("RGW does not support principals of type `Service`") and actions its parser does not know.
 */
const ACTIONS_CEPH_REFUSES = [
  's3:ReplicateDelete',
  's3:ReplicateObject',
  's3:ReplicateTags',
  's3:PutAnalyticsConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutEncryptionConfiguration',
  's3:PutIntelligentTieringConfiguration',
  's3:PutInventoryConfiguration',
  's3:PutMetricsConfiguration',
];
export const LEFT_OUT_STATEMENTS = `the bucket-policy statements for AWS service principals and the actions ${ACTIONS_CEPH_REFUSES.join(', ')}`;

/** The static KMS key the Ceph harness configures for SSE-KMS. */
export const CEPH_KMS_KEY = 'testkey-1';

export function s3PartStack(config: Json, connection: S3ServerConnection, cloudTrailEndpoint: string): Json {
  const tf = structuredClone(config) as Json;
  const provider = tf.provider.aws[0];
  const region = provider.region as string;
  const account = (provider.allowed_account_ids as string[])[0] as string;
  const logGroup = Object.values(tf.resource.aws_cloudwatch_log_group as Json)[0].name as string;
  const deliveryRole = tf.resource.aws_iam_role['trail_delivery-role'].name as string;
  const literals: Record<string, string> = {
    '${aws_kms_key.audit-key_key.arn}': CEPH_KMS_KEY,
    '${aws_cloudwatch_log_group.trail_log-group.arn}': `arn:aws:logs:${region}:${account}:log-group:${logGroup}`,
    '${aws_iam_role.trail_delivery-role.arn}': `arn:aws:iam::${account}:role/${deliveryRole}`,
  };
  const resources: Json = {};
  for (const [type, byName] of Object.entries(tf.resource as Json)) {
    if (!APPLIED.has(type)) continue;
    resources[type] = Object.fromEntries(Object.entries(byName as Json).filter(([name]) => !LEFT_OUT_ADDRESSES.includes(`${type}.${name}`)));
  }
  const kept = new Set(Object.entries(resources).flatMap(([type, byName]) => Object.keys(byName as Json).map((n) => `${type}.${n}`)));
  const literalize = (v: unknown): unknown => {
    if (typeof v === 'string') return Object.entries(literals).reduce((s, [ref, lit]) => s.split(ref).join(lit), v);
    if (Array.isArray(v)) return v.map(literalize);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, literalize(x)]));
    return v;
  };
  // The trail takes the key's ARN (the provider checks its form); S3 default encryption takes the server's key id.
  for (const trail of Object.values(resources.aws_cloudtrail as Json) as Json[]) trail.kms_key_id = `arn:aws:kms:${region}:${account}:key/${CEPH_KMS_KEY}`;
  for (const byName of Object.values(resources)) {
    for (const [name, body] of Object.entries(byName as Json)) {
      const b = literalize(body) as Json;
      if (b.depends_on) b.depends_on = (b.depends_on as string[]).filter((d) => kept.has(d));
      (byName as Json)[name] = b;
    }
  }
  // Ceph keeps lifecycle rules only with a non-empty prefix filter, returns them sorted by id, and never
  // echoes the minimum-object-size header (shared/s3-server/README.md): without these the provider waits forever.
  for (const lifecycle of Object.values(resources.aws_s3_bucket_lifecycle_configuration as Json) as Json[]) {
    lifecycle.transition_default_minimum_object_size = '';
    for (const rule of lifecycle.rule as Json[]) rule.filter = [{ prefix: 'AWSLogs/' }];
    (lifecycle.rule as Json[]).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  }
  resources.aws_s3_bucket_public_access_block['audit-bucket_public-access-block'].block_public_acls = false;
  const policies = Object.values(resources.aws_s3_bucket_policy as Json).map(
    (p) => /data\.aws_iam_policy_document\.([\w-]+)\.json/.exec((p as Json).policy)?.[1],
  );
  const withoutServicePrincipals = (doc: Json): Json => ({
    ...doc,
    statement: (doc.statement as Json[])
      .filter((st) => !(st.principals as Json[] | undefined)?.some((p) => p.type === 'Service'))
      .map((st) => ({ ...st, actions: (st.actions as string[]).filter((a) => !ACTIONS_CEPH_REFUSES.includes(a)) })),
  });
  tf.data = { aws_iam_policy_document: Object.fromEntries(policies.map((n) => [n, withoutServicePrincipals(tf.data.aws_iam_policy_document[n as string])])) };
  tf.resource = resources;
  tf.terraform.backend = { local: { path: 'terraform.tfstate' } };
  tf.provider.aws = [
    {
      region,
      default_tags: provider.default_tags,
      access_key: connection.accessKeyId,
      secret_key: connection.secretAccessKey,
      s3_use_path_style: true,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
      endpoints: [{ s3: connection.endpoint, cloudtrail: cloudTrailEndpoint }],
    },
  ];
  return tf;
}
