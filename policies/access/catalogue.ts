/**
 * The access matrix's questions: who asks (callers) and what they ask (rows, each one or more requests).
 * Only the questions live here; `matrix.ts` answers them over one environment's Terraform with the policy
 * evaluator, and the tests answer the same questions with an independent evaluator and hold the expected
 * decisions. A row's requests name their resource by its role in the baseline (the trail's bucket, key,
 * ...) and their context keys by value or by a fact of the environment, so either side can build them.
 */

/** A resource of the baseline, found from the trail. */
export type AccessTarget =
  | 'audit-bucket'
  /** A log file CloudTrail writes: `<bucket>/<prefix>AWSLogs/<account>/CloudTrail/<region>/...json.gz`. */
  | 'log-file'
  /** An object of the audit bucket outside `AWSLogs/<account>/`. */
  | 'audit-bucket-elsewhere'
  /** A `verify --prove-worm` canary: an object under the audit bucket's canary prefix (standard/canary.ts). */
  | 'canary'
  | 'access-log-bucket'
  /** A server access log file under the audit bucket's target prefix. */
  | 'access-log-file'
  | 'key'
  | 'trail'
  | 'log-group'
  /** One alarm of the baseline. */
  | 'alarm'
  | 'topic'
  /** The role CloudTrail assumes to deliver to CloudWatch Logs. */
  | 'delivery-role';

/** A fact of the environment or caller a context value refers to. */
export type EnvironmentFact =
  /** `s3.<region>.<dns suffix>`: kms:ViaService of a request S3 makes to KMS for the caller. */
  | 'via-s3'
  | 'via-sns'
  /** The caller's account (kms:CallerAccount). */
  | 'caller-account';

/** A context value: a literal, the ARN of a target, or a fact. */
export type ContextValueSpec = string | { readonly arn: AccessTarget } | { readonly fact: EnvironmentFact };

/** One request of a row. */
export interface AccessStep {
  readonly action: string;
  readonly on: AccessTarget;
  /** Context keys of the request itself (the caller's own keys come from the caller). @default none */
  readonly context?: Readonly<Record<string, ContextValueSpec>>;
}

/** One row of the resource matrix: a question, allowed only if every one of its requests is. */
export interface AccessRow {
  readonly id: string;
  /** What the caller tries to do, in words, with the actions. */
  readonly what: string;
  readonly steps: readonly AccessStep[];
}

/** AWS services as they act for this baseline: each bound by `aws:SourceArn` to a resource of it. */
export type ServiceName = 'cloudtrail' | 's3-logging' | 'logs' | 'cloudwatch';

export type ResourceCallerSpec =
  | { readonly kind: 'service'; readonly service: ServiceName; readonly sourceArn: AccessTarget | 'another-trail' }
  /** A role with `"Action": "*"` in IAM, in this account or another trusted nowhere. */
  | { readonly kind: 'admin'; readonly account: 'this' | 'other' }
  /**
   * Each principal outside the file that the baseline's bucket, key or topic policies name, with `*` in IAM
   * (its IAM policy is not in the file: the resource policies are what bound it). `verifier`: those the audit
   * bucket's policy lets write a verify canary (`principals.verifiers`); `deployer`: every other.
   */
  | { readonly kind: 'named'; readonly role: 'deployer' | 'verifier' }
  /** A session of the human role tagged `auditready:role` with this value, with its own policies and boundary. */
  | { readonly kind: 'human'; readonly role: 'auditor' | 'log-admin' | 'break-glass' }
  | { readonly kind: 'anonymous' };

export interface ResourceCaller {
  /** The column heading; a `named` caller's column is headed by its role (see matrix.ts). */
  readonly label: string;
  readonly spec: ResourceCallerSpec;
}

