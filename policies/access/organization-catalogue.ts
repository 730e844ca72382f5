/**
 * The organization access matrix's questions: who asks (callers of every account kind, AWS services for the
 * organization trail, principals outside the organization) and what they ask of the log archive's buckets
 * and key, the organization trail and its CloudWatch Logs copy, and the organization itself. Only the
 * questions live here; `organization-matrix.ts` answers them over an organization's two stacks with the
 * policy evaluator and the guardrails (SCPs, RCPs) applied where AWS applies them, and the tests answer the
 * same questions with an independent evaluator.
 */
import type { EnvironmentFact } from './catalogue';

/** A resource an organization question is about, found from the management stack's trail and the log archive's bucket. */
export type OrganizationTarget =
  /** The log archive's audit bucket (the one the organization trail writes to). */
  | 'archive-bucket'
  /** A member account's log file under `AWSLogs/<organization id>/<member>/`. */
  | 'archive-log-file'
  /** An account's own folder, `AWSLogs/<account>/`, beside the organization's. */
  | 'archive-account-folder'
  | 'archive-access-log-bucket'
  | 'archive-access-log-file'
  /** The key the audit bucket encrypts log files with. */
  | 'archive-key'
  /** The log archive's break-glass role. */
  | 'archive-break-glass-role'
  | 'organization-trail'
  | 'trail-log-group'
  /** One alarm of the management stack. */
  | 'alarm'
  /** The organization trail, asked about in the caller's own account (as a CloudTrail delegated administrator). */
  | 'trail-from-caller-account'
  /** The organization, asked about in the caller's own account (`organizations:LeaveOrganization`). */
  | 'organization-from-caller-account';

/** Which stack a target is in. */
export const STACK_OF: Readonly<Record<OrganizationTarget, 'log-archive' | 'management'>> = {
  'archive-bucket': 'log-archive',
  'archive-log-file': 'log-archive',
  'archive-account-folder': 'log-archive',
  'archive-access-log-bucket': 'log-archive',
  'archive-access-log-file': 'log-archive',
  'archive-key': 'log-archive',
  'archive-break-glass-role': 'log-archive',
  'organization-trail': 'management',
  'trail-log-group': 'management',
  alarm: 'management',
  'trail-from-caller-account': 'management',
  'organization-from-caller-account': 'management',
};

/** A context value: a literal, the ARN of a target, or a fact. */
export type OrganizationContextValue = string | { readonly arn: OrganizationTarget } | { readonly fact: EnvironmentFact };

/**
 * A resource policy a question is asked under instead of the file's: what a deployer's rewrite could leave
 * behind. `organization` allows the target's service's every action to every principal of the organization;
 * `outside-account` grants the step's action to an account of another organization (not public, so Block
 * Public Access lets it be written). Only the guardrails can then refuse.
 */
export type PolicyRewrite = 'organization' | 'outside-account';

export interface OrganizationStep {
  readonly action: string;
  readonly on: OrganizationTarget;
  /** Context keys of the request itself. @default none */
  readonly context?: Readonly<Record<string, OrganizationContextValue>>;
  /** @default - the target's own policy */
  readonly rewrite?: PolicyRewrite;
}

export type OrganizationAccount = 'member' | 'log-archive' | 'management' | 'outside';

export type OrganizationCallerSpec =
  | { readonly kind: 'service'; readonly service: 'cloudtrail' | 's3-logging'; readonly source: 'organization-trail' | 'member-trail' | 'archive-bucket' }
  /** A role with `"Action": "*"` in IAM: `member` is an account the SCP is attached to, `outside` one of another organization. */
  | { readonly kind: 'admin'; readonly account: OrganizationAccount }
  /** Each principal outside the stack that its resource policies name, in that stack's account, with `*` in IAM. */
  | { readonly kind: 'named'; readonly account: 'log-archive' | 'management' }
  | { readonly kind: 'human'; readonly role: 'auditor' | 'break-glass'; readonly account: 'log-archive' | 'management' }
  | { readonly kind: 'anonymous' };

