/**
 * Who can do what to the audit baseline: the expected decision of every question of the access matrix
 * (policies/access/catalogue.ts holds the questions), and the source of docs/access-matrix.md. The test
 * evaluates each cell with an independent IAM evaluator against the synthesized policies of every
 * environment, and checks that auditready's own evaluator agrees; this file holds only expectations.
 */
import { ASSUME_CALLERS, type AssumeCaller, RESOURCE_CALLERS, type ResourceCallerLabel } from '../../policies/access/catalogue';

export type Decision = 'allow' | 'deny';
export type ResourceCaller = ResourceCallerLabel;
export type { AssumeCaller };

export interface ResourceRow {
  /** The catalogue row's id. */
  readonly id: string;
  readonly expected: Readonly<Record<ResourceCaller, Decision>>;
  /**
   * In an environment that names no principals.verifiers (dev), where a role holding verify's IAM policy
   * (with the --prove-worm grant) must gain nothing from it. @default expected
   */
  readonly withoutVerifiers?: Readonly<Record<ResourceCaller, Decision>>;
}

export interface AssumeRow {
  readonly id: string;
  /** Callers for which the variant does not apply (an Identity Center session has no MFA to be old) are left out. */
  readonly expected: Readonly<Partial<Record<AssumeCaller, Decision>>>;
}

/** Allowed for exactly these callers, denied for every other. */
function allowedFor(...callers: ResourceCaller[]): Record<ResourceCaller, Decision> {
  return Object.fromEntries(RESOURCE_CALLERS.map(({ label }) => [label, callers.includes(label) ? 'allow' : 'deny'])) as Record<ResourceCaller, Decision>;
}

const TRUSTED_TYPES = ['IAM user', 'MFA role', 'Identity Center role', 'SAML provider', 'OIDC provider'] as const;
const all = (types: readonly AssumeCaller[], d: Decision) => Object.fromEntries(types.map((t) => [t, d])) as Partial<Record<AssumeCaller, Decision>>;

