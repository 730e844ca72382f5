/**
 * Who can do what to the audit baseline: the expected decision of every request in the access-matrix
 * test, and the source of docs/access-matrix.md. The test evaluates each cell with an independent IAM
 * evaluator against the synthesized policies of every environment; this file holds only expectations.
 */

export type Decision = 'allow' | 'deny';

/** Who makes a resource request (test/support/environment-access.ts builds each caller). */
export const RESOURCE_CALLERS = [
  'CloudTrail (this trail)',
  'CloudTrail (another trail)',
  'S3 server access logging',
  'CloudWatch Logs',
  'CloudWatch alarms',
  'account admin (*)',
  'deployer',
  'auditor',
  'log-admin',
  'break-glass',
  'verifier',
  'anonymous',
  'other account admin (*)',
] as const;
export type ResourceCaller = (typeof RESOURCE_CALLERS)[number];

/** Who asks to assume a human role: trusted principals by type, and principals trusted nowhere. */
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

export interface ResourceRow {
  readonly id: string;
  readonly what: string;
  readonly expected: Readonly<Record<ResourceCaller, Decision>>;
  /**
   * In an environment that names no principals.verifiers (dev), where a role holding verify's IAM policy
   * (with the --prove-worm grant) must gain nothing from it. @default expected
   */
  readonly withoutVerifiers?: Readonly<Record<ResourceCaller, Decision>>;
}

export interface AssumeRow {
  readonly id: string;
  readonly what: string;
  /** Callers for which the variant does not apply (an Identity Center session has no MFA to be old) are left out. */
  readonly expected: Readonly<Partial<Record<AssumeCaller, Decision>>>;
}

/** Allowed for exactly these callers, denied for every other. */
function allowedFor(...callers: ResourceCaller[]): Record<ResourceCaller, Decision> {
  return Object.fromEntries(RESOURCE_CALLERS.map((c) => [c, callers.includes(c) ? 'allow' : 'deny'])) as Record<ResourceCaller, Decision>;
}

const TRUSTED_TYPES = ['IAM user', 'MFA role', 'Identity Center role', 'SAML provider', 'OIDC provider'] as const;
const all = (types: readonly AssumeCaller[], d: Decision) => Object.fromEntries(types.map((t) => [t, d])) as Partial<Record<AssumeCaller, Decision>>;

