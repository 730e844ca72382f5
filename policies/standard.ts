/**
 * The logging standard: which rules apply at which level in each tier. The same rules run for every
 * environment; only the tier thresholds (standard/thresholds.ts) and levels differ (prod is the strictest).
 *
 * Levels: `error` (a failure fails the check), `warn` (reported as `warn`, does not fail), `off` (not run).
 */
import type { Tier } from '../standard/tiers';

export type Level = 'error' | 'warn' | 'off';

const everywhere = (level: Level): Readonly<Record<Tier, Level>> => ({ dev: level, staging: level, prod: level });
const prodOnly: Readonly<Record<Tier, Level>> = { dev: 'warn', staging: 'warn', prod: 'error' };
const notDev: Readonly<Record<Tier, Level>> = { dev: 'warn', staging: 'error', prod: 'error' };

/** Rule id -> level per tier. A test pins this list. */
export const STANDARD: Readonly<Record<string, Readonly<Record<Tier, Level>>>> = {
  'trail-present': everywhere('error'),
  'trail-multi-region': everywhere('error'),
  'trail-global-service-events': everywhere('error'),
  'trail-logging-enabled': everywhere('error'),
  'trail-log-file-validation': everywhere('error'),
  'trail-kms-cmk': everywhere('error'),
  'trail-cloudwatch-logs': everywhere('error'),
  'trail-management-events': everywhere('error'),
  'trail-s3-data-events': everywhere('error'),
  'bucket-object-lock': everywhere('error'),
  'bucket-versioning': everywhere('error'),
  'bucket-sse-kms': everywhere('error'),
  'bucket-public-access-block': everywhere('error'),
  'bucket-acls-disabled': everywhere('error'),
  'bucket-tls-only': everywhere('error'),
  'bucket-no-public-principal': everywhere('error'),
  'bucket-cloudtrail-source-arn': everywhere('error'),
  'bucket-access-logging': everywhere('error'),
  'bucket-access-log-target-deliverable': everywhere('error'),
  'bucket-lifecycle-retention': everywhere('error'),
  'bucket-force-destroy': everywhere('error'),
  'log-resources-prevent-destroy': notDev,
  'kms-key-rotation': everywhere('error'),
  'kms-key-deletion-window': everywhere('error'),
  'kms-key-policy-no-public-principal': everywhere('error'),
  'log-group-kms': everywhere('error'),
  'log-group-retention': everywhere('error'),
  'cis-5-01-unauthorized-api-calls': everywhere('error'),
  'cis-5-02-console-signin-without-mfa': everywhere('error'),
  'cis-5-03-root-account-usage': everywhere('error'),
  'cis-5-04-iam-policy-changes': everywhere('error'),
  'cis-5-05-cloudtrail-config-changes': everywhere('error'),
  'cis-5-06-console-auth-failures': everywhere('error'),
  'cis-5-07-cmk-disable-or-deletion': everywhere('error'),
  'cis-5-08-s3-bucket-policy-changes': everywhere('error'),
  'cis-5-09-config-changes': everywhere('error'),
  'cis-5-10-security-group-changes': notDev,
  'cis-5-11-nacl-changes': notDev,
  'cis-5-12-network-gateway-changes': notDev,
  'cis-5-13-route-table-changes': notDev,
  'cis-5-14-vpc-changes': notDev,
  'cis-5-15-organizations-changes': prodOnly,
  'iam-no-wildcard-actions': everywhere('error'),
  'iam-auditor-read-only': everywhere('error'),
  'iam-human-mfa': everywhere('error'),
  'iam-human-access-context': notDev,
  'iam-human-session-length': everywhere('error'),
  'iam-human-permissions-boundary': everywhere('error'),
  'iam-human-trust-scope': everywhere('error'),
  'plan-no-baseline-destroy': everywhere('error'),
  'org-trail-organization-wide': everywhere('error'),
  'org-scp-protects-trail': everywhere('error'),
  'org-rcp-protects-log-archive': everywhere('error'),
  'org-bucket-policy-organization-scoped': everywhere('error'),
};