export const RESOURCE_MATRIX: readonly ResourceRow[] = [
  // The audit bucket.
  { id: 'write-log', expected: allowedFor('CloudTrail (this trail)') },
  { id: 'write-elsewhere', expected: allowedFor() },
  // Verifiers read logs for validate-logs in the scheduled workflow.
  { id: 'read-log', expected: allowedFor('auditor', 'verifier'), withoutVerifiers: allowedFor('auditor') },
  { id: 'restore-log', expected: allowedFor('account admin (*)', 'deployer', 'auditor', 'break-glass') },
  { id: 'delete-version', expected: allowedFor('break-glass') },
  { id: 'delete-marker', expected: allowedFor('break-glass') },
  { id: 'shorten-retention', expected: allowedFor('break-glass') },
  { id: 'bypass-governance', expected: allowedFor('break-glass') },
  { id: 'lift-legal-hold', expected: allowedFor('break-glass') },
  { id: 'change-lifecycle', expected: allowedFor('deployer', 'break-glass') },
  { id: 'change-policy', expected: allowedFor('deployer', 'break-glass') },
  { id: 'change-encryption', expected: allowedFor('deployer', 'break-glass') },
  { id: 'change-object-lock', expected: allowedFor('deployer', 'break-glass') },
  { id: 'change-logging', expected: allowedFor('deployer', 'break-glass') },
  { id: 'add-replication', expected: allowedFor('deployer', 'break-glass') },
  { id: 'add-inventory', expected: allowedFor('deployer', 'break-glass') },
  { id: 'add-notification', expected: allowedFor('deployer', 'break-glass') },
  // The verify canary (auditready-verify-canary/): written by the verifier roles only, locked COMPLIANCE for at most two days.
  { id: 'write-canary', expected: allowedFor('verifier'), withoutVerifiers: allowedFor() },
  { id: 'write-canary-unlocked', expected: allowedFor() },
  { id: 'write-canary-governance', expected: allowedFor() },
  { id: 'write-canary-long', expected: allowedFor() },
  { id: 'write-canary-over-log', expected: allowedFor() },
  { id: 'set-canary-retention', expected: allowedFor('verifier', 'break-glass'), withoutVerifiers: allowedFor('break-glass') },
  { id: 'delete-canary', expected: allowedFor('break-glass') },
  { id: 'hold-canary', expected: allowedFor('break-glass') },
  { id: 'bypass-canary', expected: allowedFor('break-glass') },
  { id: 'write-over-http', expected: allowedFor() },
  // The access-log bucket.
  { id: 'write-access-log', expected: allowedFor('S3 server access logging') },
  { id: 'delete-access-log', expected: allowedFor('break-glass') },
  { id: 'change-access-log-lifecycle', expected: allowedFor('deployer', 'break-glass') },
  // The audit key.
  { id: 'encrypt-log', expected: allowedFor('CloudTrail (this trail)') },
  { id: 'decrypt-for-bucket-key', expected: allowedFor('CloudTrail (this trail)') },
  { id: 'encrypt-log-group', expected: allowedFor('CloudWatch Logs') },
  { id: 'encrypt-alarm', expected: allowedFor('CloudWatch alarms') },
  { id: 'create-grant', expected: allowedFor() },
  { id: 'create-service-grant', expected: allowedFor('break-glass') },
  { id: 'put-key-policy', expected: allowedFor('deployer', 'break-glass') },
  { id: 'disable-key', expected: allowedFor() },
  { id: 'disable-rotation', expected: allowedFor() },
  { id: 'schedule-deletion', expected: allowedFor() },
  // The trail, its log group, alarms and topic: no resource policies; IAM and the boundary decide.
  { id: 'stop-logging', expected: allowedFor('account admin (*)', 'deployer', 'break-glass') },
  { id: 'delete-trail', expected: allowedFor('account admin (*)', 'deployer', 'break-glass') },
  { id: 'put-event-selectors', expected: allowedFor('account admin (*)', 'deployer', 'break-glass') },
  { id: 'read-log-group', expected: allowedFor('account admin (*)', 'deployer', 'auditor') },
  { id: 'put-metric-filter', expected: allowedFor('account admin (*)', 'deployer', 'break-glass') },
  { id: 'delete-alarm', expected: allowedFor('account admin (*)', 'deployer', 'break-glass') },
  // Publishing to the encrypted topic also needs the key: only CloudWatch alarms have it.
  { id: 'publish-alarm', expected: allowedFor('CloudWatch alarms') },
  { id: 'delete-topic', expected: allowedFor('account admin (*)', 'deployer', 'break-glass') },
  { id: 'assume-delivery-role', expected: allowedFor('CloudTrail (this trail)') },
];

export const ASSUME_MATRIX: readonly AssumeRow[] = [
  {
    id: 'well-formed',
    expected: { ...all(TRUSTED_TYPES, 'allow'), ...all(['same principal, another account', 'account admin (*)', 'deployer', 'auditor session'], 'deny') },
  },
  { id: 'no-mfa', expected: all(['IAM user', 'MFA role'], 'deny') },
  { id: 'old-mfa', expected: all(['IAM user', 'MFA role'], 'deny') },
  { id: 'no-source-identity', expected: all(TRUSTED_TYPES, 'deny') },
  // Only an IAM user's name is known to IAM at AssumeRole; role and Identity Center sessions name themselves.
  { id: 'other-source-identity', expected: { 'IAM user': 'deny', 'MFA role': 'allow', 'Identity Center role': 'allow' } },
  { id: 'no-ticket', expected: all(TRUSTED_TYPES, 'deny') },
  { id: 'wrong-ticket', expected: all(TRUSTED_TYPES, 'deny') },
  { id: 'extra-tag', expected: all(TRUSTED_TYPES, 'deny') },
];

export { ASSUME_CALLERS };
