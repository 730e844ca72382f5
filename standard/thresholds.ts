import type { ObjectLockMode } from './object-lock';
import type { Tier } from './tiers';

/** Thresholds that differ by tier (prod is the strictest). */
export interface Thresholds {
  /** Object Lock default-retention modes accepted on the audit bucket. */
  readonly objectLockModes: readonly ObjectLockMode[];
  /** Minimum Object Lock default retention on the audit bucket, in days. */
  readonly minRetentionDays: number;
  /** Minimum retention of the CloudTrail log group and of the access-log bucket, in days. */
  readonly minLogGroupRetentionDays: number;
  /** Longest session a human role may grant, in seconds. */
  readonly maxSessionSeconds: number;
  /** Longest KMS rotation period, in days. */
  readonly maxKeyRotationDays: number;
}

/**
 * prod: COMPLIANCE mode (no one, root included, can shorten retention) and a year of retention, the
 * PCI DSS 10.5.1 floor. Lower tiers may use GOVERNANCE so test data can be cleaned up, but still keep
 * three months, the period PCI DSS requires to be immediately available. Environment config is
 * validated against these thresholds when it is loaded, and `auditready check` applies them.
 */
export const THRESHOLDS: Readonly<Record<Tier, Thresholds>> = {
  dev: { objectLockModes: ['COMPLIANCE', 'GOVERNANCE'], minRetentionDays: 90, minLogGroupRetentionDays: 90, maxSessionSeconds: 7200, maxKeyRotationDays: 730 },
  staging: {
    objectLockModes: ['COMPLIANCE', 'GOVERNANCE'],
    minRetentionDays: 90,
    minLogGroupRetentionDays: 90,
    maxSessionSeconds: 3600,
    maxKeyRotationDays: 365,
  },
  prod: { objectLockModes: ['COMPLIANCE'], minRetentionDays: 365, minLogGroupRetentionDays: 365, maxSessionSeconds: 3600, maxKeyRotationDays: 365 },
};