export const ORGANIZATION_CALLERS = [
  { label: 'CloudTrail (organization trail)', spec: { kind: 'service', service: 'cloudtrail', source: 'organization-trail' } },
  { label: 'CloudTrail (another trail)', spec: { kind: 'service', service: 'cloudtrail', source: 'member-trail' } },
  { label: 'S3 server access logging', spec: { kind: 'service', service: 's3-logging', source: 'archive-bucket' } },
  { label: 'member admin (*)', spec: { kind: 'admin', account: 'member' } },
  { label: 'log-archive admin (*)', spec: { kind: 'admin', account: 'log-archive' } },
  { label: 'management admin (*)', spec: { kind: 'admin', account: 'management' } },
  { label: 'deployer (log archive)', spec: { kind: 'named', account: 'log-archive' } },
  { label: 'deployer (management)', spec: { kind: 'named', account: 'management' } },
  { label: 'auditor (log archive)', spec: { kind: 'human', role: 'auditor', account: 'log-archive' } },
  { label: 'auditor (management)', spec: { kind: 'human', role: 'auditor', account: 'management' } },
  { label: 'break-glass (log archive)', spec: { kind: 'human', role: 'break-glass', account: 'log-archive' } },
  { label: 'break-glass (management)', spec: { kind: 'human', role: 'break-glass', account: 'management' } },
  { label: 'admin outside the organization (*)', spec: { kind: 'admin', account: 'outside' } },
  { label: 'anonymous', spec: { kind: 'anonymous' } },
] as const satisfies readonly { readonly label: string; readonly spec: OrganizationCallerSpec }[];
export type OrganizationCallerLabel = (typeof ORGANIZATION_CALLERS)[number]['label'];

/** One row: a question, allowed only if every one of its requests is. */
export interface OrganizationRow {
  readonly id: string;
  readonly what: string;
  readonly steps: readonly OrganizationStep[];
  /** The callers the question applies to. @default every caller */
  readonly callers?: readonly OrganizationCallerLabel[];
}

const FULL_CONTROL = { 's3:x-amz-acl': 'bucket-owner-full-control' } as const;
const DECRYPT_THROUGH_S3 = {
  'kms:ViaService': { fact: 'via-s3' },
  'kms:CallerAccount': { fact: 'caller-account' },
  'kms:EncryptionContext:aws:s3:arn': { arn: 'archive-bucket' },
} as const;
const one = (id: string, what: string, action: string, on: OrganizationTarget, more: Omit<OrganizationStep, 'action' | 'on'> = {}): OrganizationRow => ({
  id,
  what,
  steps: [{ action, on, ...more }],
});
/** Callers of the accounts the SCP governs directly: a member's administrator, the log archive's. */
const GOVERNED = ['member admin (*)', 'log-archive admin (*)', 'deployer (log archive)'] as const;