export const RESOURCE_MATRIX: readonly ResourceRow[] = [
  // The audit bucket.
  { id: 'write-log', what: 'write a log file (s3:PutObject under AWSLogs/<account>/)', expected: allowedFor('CloudTrail (this trail)') },
  { id: 'write-elsewhere', what: 'write an object outside AWSLogs/<account>/', expected: allowedFor() },
  {
    id: 'read-log',
    what: 'read a log file (s3:GetObject and kms:Decrypt through S3)',
    // Verifiers read logs for validate-logs in the scheduled workflow.
    expected: allowedFor('auditor', 'verifier'),
    withoutVerifiers: allowedFor('auditor'),
  },
  {
    id: 'restore-log',
    what: 'restore an archived log file (s3:RestoreObject)',
    expected: allowedFor('account admin (*)', 'deployer', 'auditor', 'break-glass'),
  },
  { id: 'delete-version', what: 'delete a log version (s3:DeleteObjectVersion)', expected: allowedFor('break-glass') },
  { id: 'delete-marker', what: 'hide a log file behind a delete marker (s3:DeleteObject)', expected: allowedFor('break-glass') },
  { id: 'shorten-retention', what: "change a version's retention (s3:PutObjectRetention)", expected: allowedFor('break-glass') },
  { id: 'bypass-governance', what: 'bypass GOVERNANCE retention (s3:BypassGovernanceRetention)', expected: allowedFor('break-glass') },
  { id: 'lift-legal-hold', what: 'lift a legal hold (s3:PutObjectLegalHold)', expected: allowedFor('break-glass') },
  { id: 'change-lifecycle', what: 'change the lifecycle (s3:PutLifecycleConfiguration)', expected: allowedFor('deployer', 'break-glass') },
  { id: 'change-policy', what: 'change the bucket policy (s3:PutBucketPolicy)', expected: allowedFor('deployer', 'break-glass') },
  { id: 'change-encryption', what: 'change default encryption (s3:PutEncryptionConfiguration)', expected: allowedFor('deployer', 'break-glass') },
  { id: 'change-object-lock', what: 'change the Object Lock default (s3:PutBucketObjectLockConfiguration)', expected: allowedFor('deployer', 'break-glass') },
  { id: 'change-logging', what: 'change server access logging (s3:PutBucketLogging)', expected: allowedFor('deployer', 'break-glass') },
  { id: 'add-replication', what: 'replicate the logs elsewhere (s3:PutReplicationConfiguration)', expected: allowedFor('deployer', 'break-glass') },
  { id: 'add-inventory', what: 'export an inventory (s3:PutInventoryConfiguration)', expected: allowedFor('deployer', 'break-glass') },
  { id: 'add-notification', what: 'add event notifications (s3:PutBucketNotification)', expected: allowedFor('deployer', 'break-glass') },
  // The verify canary (auditready-verify-canary/): written by the verifier roles only, locked COMPLIANCE for at most two days.
  {
    id: 'write-canary',
    what: 'write a verify canary locked COMPLIANCE for a day (s3:PutObject, s3:PutObjectRetention)',
    expected: allowedFor('verifier'),
    withoutVerifiers: allowedFor(),
  },
  { id: 'write-canary-unlocked', what: 'write a canary without its own retention (the long bucket default)', expected: allowedFor() },
  { id: 'write-canary-governance', what: 'write a canary locked GOVERNANCE (bypassable)', expected: allowedFor() },
  { id: 'write-canary-long', what: 'write a canary locked COMPLIANCE for 30 days', expected: allowedFor() },
  { id: 'write-canary-over-log', what: "write a canary-locked object over a log file's key", expected: allowedFor() },
  {
    id: 'set-canary-retention',
    what: "set a canary's retention to COMPLIANCE for a day (s3:PutObjectRetention; Object Lock refuses shortening)",
    expected: allowedFor('verifier', 'break-glass'),
    withoutVerifiers: allowedFor('break-glass'),
  },
  { id: 'delete-canary', what: 'delete a canary version (s3:DeleteObjectVersion)', expected: allowedFor('break-glass') },
  { id: 'hold-canary', what: 'put a legal hold on a canary, keeping it forever (s3:PutObjectLegalHold)', expected: allowedFor('break-glass') },
  { id: 'bypass-canary', what: 'bypass governance retention on a canary (s3:BypassGovernanceRetention)', expected: allowedFor('break-glass') },
  { id: 'write-over-http', what: 'any request without TLS (s3:GetObject over HTTP)', expected: allowedFor() },
  // The access-log bucket.
  { id: 'write-access-log', what: 'write an S3 server access log (access-log bucket)', expected: allowedFor('S3 server access logging') },
  { id: 'delete-access-log', what: 'delete an access-log version (access-log bucket)', expected: allowedFor('break-glass') },
  { id: 'change-access-log-lifecycle', what: 'change the access-log lifecycle (access-log bucket)', expected: allowedFor('deployer', 'break-glass') },
  // The audit key.
  { id: 'encrypt-log', what: 'encrypt a log file (kms:GenerateDataKey, CloudTrail encryption context)', expected: allowedFor('CloudTrail (this trail)') },
  { id: 'decrypt-for-bucket-key', what: 'decrypt with the key directly (kms:Decrypt, not through S3)', expected: allowedFor('CloudTrail (this trail)') },
  { id: 'encrypt-log-group', what: 'encrypt the log group (kms:GenerateDataKey, log-group encryption context)', expected: allowedFor('CloudWatch Logs') },
  { id: 'encrypt-alarm', what: 'encrypt an alarm message (kms:GenerateDataKey, topic encryption context)', expected: allowedFor('CloudWatch alarms') },
  { id: 'create-grant', what: 'create a grant for oneself (kms:CreateGrant)', expected: allowedFor() },
  { id: 'create-service-grant', what: 'create a grant for an AWS service (kms:CreateGrant, kms:GrantIsForAWSResource)', expected: allowedFor('break-glass') },
  { id: 'put-key-policy', what: 'change the key policy (kms:PutKeyPolicy)', expected: allowedFor('deployer', 'break-glass') },
  { id: 'disable-key', what: 'disable the key (kms:DisableKey)', expected: allowedFor() },
  { id: 'disable-rotation', what: 'turn key rotation off (kms:DisableKeyRotation)', expected: allowedFor() },
  { id: 'schedule-deletion', what: 'schedule key deletion (kms:ScheduleKeyDeletion)', expected: allowedFor() },
  // The trail, its log group, alarms and topic: no resource policies; IAM and the boundary decide.
  { id: 'stop-logging', what: 'stop the trail (cloudtrail:StopLogging)', expected: allowedFor('account admin (*)', 'deployer', 'break-glass') },
  { id: 'delete-trail', what: 'delete the trail (cloudtrail:DeleteTrail)', expected: allowedFor('account admin (*)', 'deployer', 'break-glass') },
  {
    id: 'put-event-selectors',
    what: 'change what the trail records (cloudtrail:PutEventSelectors)',
    expected: allowedFor('account admin (*)', 'deployer', 'break-glass'),
  },
  { id: 'read-log-group', what: 'read the CloudWatch Logs copy (logs:FilterLogEvents)', expected: allowedFor('account admin (*)', 'deployer', 'auditor') },
  { id: 'put-metric-filter', what: 'change a metric filter (logs:PutMetricFilter)', expected: allowedFor('account admin (*)', 'deployer', 'break-glass') },
  { id: 'delete-alarm', what: 'delete a baseline alarm (cloudwatch:DeleteAlarms)', expected: allowedFor('account admin (*)', 'deployer', 'break-glass') },
  // Publishing to the encrypted topic also needs the key: only CloudWatch alarms have it.
  { id: 'publish-alarm', what: 'publish to the alarm topic (sns:Publish and kms:GenerateDataKey)', expected: allowedFor('CloudWatch alarms') },
  { id: 'delete-topic', what: 'delete the alarm topic (sns:DeleteTopic)', expected: allowedFor('account admin (*)', 'deployer', 'break-glass') },
  { id: 'assume-delivery-role', what: 'assume the CloudWatch Logs delivery role (sts:AssumeRole)', expected: allowedFor('CloudTrail (this trail)') },
];

