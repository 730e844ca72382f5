import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import type { Construct } from 'constructs';
import type { PolicyStatement } from './policy-document';

/** Deny every request made without TLS (CIS 3.1.1, FSBP S3.5). */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    sid: 'DenyInsecureTransport',
    effect: 'Deny',
    actions: ['s3:*'],
    resources: [bucketArn, `${bucketArn}/*`],
    principals: [{ type: '*', identifiers: ['*'] }],
    conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
  };
}

/**
 * Actions that delete evidence or weaken how it is kept. Object Lock already refuses deletes of
 * locked versions; this also stops delete markers, bypassing GOVERNANCE retention, and changes to
 * the settings that protect the bucket.
 */
export const TAMPERING_ACTIONS = [
  's3:BypassGovernanceRetention',
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:PutBucketAcl',
  's3:PutBucketLogging',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutObjectRetention',
] as const;

/**
 * Deny tampering to every principal but the break-glass role, whose every use raises an alarm.
 * Changing these settings after the first deploy therefore needs the break-glass role.
 */
export function denyTamperingExceptBreakGlass(bucketArn: string, breakGlassRoleArn: string): PolicyStatement {
  return {
    sid: 'DenyTamperingExceptBreakGlass',
    effect: 'Deny',
    actions: [...TAMPERING_ACTIONS],
    resources: [bucketArn, `${bucketArn}/*`],
    principals: [{ type: '*', identifiers: ['*'] }],
    conditions: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [breakGlassRoleArn] }],
  };
}

/** All four public-access-block flags (CIS 3.1.4, FSBP S3.8) and ACLs disabled (BucketOwnerEnforced). */
export function blockPublicAccessAndAcls(scope: Construct, bucket: string): [S3BucketPublicAccessBlock, S3BucketOwnershipControls] {
  return [
    new S3BucketPublicAccessBlock(scope, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    new S3BucketOwnershipControls(scope, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } }),
  ];
}