export const RESOURCE_CALLERS = [
  { label: 'CloudTrail (this trail)', spec: { kind: 'service', service: 'cloudtrail', sourceArn: 'trail' } },
  { label: 'CloudTrail (another trail)', spec: { kind: 'service', service: 'cloudtrail', sourceArn: 'another-trail' } },
  { label: 'S3 server access logging', spec: { kind: 'service', service: 's3-logging', sourceArn: 'audit-bucket' } },
  { label: 'CloudWatch Logs', spec: { kind: 'service', service: 'logs', sourceArn: 'log-group' } },
  { label: 'CloudWatch alarms', spec: { kind: 'service', service: 'cloudwatch', sourceArn: 'alarm' } },
  { label: 'account admin (*)', spec: { kind: 'admin', account: 'this' } },
  { label: 'deployer', spec: { kind: 'named', role: 'deployer' } },
  { label: 'auditor', spec: { kind: 'human', role: 'auditor' } },
  { label: 'log-admin', spec: { kind: 'human', role: 'log-admin' } },
  { label: 'break-glass', spec: { kind: 'human', role: 'break-glass' } },
  { label: 'verifier', spec: { kind: 'named', role: 'verifier' } },
  { label: 'anonymous', spec: { kind: 'anonymous' } },
  { label: 'other account admin (*)', spec: { kind: 'admin', account: 'other' } },
] as const satisfies readonly ResourceCaller[];
export type ResourceCallerLabel = (typeof RESOURCE_CALLERS)[number]['label'];

/** An account trusted nowhere, for the other-account callers. */
export const OTHER_ACCOUNT = '444455556666';

const FULL_CONTROL = { 's3:x-amz-acl': 'bucket-owner-full-control' } as const;
/** An upload's own Object Lock retention (as of 2026-12-01), as S3 sets the keys for s3:PutObject and s3:PutObjectRetention. */
const lock = (mode: 'COMPLIANCE' | 'GOVERNANCE', days: number) => ({
  's3:object-lock-mode': mode,
  's3:object-lock-remaining-retention-days': String(days),
  's3:object-lock-retain-until-date': new Date(Date.UTC(2026, 11, 1 + days)).toISOString(),
});
/** An upload with its own retention is authorized as s3:PutObject and s3:PutObjectRetention, with the same keys. */
const putLocked = (id: string, what: string, on: AccessTarget, context: Record<string, string>): AccessRow => ({
  id,
  what,
  steps: [
    { action: 's3:PutObject', on, context },
    { action: 's3:PutObjectRetention', on, context },
  ],
});
const CALLER_ACCOUNT = { 'kms:CallerAccount': { fact: 'caller-account' } } as const;
const one = (id: string, what: string, action: string, on: AccessTarget, context?: AccessStep['context']): AccessRow => ({
  id,
  what,
  steps: [{ action, on, ...(context ? { context } : {}) }],
});

