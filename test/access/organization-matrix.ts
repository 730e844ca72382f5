/**
 * Who can do what to an organization's audit baseline, guardrails included: the expected decision of
 * every request in the organization access-matrix test, and the source of the "Organizations" section
 * of docs/access-matrix.md. This file holds only expectations; organization-matrix.test.ts evaluates
 * each cell with the IAM evaluator against both stacks' synthesized policies, the SCP and the RCP.
 */
import type { Decision } from './access-matrix';

/** Who makes a request (test/support/organization-access.ts builds each caller). */
export const ORGANIZATION_CALLERS = [
  'CloudTrail (organization trail)',
  'CloudTrail (another trail)',
  'S3 server access logging',
  'member admin (*)',
  'log-archive admin (*)',
  'management admin (*)',
  'deployer (log archive)',
  'deployer (management)',
  'auditor (log archive)',
  'auditor (management)',
  'break-glass (log archive)',
  'break-glass (management)',
  'admin outside the organization (*)',
  'anonymous',
] as const;
export type OrganizationCallerName = (typeof ORGANIZATION_CALLERS)[number];

export interface OrganizationRow {
  readonly id: string;
  readonly what: string;
  /** Callers for which the request does not apply are left out. */
  readonly expected: Readonly<Partial<Record<OrganizationCallerName, Decision>>>;
}

/** Allowed for exactly these callers, denied for every other. */
function allowedFor(...callers: OrganizationCallerName[]): Record<OrganizationCallerName, Decision> {
  return Object.fromEntries(ORGANIZATION_CALLERS.map((c) => [c, callers.includes(c) ? 'allow' : 'deny'])) as Record<OrganizationCallerName, Decision>;
}

/** Only these callers, with these decisions. */
const only = (decisions: Partial<Record<OrganizationCallerName, Decision>>) => decisions;

const LOG_ARCHIVE_GUARDIANS = ['deployer (log archive)', 'break-glass (log archive)'] as const;
const TRAIL_GUARDIANS = ['management admin (*)', 'deployer (management)', 'break-glass (management)'] as const;