export const ORGANIZATION_ROWS: readonly OrganizationRow[] = [
  // The log archive's buckets.
  one('write-log', 'write a log file under AWSLogs/<organization id>/ (s3:PutObject)', 's3:PutObject', 'archive-log-file', { context: FULL_CONTROL }),
  one('write-account-folder', "write under an account's own AWSLogs/<account>/ folder", 's3:PutObject', 'archive-account-folder', { context: FULL_CONTROL }),
  {
    id: 'read-log',
    what: 'read a log file (s3:GetObject and kms:Decrypt through S3)',
    steps: [
      { action: 's3:GetObject', on: 'archive-log-file' },
      // S3 decrypts through KMS as the caller, with the bucket ARN as encryption context (S3 Bucket Key).
      { action: 'kms:Decrypt', on: 'archive-key', context: DECRYPT_THROUGH_S3 },
    ],
  },
  one('delete-version', 'delete a log version (s3:DeleteObjectVersion)', 's3:DeleteObjectVersion', 'archive-log-file'),
  one('delete-bucket', 'delete the audit bucket (s3:DeleteBucket)', 's3:DeleteBucket', 'archive-bucket'),
  one('change-policy', 'replace the bucket policy (s3:PutBucketPolicy)', 's3:PutBucketPolicy', 'archive-bucket'),
  one('change-lifecycle', 'change the lifecycle (s3:PutLifecycleConfiguration)', 's3:PutLifecycleConfiguration', 'archive-bucket'),
  one('change-versioning', 'suspend versioning (s3:PutBucketVersioning)', 's3:PutBucketVersioning', 'archive-bucket'),
  one('change-object-lock', 'change the Object Lock default (s3:PutBucketObjectLockConfiguration)', 's3:PutBucketObjectLockConfiguration', 'archive-bucket'),
  one(
    'delete-version-after-rewrite',
    'delete a log version under a bucket policy rewritten to allow it to the whole organization',
    's3:DeleteObjectVersion',
    'archive-log-file',
    { rewrite: 'organization' },
  ),
  {
    id: 'read-log-after-outside-grant',
    what: "read a log file under bucket and key policies rewritten to grant another organization's account",
    steps: [
      { action: 's3:GetObject', on: 'archive-log-file', rewrite: 'outside-account' },
      { action: 'kms:Decrypt', on: 'archive-key', context: DECRYPT_THROUGH_S3, rewrite: 'outside-account' },
    ],
    callers: ['admin outside the organization (*)'],
  },
  one('write-access-log', 'write an S3 server access log (access-log bucket)', 's3:PutObject', 'archive-access-log-file'),
  one('delete-access-log', 'delete an access-log version (access-log bucket)', 's3:DeleteObjectVersion', 'archive-access-log-file'),
  // The log archive's key.
  one('encrypt-log', 'encrypt a log file (kms:GenerateDataKey, organization trail encryption context)', 'kms:GenerateDataKey', 'archive-key', {
    context: { 'kms:EncryptionContext:aws:cloudtrail:arn': { arn: 'organization-trail' } },
  }),
  one('put-key-policy', 'change the key policy (kms:PutKeyPolicy)', 'kms:PutKeyPolicy', 'archive-key'),
  one('disable-key', 'disable the key (kms:DisableKey)', 'kms:DisableKey', 'archive-key'),
  one('schedule-deletion', 'schedule key deletion (kms:ScheduleKeyDeletion)', 'kms:ScheduleKeyDeletion', 'archive-key'),
  one(
    'schedule-deletion-after-rewrite',
    'schedule key deletion under a key policy rewritten to allow it to the whole organization',
    'kms:ScheduleKeyDeletion',
    'archive-key',
    { rewrite: 'organization' },
  ),
  // The log archive's roles, which the RCP's exceptions name.
  {
    ...one(
      'take-over-break-glass',
      "rewrite the log archive break-glass role's trust (iam:UpdateAssumeRolePolicy)",
      'iam:UpdateAssumeRolePolicy',
      'archive-break-glass-role',
    ),
    callers: ['log-archive admin (*)', 'deployer (log archive)', 'auditor (log archive)', 'break-glass (log archive)'],
  },
  // The organization trail and its CloudWatch Logs copy, in the management account.
  one('stop-trail', 'stop the organization trail (cloudtrail:StopLogging)', 'cloudtrail:StopLogging', 'organization-trail'),
  one('put-event-selectors', 'change what the trail records (cloudtrail:PutEventSelectors)', 'cloudtrail:PutEventSelectors', 'organization-trail'),
  {
    // CloudTrail lets a delegated administrator in a member account manage organization trails: a request in the
    // caller's own account, which only the SCP can then refuse.
    ...one(
      'stop-trail-as-delegated-administrator',
      'stop the organization trail as a CloudTrail delegated administrator in a member account',
      'cloudtrail:StopLogging',
      'trail-from-caller-account',
    ),
    callers: GOVERNED,
  },
  one('read-log-group', 'read the CloudWatch Logs copy (logs:FilterLogEvents)', 'logs:FilterLogEvents', 'trail-log-group'),
  one(
    'read-shared-log-group',
    'read the CloudWatch Logs copy were it shared with the organization (a resource policy allowing it)',
    'logs:FilterLogEvents',
    'trail-log-group',
    { rewrite: 'organization' },
  ),
  one('delete-alarm', 'delete a baseline alarm (cloudwatch:DeleteAlarms)', 'cloudwatch:DeleteAlarms', 'alarm'),
  {
    ...one(
      'leave-organization',
      'leave the organization (organizations:LeaveOrganization)',
      'organizations:LeaveOrganization',
      'organization-from-caller-account',
    ),
    callers: GOVERNED,
  },
];
