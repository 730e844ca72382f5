import { THRESHOLDS } from '../standard/thresholds';
import type { Tier } from '../standard/tiers';
import type { EnvironmentConfig, Principals } from './environment-schema';
import { IDENTITY_CENTER_ROLE } from './environment-schema';
import { type AwsRegion, partitionOf } from './regions';

/** Records one problem: the field, the value found and what is allowed. */
export type AddProblem = (field: string, value: unknown, allowed: string) => void;

/** The retention settings an environment and an organization share. */
export type RetentionSettings = Pick<EnvironmentConfig, 'objectLock' | 'lifecycle' | 'logGroupRetentionDays'> & { readonly tier: Tier };

/**
 * The logging standard's tier thresholds and the lifecycle rules S3 enforces: config that loads is
 * config that passes `auditready check` and that S3 accepts.
 */
export function retentionProblems(settings: RetentionSettings, add: AddProblem): void {
  const tier = THRESHOLDS[settings.tier];
  const { retentionDays, mode } = settings.objectLock;
  const { expirationDays, transitions } = settings.lifecycle;

  if (!tier.objectLockModes.includes(mode)) {
    add('objectLock.mode', mode, `tier ${settings.tier} allows only ${tier.objectLockModes.join(' | ')}`);
  }
  if (retentionDays < tier.minRetentionDays) {
    add('objectLock.retentionDays', retentionDays, `tier ${settings.tier} requires at least ${tier.minRetentionDays} days`);
  }
  if (settings.logGroupRetentionDays < tier.minLogGroupRetentionDays) {
    add('logGroupRetentionDays', settings.logGroupRetentionDays, `tier ${settings.tier} requires at least ${tier.minLogGroupRetentionDays} days`);
  }
  if (expirationDays < retentionDays) {
    add('lifecycle.expirationDays', expirationDays, `must be >= objectLock.retentionDays (${retentionDays}): S3 cannot expire a locked version`);
  }
  const noncurrent = settings.lifecycle.noncurrentVersionExpirationDays;
  if (noncurrent !== undefined && noncurrent < retentionDays) {
    add('lifecycle.noncurrentVersionExpirationDays', noncurrent, `must be >= objectLock.retentionDays (${retentionDays})`);
  }
  transitions.forEach((t, i) => {
    const field = `lifecycle.transitions[${i}].days`;
    if (t.days >= expirationDays) add(field, t.days, `must be < lifecycle.expirationDays (${expirationDays}): transitions come before expiration`);
    if (i > 0 && t.days <= transitions[i - 1].days) add(field, t.days, `must be > the previous transition's days (${transitions[i - 1].days})`);
    if ((t.storageClass === 'STANDARD_IA' || t.storageClass === 'INTELLIGENT_TIERING') && t.days < 30) {
      add(field, t.days, `${t.storageClass} transitions need at least 30 days (S3 minimum)`);
    }
    if ((t.storageClass === 'GLACIER' || t.storageClass === 'DEEP_ARCHIVE') && t.days < 90) {
      add(field, t.days, `${t.storageClass} is not immediately readable: at least 90 days, so 3 months stay available (PCI DSS 10.5.1)`);
    }
  });
}

/**
 * Who assumes the human roles and who deploys: at least one auditor, break-glass principal and
 * deployer, every ARN in the region's partition, and no Identity Center role typed as an MFA role.
 * Where the deployers must live depends on the topology, so the caller checks their accounts.
 */
export function principalProblems(principals: Principals, region: AwsRegion, add: AddProblem): void {
  if (principals.auditors.length === 0) {
    add('principals.auditors', principals.auditors, 'at least one auditor principal is required');
  }
  if (principals.breakGlass.length === 0) {
    add('principals.breakGlass', principals.breakGlass, 'at least one break-glass principal is required: it is the only way to repair the baseline');
  }
  if (principals.deployers.length === 0) {
    add(
      'principals.deployers',
      principals.deployers,
      'at least one deployer role is required: the key and bucket policies let only the deployers change settings, and KMS refuses a key policy that would lock out the role creating the key',
    );
  }
  const partition = partitionOf(region);
  const inPartition = (field: string, arn: string) => {
    if (arn.split(':')[1] !== partition) add(field, arn, `must be in partition "${partition}" of region ${region}`);
  };
  for (const group of ['auditors', 'administrators', 'breakGlass'] as const) {
    principals[group].forEach((p, i) => {
      const field = `principals.${group}[${i}].arn`;
      inPartition(field, p.arn);
      if (p.type === 'mfa-role' && IDENTITY_CENTER_ROLE.test(p.arn)) {
        add(field, p.arn, 'is an IAM Identity Center role, whose sessions carry no MFA: use type "sso-role"');
      }
    });
  }
  for (const group of ['deployers', 'verifiers'] as const) {
    principals[group].forEach((arn, i) => {
      inPartition(`principals.${group}[${i}]`, arn);
    });
  }
  principals.verifiers.forEach((arn, i) => {
    if (principals.deployers.includes(arn)) {
      add(`principals.verifiers[${i}]`, arn, 'must not also be a deployer: a verifier runs unattended and may only read and write the canary');
    }
  });
}

/** The account an IAM ARN belongs to. */
export function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}
