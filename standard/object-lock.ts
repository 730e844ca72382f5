/**
 * S3 Object Lock default-retention modes. COMPLIANCE: nobody, the root user included, can delete a locked
 * version or shorten its retention. GOVERNANCE: users with `s3:BypassGovernanceRetention` can.
 */
export const OBJECT_LOCK_MODES = ['COMPLIANCE', 'GOVERNANCE'] as const;
export type ObjectLockMode = (typeof OBJECT_LOCK_MODES)[number];

/** Object Lock allows at most 100 years of default retention. */
export const MAX_RETENTION_DAYS = 36500;
