/**
 * Who can do what to an organization's audit baseline, guardrails included: the expected decision of
 * every question of the organization catalogue (policies/access/organization-catalogue.ts holds the
 * questions), and the source of the "Organizations" section of docs/access-matrix.md. This file holds
 * only expectations; organization-matrix.test.ts evaluates each cell with the IAM evaluator against both
 * stacks' synthesized policies, the SCP and the RCP.
 */
import { ORGANIZATION_CALLERS as CATALOGUE_CALLERS, type OrganizationCallerLabel } from '../../policies/access/organization-catalogue';
import type { Decision } from './access-matrix';

/** Who makes a request: the catalogue's callers (test/support/organization-access.ts builds each one independently). */
export const ORGANIZATION_CALLERS: readonly OrganizationCallerLabel[] = CATALOGUE_CALLERS.map((c) => c.label);
export type OrganizationCallerName = OrganizationCallerLabel;

export interface OrganizationRow {
  /** The catalogue row's id (policies/access/organization-catalogue.ts). */
  readonly id: string;
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
  { id: 'write-log', expected: allowedFor('CloudTrail (organization trail)') },
  { id: 'write-account-folder', expected: allowedFor() },
  { id: 'read-log', expected: allowedFor('auditor (log archive)') },
  { id: 'delete-version', expected: allowedFor('break-glass (log archive)') },
  { id: 'delete-bucket', expected: allowedFor('break-glass (log archive)') },
  { id: 'change-policy', expected: allowedFor(...LOG_ARCHIVE_GUARDIANS) },
  { id: 'change-lifecycle', expected: allowedFor(...LOG_ARCHIVE_GUARDIANS) },
  { id: 'change-versioning', expected: allowedFor(...LOG_ARCHIVE_GUARDIANS) },
  { id: 'change-object-lock', expected: allowedFor(...LOG_ARCHIVE_GUARDIANS) },
  {
    // The RCP, not the bucket policy, is what stops this: the policy here is a deployer's rewrite that allows everyone.
    id: 'delete-version-after-rewrite',
    expected: allowedFor('break-glass (log archive)'),
  },
  {
    // A bucket policy and key policy granting another organization's account: Block Public Access allows it (not
    // public); the RCP's data perimeter refuses it.
    id: 'read-log-after-outside-grant',
    expected: only({ 'admin outside the organization (*)': 'deny' }),
  },
  { id: 'write-access-log', expected: allowedFor('S3 server access logging') },
  { id: 'delete-access-log', expected: allowedFor('break-glass (log archive)') },
  // The log archive's key.
  {
    id: 'encrypt-log',
    expected: allowedFor('CloudTrail (organization trail)'),
  },
  { id: 'put-key-policy', expected: allowedFor(...LOG_ARCHIVE_GUARDIANS) },
  { id: 'disable-key', expected: allowedFor() },
  { id: 'schedule-deletion', expected: allowedFor() },
  {
    id: 'schedule-deletion-after-rewrite',
    expected: allowedFor(),
  },
  // The organization trail and its CloudWatch Logs copy, in the management account.
  { id: 'stop-trail', expected: allowedFor(...TRAIL_GUARDIANS) },
  { id: 'put-event-selectors', expected: allowedFor(...TRAIL_GUARDIANS) },
  {
    // CloudTrail lets a delegated administrator in a member account manage organization trails; modelled as a
    // request on the caller's own account, which only the SCP can then refuse.
    id: 'stop-trail-as-delegated-administrator',
    expected: only({ 'member admin (*)': 'deny', 'log-archive admin (*)': 'deny', 'deployer (log archive)': 'deny' }),
  },
  {
    id: 'read-log-group',
    expected: allowedFor('management admin (*)', 'deployer (management)', 'auditor (management)'),
  },
  {
    id: 'read-shared-log-group',
    expected: allowedFor('management admin (*)', 'deployer (management)', 'auditor (management)'),
  },
  { id: 'delete-alarm', expected: allowedFor(...TRAIL_GUARDIANS) },
  // The log archive's roles, which the RCP's exceptions name.
  {
    id: 'take-over-break-glass',
    expected: only({
      'log-archive admin (*)': 'deny',
      'deployer (log archive)': 'allow',
      'auditor (log archive)': 'deny',
      'break-glass (log archive)': 'deny',
    }),
  },
  {
    id: 'leave-organization',
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