export const RESOURCE_ROWS: readonly AccessRow[] = [
  // The audit bucket.
  one('write-log', 'write a log file (s3:PutObject under AWSLogs/<account>/)', 's3:PutObject', 'log-file', FULL_CONTROL),
  one('write-elsewhere', 'write an object outside AWSLogs/<account>/', 's3:PutObject', 'audit-bucket-elsewhere', FULL_CONTROL),
  {
    id: 'read-log',
    what: 'read a log file (s3:GetObject and kms:Decrypt through S3)',
    steps: [
      { action: 's3:GetObject', on: 'log-file' },
      // S3 decrypts through KMS as the caller ("How Amazon S3 uses AWS KMS"), with the bucket ARN as encryption context (S3 Bucket Key).
      {
        action: 'kms:Decrypt',
        on: 'key',
        context: { 'kms:ViaService': { fact: 'via-s3' }, ...CALLER_ACCOUNT, 'kms:EncryptionContext:aws:s3:arn': { arn: 'audit-bucket' } },
      },
    ],
  },
  one('restore-log', 'restore an archived log file (s3:RestoreObject)', 's3:RestoreObject', 'log-file'),
  one('delete-version', 'delete a log version (s3:DeleteObjectVersion)', 's3:DeleteObjectVersion', 'log-file'),
  one('delete-marker', 'hide a log file behind a delete marker (s3:DeleteObject)', 's3:DeleteObject', 'log-file'),
  one('shorten-retention', "change a version's retention (s3:PutObjectRetention)", 's3:PutObjectRetention', 'log-file'),
  one('bypass-governance', 'bypass GOVERNANCE retention (s3:BypassGovernanceRetention)', 's3:BypassGovernanceRetention', 'log-file'),
  one('lift-legal-hold', 'lift a legal hold (s3:PutObjectLegalHold)', 's3:PutObjectLegalHold', 'log-file'),
  one('change-lifecycle', 'change the lifecycle (s3:PutLifecycleConfiguration)', 's3:PutLifecycleConfiguration', 'audit-bucket'),
  one('change-policy', 'change the bucket policy (s3:PutBucketPolicy)', 's3:PutBucketPolicy', 'audit-bucket'),
  one('change-encryption', 'change default encryption (s3:PutEncryptionConfiguration)', 's3:PutEncryptionConfiguration', 'audit-bucket'),
  one('change-object-lock', 'change the Object Lock default (s3:PutBucketObjectLockConfiguration)', 's3:PutBucketObjectLockConfiguration', 'audit-bucket'),
  one('change-logging', 'change server access logging (s3:PutBucketLogging)', 's3:PutBucketLogging', 'audit-bucket'),
  one('add-replication', 'replicate the logs elsewhere (s3:PutReplicationConfiguration)', 's3:PutReplicationConfiguration', 'audit-bucket'),
  one('add-inventory', 'export an inventory (s3:PutInventoryConfiguration)', 's3:PutInventoryConfiguration', 'audit-bucket'),
  one('add-notification', 'add event notifications (s3:PutBucketNotification)', 's3:PutBucketNotification', 'audit-bucket'),
  // The verify canary: written by the verifier roles only, locked COMPLIANCE for at most two days.
  putLocked('write-canary', 'write a verify canary locked COMPLIANCE for a day (s3:PutObject, s3:PutObjectRetention)', 'canary', lock('COMPLIANCE', 1)),
  one('write-canary-unlocked', 'write a canary without its own retention (the long bucket default)', 's3:PutObject', 'canary'),
  putLocked('write-canary-governance', 'write a canary locked GOVERNANCE (bypassable)', 'canary', lock('GOVERNANCE', 1)),
  putLocked('write-canary-long', 'write a canary locked COMPLIANCE for 30 days', 'canary', lock('COMPLIANCE', 30)),
  putLocked('write-canary-over-log', "write a canary-locked object over a log file's key", 'log-file', lock('COMPLIANCE', 1)),
  one(
    'set-canary-retention',
    "set a canary's retention to COMPLIANCE for a day (s3:PutObjectRetention; Object Lock refuses shortening)",
    's3:PutObjectRetention',
    'canary',
    lock('COMPLIANCE', 1),
  ),
  one('delete-canary', 'delete a canary version (s3:DeleteObjectVersion)', 's3:DeleteObjectVersion', 'canary'),
  one('hold-canary', 'put a legal hold on a canary, keeping it forever (s3:PutObjectLegalHold)', 's3:PutObjectLegalHold', 'canary'),
  one('bypass-canary', 'bypass governance retention on a canary (s3:BypassGovernanceRetention)', 's3:BypassGovernanceRetention', 'canary'),
  one('write-over-http', 'any request without TLS (s3:GetObject over HTTP)', 's3:GetObject', 'log-file', { 'aws:SecureTransport': 'false' }),
  // The access-log bucket.
  one('write-access-log', 'write an S3 server access log (access-log bucket)', 's3:PutObject', 'access-log-file'),
  one('delete-access-log', 'delete an access-log version (access-log bucket)', 's3:DeleteObjectVersion', 'access-log-file'),
  one('change-access-log-lifecycle', 'change the access-log lifecycle (access-log bucket)', 's3:PutLifecycleConfiguration', 'access-log-bucket'),
  // The audit key.
  one('encrypt-log', 'encrypt a log file (kms:GenerateDataKey, CloudTrail encryption context)', 'kms:GenerateDataKey', 'key', {
    'kms:EncryptionContext:aws:cloudtrail:arn': { arn: 'trail' },
  }),
  one('decrypt-for-bucket-key', 'decrypt with the key directly (kms:Decrypt, not through S3)', 'kms:Decrypt', 'key', CALLER_ACCOUNT),
  one('encrypt-log-group', 'encrypt the log group (kms:GenerateDataKey, log-group encryption context)', 'kms:GenerateDataKey', 'key', {
    'kms:EncryptionContext:aws:logs:arn': { arn: 'log-group' },
  }),
  one('encrypt-alarm', 'encrypt an alarm message (kms:GenerateDataKey, topic encryption context)', 'kms:GenerateDataKey', 'key', {
    'kms:EncryptionContext:aws:sns:topicArn': { arn: 'topic' },
  }),
  one('create-grant', 'create a grant for oneself (kms:CreateGrant)', 'kms:CreateGrant', 'key', { 'kms:GrantIsForAWSResource': 'false', ...CALLER_ACCOUNT }),
  one('create-service-grant', 'create a grant for an AWS service (kms:CreateGrant, kms:GrantIsForAWSResource)', 'kms:CreateGrant', 'key', {
    'kms:GrantIsForAWSResource': 'true',
    ...CALLER_ACCOUNT,
  }),
  one('put-key-policy', 'change the key policy (kms:PutKeyPolicy)', 'kms:PutKeyPolicy', 'key'),
  one('disable-key', 'disable the key (kms:DisableKey)', 'kms:DisableKey', 'key'),
  one('disable-rotation', 'turn key rotation off (kms:DisableKeyRotation)', 'kms:DisableKeyRotation', 'key'),
  one('schedule-deletion', 'schedule key deletion (kms:ScheduleKeyDeletion)', 'kms:ScheduleKeyDeletion', 'key'),
  // The trail, its log group, alarms and topic: no resource policies; IAM and the boundary decide.
  one('stop-logging', 'stop the trail (cloudtrail:StopLogging)', 'cloudtrail:StopLogging', 'trail'),
  one('delete-trail', 'delete the trail (cloudtrail:DeleteTrail)', 'cloudtrail:DeleteTrail', 'trail'),
  one('put-event-selectors', 'change what the trail records (cloudtrail:PutEventSelectors)', 'cloudtrail:PutEventSelectors', 'trail'),
  one('read-log-group', 'read the CloudWatch Logs copy (logs:FilterLogEvents)', 'logs:FilterLogEvents', 'log-group'),
  one('put-metric-filter', 'change a metric filter (logs:PutMetricFilter)', 'logs:PutMetricFilter', 'log-group'),
  one('delete-alarm', 'delete a baseline alarm (cloudwatch:DeleteAlarms)', 'cloudwatch:DeleteAlarms', 'alarm'),
  {
    id: 'publish-alarm',
    what: 'publish to the alarm topic (sns:Publish and kms:GenerateDataKey)',
    // SNS encrypts the message with the topic's key on the publisher's behalf ("Encryption at rest" in the SNS guide).
    steps: [
      { action: 'sns:Publish', on: 'topic' },
      {
        action: 'kms:GenerateDataKey',
        on: 'key',
        context: { 'kms:EncryptionContext:aws:sns:topicArn': { arn: 'topic' }, 'kms:ViaService': { fact: 'via-sns' }, ...CALLER_ACCOUNT },
      },
    ],
  },
  one('delete-topic', 'delete the alarm topic (sns:DeleteTopic)', 'sns:DeleteTopic', 'topic'),
  one('assume-delivery-role', 'assume the CloudWatch Logs delivery role (sts:AssumeRole)', 'sts:AssumeRole', 'delivery-role'),
];

