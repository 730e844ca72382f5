import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import type { Construct } from 'constructs';
import { CANARY_MAX_RETENTION_DAYS, CANARY_PREFIX, CANARY_RETENTION_MODE } from '../standard/canary';
import type { PolicyCondition, PolicyStatement } from './policy-document';

/** The roles a log bucket's policy names: who may change its settings, and who may also destroy evidence. */
export interface BucketGuardians {
  /** Roles that run `cdktf deploy`: they may change the bucket's settings, never its objects. */
  readonly deployerRoleArns: readonly string[];
  /** The break-glass role: settings, and in an emergency deleting versions, retention and bypassing governance. */
  readonly breakGlassRoleArn: string;
}

/**
 * One writer a bucket admits, and where: every other principal is denied writes under `keyPrefix`, and
 * every principal, this writer included, is denied writes outside the admitted prefixes. A later writer
 * (a verification canary, say) is admitted by adding another entry with its own prefix.
 */
export interface AdmittedWriter {
  /** Sid of the statement that keeps everyone else out of the prefix. */
  readonly sid: string;
  /** Key prefix the writer writes under, ending in "/". */
  readonly keyPrefix: string;
  /** A condition true for every request that does NOT come from this writer (a negated operator, so absent keys match). */
  readonly unlessFrom: PolicyCondition;
}

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

/** Writes that create object versions: new objects, overwrites (a new current version shadows a log file) and replicas. */
const OBJECT_WRITES = ['s3:PutObject', 's3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'];

/**
 * Nobody writes outside the admitted prefixes, and nobody but the admitted writer writes inside its
 * prefix: no junk that stays locked, no new current version over a log file's key. Negated condition
 * operators match when the key is absent ("IAM JSON policy elements: Condition operators"), so
 * requests without the writer's `aws:SourceArn` (every IAM principal's) are denied.
 */
export function denyWritesExceptAdmitted(bucketArn: string, writers: readonly AdmittedWriter[]): PolicyStatement[] {
  return [
    {
      sid: 'DenyWritesOutsideAdmittedPrefixes',
      effect: 'Deny',
      actions: OBJECT_WRITES,
      notResources: writers.map((w) => `${bucketArn}/${w.keyPrefix}*`),
      principals: [{ type: '*', identifiers: ['*'] }],
    },
    ...writers.map(
      (w): PolicyStatement => ({
        sid: w.sid,
        effect: 'Deny',
        actions: OBJECT_WRITES,
        resources: [`${bucketArn}/${w.keyPrefix}*`],
        principals: [{ type: '*', identifiers: ['*'] }],
        conditions: [w.unlessFrom],
      }),
    ),
  ];
}

/**
 * Actions that destroy evidence or shorten how long it is kept. Object Lock already refuses deletes of
 * locked versions; this also stops delete markers, bypassing GOVERNANCE retention, shortening
 * retention, lifting legal holds, and deleting the bucket.
 */
export const EVIDENCE_DESTRUCTION = [
  's3:BypassGovernanceRetention',
  's3:DeleteBucket',
  's3:DeleteObject',
  's3:DeleteObjectTagging',
  's3:DeleteObjectVersion',
  's3:DeleteObjectVersionTagging',
  's3:PutObjectLegalHold',
  's3:PutObjectRetention',
  's3:PutObjectTagging',
  's3:PutObjectVersionTagging',
];

/**
 * Deny destroying evidence to every principal but break-glass, whose every use raises an alarm; deployers
 * included. `handledElsewhere` leaves actions out that other statements deny more finely.
 */
export function denyEvidenceDestruction(bucketArn: string, guardians: BucketGuardians, handledElsewhere: readonly string[] = []): PolicyStatement {
  return {
    sid: 'DenyDestroyingEvidenceExceptBreakGlass',
    effect: 'Deny',
    actions: EVIDENCE_DESTRUCTION.filter((a) => !handledElsewhere.includes(a)),
    resources: [bucketArn, `${bucketArn}/*`],
    principals: [{ type: '*', identifiers: ['*'] }],
    conditions: [notBreakGlass(guardians)],
  };
}

const notBreakGlass = (guardians: BucketGuardians): PolicyCondition => ({
  test: 'ArnNotEquals',
  variable: 'aws:PrincipalArn',
  values: [guardians.breakGlassRoleArn],
});

