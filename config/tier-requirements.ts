import type { Tier } from './environment-schema';

/** The minimums an environment of a tier must meet; enforced when config is loaded. */
export interface TierRequirements {
  /** Object Lock modes allowed for the audit bucket's default retention. */
  readonly objectLockModes: readonly ('COMPLIANCE' | 'GOVERNANCE')[];
  /** Minimum default retention of the audit bucket, in days. */
  readonly minRetentionDays: number;
  /** Minimum retention of the CloudTrail CloudWatch log group, in days. */
  readonly minLogGroupRetentionDays: number;
}

/**
 * prod: COMPLIANCE mode (no one, root included, can shorten retention) and a year of retention, the
 * PCI DSS 10.5.1 floor. Lower tiers may use GOVERNANCE so test data can be cleaned up, but still keep
 * three months, the period PCI DSS requires to be immediately available.
 */
export const TIER_REQUIREMENTS: Readonly<Record<Tier, TierRequirements>> = {
  prod: { objectLockModes: ['COMPLIANCE'], minRetentionDays: 365, minLogGroupRetentionDays: 365 },
  staging: { objectLockModes: ['COMPLIANCE', 'GOVERNANCE'], minRetentionDays: 90, minLogGroupRetentionDays: 90 },
  dev: { objectLockModes: ['COMPLIANCE', 'GOVERNANCE'], minRetentionDays: 90, minLogGroupRetentionDays: 90 },
};