/** How a trusted principal's type is told from its ARN, and how its sessions ask to assume a role. */
export type TrustedType = 'iam-user' | 'mfa-role' | 'sso-role' | 'saml-provider' | 'oidc-provider';

/** Who asks to assume a human role: principals of each type its trust policy names, and principals trusted nowhere. */
export const ASSUME_CALLERS = [
  'IAM user',
  'MFA role',
  'Identity Center role',
  'SAML provider',
  'OIDC provider',
  'same principal, another account',
  'account admin (*)',
  'deployer',
  'auditor session',
] as const;
export type AssumeCaller = (typeof ASSUME_CALLERS)[number];

export const COLUMN_OF_TYPE: Readonly<Record<TrustedType, AssumeCaller>> = {
  'iam-user': 'IAM user',
  'mfa-role': 'MFA role',
  'sso-role': 'Identity Center role',
  'saml-provider': 'SAML provider',
  'oidc-provider': 'OIDC provider',
};

/** How a request to assume a human role varies from a well-formed one. */
export interface AssumeVariant {
  /** Leave out the MFA context keys. */
  readonly noMfa?: boolean;
  /** MFA authenticated this many seconds ago. @default 120 */
  readonly mfaAgeSeconds?: number;
  /** The source identity set, or none. @default the caller's own name */
  readonly sourceIdentity?: string | null;
  /** The ticket tag's value, or no tag. @default a value matching the first allowed pattern */
  readonly ticket?: string | null;
  /** Another tag key set beside the ticket. */
  readonly extraTagKey?: string;
}