/**
 * The `verify --prove-worm` canary: the verifier roles may write under CANARY_PREFIX, only objects they lock
 * themselves in COMPLIANCE mode for at most CANARY_MAX_RETENTION_DAYS, and set such retention there (S3
 * authorizes an upload that carries its own retention as s3:PutObjectRetention too). Everything else stays
 * as denyEvidenceDestruction has it: nobody but break-glass deletes a canary, bypasses governance or changes
 * retention anywhere else; and denyWritesExceptAdmitted keeps every other principal out of the prefix.
 * A shorter COMPLIANCE retention is refused by Object Lock itself, which is what the proof shows.
 */
export function admitCanary(
  bucketArn: string,
  guardians: BucketGuardians,
  verifierRoleArns: readonly string[],
): { writer: AdmittedWriter; statements: PolicyStatement[] } {
  const canary = `${bucketArn}/${CANARY_PREFIX}*`;
  const everyone = [{ type: '*' as const, identifiers: ['*'] }];
  const retention = 's3:PutObjectRetention';
  return {
    writer: {
      sid: 'DenyCanaryWritesExceptVerifiers',
      keyPrefix: CANARY_PREFIX,
      unlessFrom: { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: verifierRoleArns },
    },
    statements: [
      denyEvidenceDestruction(bucketArn, guardians, [retention]),
      {
        sid: 'DenyRetentionChangesOutsideCanaryExceptBreakGlass',
        effect: 'Deny',
        actions: [retention],
        notResources: [canary],
        principals: everyone,
        conditions: [notBreakGlass(guardians)],
      },
      {
        sid: 'DenyCanaryRetentionExceptVerifiersAndBreakGlass',
        effect: 'Deny',
        actions: [retention],
        resources: [canary],
        principals: everyone,
        conditions: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [guardians.breakGlassRoleArn, ...verifierRoleArns] }],
      },
      {
        // Negated operator: an upload without a retention mode (which would take the bucket's long default) is denied too.
        sid: 'DenyCanaryUnlessCompliance',
        effect: 'Deny',
        actions: ['s3:PutObject', retention],
        resources: [canary],
        principals: everyone,
        conditions: [{ test: 'StringNotEquals', variable: 's3:object-lock-mode', values: [CANARY_RETENTION_MODE] }],
      },
      {
        sid: 'DenyLongCanaryRetention',
        effect: 'Deny',
        actions: ['s3:PutObject', retention],
        resources: [canary],
        principals: everyone,
        conditions: [{ test: 'NumericGreaterThan', variable: 's3:object-lock-remaining-retention-days', values: [String(CANARY_MAX_RETENTION_DAYS)] }],
      },
    ],
  };
}

/**
 * Bucket settings: what protects the bucket (policy, versioning, Object Lock, encryption, public access,
 * ACLs, lifecycle, logging) and what could copy or announce its content elsewhere (replication,
 * inventory, notifications, analytics and metrics exports, website, CORS, acceleration, tags).
 * Deleting a configuration needs the same action as putting it (Amazon S3 "Actions, resources, and
 * condition keys").
 */
export const BUCKET_SETTINGS = [
  's3:DeleteBucketPolicy',
  's3:DeleteBucketWebsite',
  's3:PutAccelerateConfiguration',
  's3:PutAnalyticsConfiguration',
  's3:PutBucketAcl',
  's3:PutBucketCORS',
  's3:PutBucketLogging',
  's3:PutBucketNotification',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketRequestPayment',
  's3:PutBucketTagging',
  's3:PutBucketVersioning',
  's3:PutBucketWebsite',
  's3:PutEncryptionConfiguration',
  's3:PutIntelligentTieringConfiguration',
  's3:PutInventoryConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutMetricsConfiguration',
  's3:PutReplicationConfiguration',
];

/**
 * Deny settings changes to every principal but the deployers (so `cdktf deploy` can apply its next
 * change) and break-glass. A deployer could still replace this policy: Object Lock, not the policy,
 * is what no one can undo, and every policy change raises an alarm.
 */
export function denySettingsChanges(bucketArn: string, guardians: BucketGuardians): PolicyStatement {
  return {
    sid: 'DenySettingsChangesExceptDeployersAndBreakGlass',
    effect: 'Deny',
    actions: BUCKET_SETTINGS,
    resources: [bucketArn],
    principals: [{ type: '*', identifiers: ['*'] }],
    conditions: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...guardians.deployerRoleArns, guardians.breakGlassRoleArn] }],
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
