/**
 * The `auditready verify --prove-worm` canary: a small object the verifier writes into the audit bucket
 * to prove that nobody can delete it or shorten its retention. The bucket policy admits the configured
 * verifier roles to write here and nowhere else; verify writes nowhere else.
 */

/** Key prefix of every canary object in the audit bucket (ends in "/"). */
export const CANARY_PREFIX = 'auditready-verify-canary/';

/** Object Lock mode of a canary: COMPLIANCE, which nobody, the root user included, can shorten or bypass. */
export const CANARY_RETENTION_MODE = 'COMPLIANCE';

/** Days a canary stays locked: short, so the proof costs little. */
export const CANARY_RETENTION_DAYS = 1;

/**
 * The longest retention a verifier may give a canary, in days (`s3:object-lock-remaining-retention-days`,
 * which S3 rounds up): a margin over CANARY_RETENTION_DAYS, so no one can lock junk for long under the prefix.
 */
export const CANARY_MAX_RETENTION_DAYS = 2;