/** One row of the assume matrix: a variation of the request to assume a human role. */
export interface AssumeRow {
  readonly id: string;
  readonly what: string;
  /** A few words for a column heading. */
  readonly short: string;
  readonly variant: AssumeVariant;
  /** The callers the variation applies to (an Identity Center session has no MFA to be old). */
  readonly callers: readonly AssumeCaller[];
}

const TRUSTED: readonly AssumeCaller[] = ['IAM user', 'MFA role', 'Identity Center role', 'SAML provider', 'OIDC provider'];

export const ASSUME_ROWS: readonly AssumeRow[] = [
  {
    id: 'well-formed',
    short: 'well-formed',
    what: 'with MFA where the session carries it, its own source identity and the ticket tag',
    variant: {},
    callers: ASSUME_CALLERS,
  },
  { id: 'no-mfa', short: 'no MFA', what: 'without MFA', variant: { noMfa: true }, callers: ['IAM user', 'MFA role'] },
  {
    id: 'old-mfa',
    short: 'MFA over an hour old',
    what: 'with MFA authenticated more than an hour ago',
    variant: { mfaAgeSeconds: 7200 },
    callers: ['IAM user', 'MFA role'],
  },
  { id: 'no-source-identity', short: 'no source identity', what: 'without a source identity', variant: { sourceIdentity: null }, callers: TRUSTED },
  {
    id: 'other-source-identity',
    short: "another's source identity",
    what: "with a source identity that is not the caller's own name",
    variant: { sourceIdentity: 'mallory' },
    callers: ['IAM user', 'MFA role', 'Identity Center role'],
  },
  { id: 'no-ticket', short: 'no ticket tag', what: 'without the ticket tag', variant: { ticket: null }, callers: TRUSTED },
  {
    id: 'wrong-ticket',
    short: 'ticket outside the patterns',
    what: 'with a ticket value outside the allowed patterns',
    variant: { ticket: 'JIRA-1' },
    callers: TRUSTED,
  },
  { id: 'extra-tag', short: 'an extra tag key', what: 'with the ticket tag and one more tag key', variant: { extraTagKey: 'cost-center' }, callers: TRUSTED },
];