export const ASSUME_MATRIX: readonly AssumeRow[] = [
  {
    id: 'well-formed',
    what: 'with MFA where the session carries it, its own source identity and the ticket tag',
    expected: { ...all(TRUSTED_TYPES, 'allow'), ...all(['same principal, another account', 'account admin (*)', 'deployer', 'auditor session'], 'deny') },
  },
  { id: 'no-mfa', what: 'without MFA', expected: all(['IAM user', 'MFA role'], 'deny') },
  { id: 'old-mfa', what: 'with MFA authenticated more than an hour ago', expected: all(['IAM user', 'MFA role'], 'deny') },
  { id: 'no-source-identity', what: 'without a source identity', expected: all(TRUSTED_TYPES, 'deny') },
  {
    // Only an IAM user's name is known to IAM at AssumeRole; role and Identity Center sessions name themselves.
    id: 'other-source-identity',
    what: "with a source identity that is not the caller's own name",
    expected: { 'IAM user': 'deny', 'MFA role': 'allow', 'Identity Center role': 'allow' },
  },
  { id: 'no-ticket', what: 'without the ticket tag', expected: all(TRUSTED_TYPES, 'deny') },
  { id: 'wrong-ticket', what: 'with a ticket value outside the allowed patterns', expected: all(TRUSTED_TYPES, 'deny') },
  { id: 'extra-tag', what: 'with the ticket tag and one more tag key', expected: all(TRUSTED_TYPES, 'deny') },
];