export const ORGANIZATION_MATRIX: readonly OrganizationRow[] = [
  // The log archive's buckets.
  { id: 'write-log', what: 'write a log file under AWSLogs/<organization id>/ (s3:PutObject)', expected: allowedFor('CloudTrail (organization trail)') },
  { id: 'write-account-folder', what: "write under an account's own AWSLogs/<account>/ folder", expected: allowedFor() },
  { id: 'read-log', what: 'read a log file (s3:GetObject and kms:Decrypt through S3)', expected: allowedFor('auditor (log archive)') },
  { id: 'delete-version', what: 'delete a log version (s3:DeleteObjectVersion)', expected: allowedFor('break-glass (log archive)') },
  { id: 'delete-bucket', what: 'delete the audit bucket (s3:DeleteBucket)', expected: allowedFor('break-glass (log archive)') },
  { id: 'change-policy', what: 'replace the bucket policy (s3:PutBucketPolicy)', expected: allowedFor(...LOG_ARCHIVE_GUARDIANS) },
  { id: 'change-lifecycle', what: 'change the lifecycle (s3:PutLifecycleConfiguration)', expected: allowedFor(...LOG_ARCHIVE_GUARDIANS) },
  { id: 'change-versioning', what: 'suspend versioning (s3:PutBucketVersioning)', expected: allowedFor(...LOG_ARCHIVE_GUARDIANS) },
  { id: 'change-object-lock', what: 'change the Object Lock default (s3:PutBucketObjectLockConfiguration)', expected: allowedFor(...LOG_ARCHIVE_GUARDIANS) },
  {
    // The RCP, not the bucket policy, is what stops this: the policy here is a deployer's rewrite that allows everyone.
    id: 'delete-version-after-rewrite',
    what: 'delete a log version under a bucket policy rewritten to allow it to the whole organization',
    expected: allowedFor('break-glass (log archive)'),
  },
  {
    // A bucket policy and key policy granting another organization's account: Block Public Access allows it (not
    // public); the RCP's data perimeter refuses it.
    id: 'read-log-after-outside-grant',
    what: "read a log file under bucket and key policies rewritten to grant another organization's account",
    expected: only({ 'admin outside the organization (*)': 'deny' }),
  },
  { id: 'write-access-log', what: 'write an S3 server access log (access-log bucket)', expected: allowedFor('S3 server access logging') },
  { id: 'delete-access-log', what: 'delete an access-log version (access-log bucket)', expected: allowedFor('break-glass (log archive)') },
  // The log archive's key.
  {
    id: 'encrypt-log',
    what: 'encrypt a log file (kms:GenerateDataKey, organization trail encryption context)',
    expected: allowedFor('CloudTrail (organization trail)'),
  },
  { id: 'put-key-policy', what: 'change the key policy (kms:PutKeyPolicy)', expected: allowedFor(...LOG_ARCHIVE_GUARDIANS) },
  { id: 'disable-key', what: 'disable the key (kms:DisableKey)', expected: allowedFor() },
  { id: 'schedule-deletion', what: 'schedule key deletion (kms:ScheduleKeyDeletion)', expected: allowedFor() },
  {
    id: 'schedule-deletion-after-rewrite',
    what: 'schedule key deletion under a key policy rewritten to allow it to the whole organization',
    expected: allowedFor(),
  },
  // The organization trail and its CloudWatch Logs copy, in the management account.
  { id: 'stop-trail', what: 'stop the organization trail (cloudtrail:StopLogging)', expected: allowedFor(...TRAIL_GUARDIANS) },
  { id: 'put-event-selectors', what: 'change what the trail records (cloudtrail:PutEventSelectors)', expected: allowedFor(...TRAIL_GUARDIANS) },
  {
    // CloudTrail lets a delegated administrator in a member account manage organization trails; modelled as a
    // request on the caller's own account, which only the SCP can then refuse.
    id: 'stop-trail-as-delegated-administrator',
    what: 'stop the organization trail as a CloudTrail delegated administrator in a member account',
    expected: only({ 'member admin (*)': 'deny', 'log-archive admin (*)': 'deny', 'deployer (log archive)': 'deny' }),
  },
  {
    id: 'read-log-group',
    what: 'read the CloudWatch Logs copy (logs:FilterLogEvents)',
    expected: allowedFor('management admin (*)', 'deployer (management)', 'auditor (management)'),
  },
  {
    id: 'read-shared-log-group',
    what: 'read the CloudWatch Logs copy were it shared with the organization (a resource policy allowing it)',
    expected: allowedFor('management admin (*)', 'deployer (management)', 'auditor (management)'),
  },
  { id: 'delete-alarm', what: 'delete a baseline alarm (cloudwatch:DeleteAlarms)', expected: allowedFor(...TRAIL_GUARDIANS) },
  // The log archive's roles, which the RCP's exceptions name.
  {
    id: 'take-over-break-glass',
    what: "rewrite the log archive break-glass role's trust (iam:UpdateAssumeRolePolicy)",
    expected: only({
      'log-archive admin (*)': 'deny',
      'deployer (log archive)': 'allow',
      'auditor (log archive)': 'deny',
      'break-glass (log archive)': 'deny',
    }),
  },
  {
    id: 'leave-organization',
    what: 'leave the organization (organizations:LeaveOrganization)',
    expected: only({ 'member admin (*)': 'deny', 'log-archive admin (*)': 'deny', 'deployer (log archive)': 'deny' }),
  },
];

/** Who asks to assume a role of the organization: each principal the config names for it, and administrators trusted nowhere. */
export const ORGANIZATION_ASSUME_CALLERS = ['configured principals', 'member admin (*)', 'log-archive admin (*)', 'management admin (*)'] as const;
export type OrganizationAssumeCaller = (typeof ORGANIZATION_ASSUME_CALLERS)[number];

/** The human roles of both accounts. */
export const ORGANIZATION_ROLES = [
  'auditor (log archive)',
  'break-glass (log archive)',
  'auditor (management)',
  'log-admin (management)',
  'break-glass (management)',
] as const;

/**
 * Who may assume each role, with MFA where the session carries it, a source identity and the ticket tag:
 * the principals the config names (auditors from the audit account), and no administrator of any
 * account, the role's own included.
 */
export const ORGANIZATION_ASSUME_MATRIX: readonly {
  readonly role: (typeof ORGANIZATION_ROLES)[number];
  readonly expected: Readonly<Record<OrganizationAssumeCaller, Decision>>;
}[] = ORGANIZATION_ROLES.map((role) => ({
  role,
  expected: { 'configured principals': 'allow', 'member admin (*)': 'deny', 'log-archive admin (*)': 'deny', 'management admin (*)': 'deny' },
}));
