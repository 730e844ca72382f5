import type { OrganizationConfig } from '../config/organization-schema';
import { partitionOf } from '../config/regions';
import { AccessRoles } from '../constructs/access-roles';
import { AuditTrail } from '../constructs/audit-trail';
import { type AwsAccount, bucketArnOf, roleArnOf } from '../constructs/aws-account';
import { SecurityAlarms } from '../constructs/security-alarms';

/**
 * Every name and ARN both organization stacks use, built as strings from the config alone: each
 * stack names the other's resources without referring to them (no cross-stack references), so the
 * two agree by construction.
 */
export interface OrganizationNames {
  readonly stackIds: { readonly management: string; readonly logArchive: string };
  readonly management: AwsAccount;
  readonly logArchive: AwsAccount;
  readonly trailName: string;
  readonly trailArn: string;
  readonly logGroupName: string;
  readonly logGroupArn: string;
  readonly topicName: string;
  readonly topicArn: string;
  readonly auditBucketName: string;
  readonly auditBucketArn: string;
  readonly accessLogBucketName: string;
  readonly accessLogBucketArn: string;
  /** The log archive's key, which encrypts the log files. */
  readonly logArchiveKeyAlias: string;
  /** The management account's key, which encrypts the log group and the alarm topic. */
  readonly managementKeyAlias: string;
  /** Human role names, the same in both accounts. */
  readonly roleNames: { readonly auditor: string; readonly logAdmin: string; readonly breakGlass: string };
  readonly roleArns: {
    readonly management: { readonly auditor: string; readonly logAdmin: string; readonly breakGlass: string };
    readonly logArchive: { readonly auditor: string; readonly breakGlass: string };
  };
  /** Deployers per account: each stack's provider assumes the first of its account. */
  readonly deployers: { readonly management: readonly string[]; readonly logArchive: readonly string[] };
}

export function organizationNames(org: OrganizationConfig): OrganizationNames {
  const partition = partitionOf(org.region);
  const management: AwsAccount = { accountId: org.accounts.management, region: org.region, partition };
  const logArchive: AwsAccount = { accountId: org.accounts.logArchive, region: org.region, partition };
  const prefix = org.name;
  const trailName = `${prefix}-organization-trail`;
  const logGroupName = `/aws/cloudtrail/${trailName}`;
  const topicName = `${prefix}-security-alarms`;
  const suffix = `${logArchive.accountId}-${org.region}`;
  const auditBucketName = `${prefix}-audit-logs-${suffix}`;
  const accessLogBucketName = `${prefix}-access-logs-${suffix}`;
  const roleNames = AccessRoles.roleNames(prefix);
  const inAccount = (arn: string, account: AwsAccount) => arn.split(':')[4] === account.accountId;
  return {
    stackIds: { management: `${prefix}-management`, logArchive: `${prefix}-log-archive` },
    management,
    logArchive,
    trailName,
    trailArn: AuditTrail.arnFor(management, trailName),
    logGroupName,
    logGroupArn: AuditTrail.logGroupArnFor(management, logGroupName),
    topicName,
    topicArn: SecurityAlarms.topicArnFor(management, topicName),
    auditBucketName,
    auditBucketArn: bucketArnOf(logArchive, auditBucketName),
    accessLogBucketName,
    accessLogBucketArn: bucketArnOf(logArchive, accessLogBucketName),
    logArchiveKeyAlias: `alias/${prefix}-audit-logs`,
    managementKeyAlias: `alias/${prefix}-audit-monitoring`,
    roleNames,
    roleArns: {
      management: {
        auditor: roleArnOf(management, roleNames.auditor),
        logAdmin: roleArnOf(management, roleNames.logAdmin),
        breakGlass: roleArnOf(management, roleNames.breakGlass),
      },
      logArchive: { auditor: roleArnOf(logArchive, roleNames.auditor), breakGlass: roleArnOf(logArchive, roleNames.breakGlass) },
    },
    deployers: {
      management: org.principals.deployers.filter((arn) => inAccount(arn, management)),
      logArchive: org.principals.deployers.filter((arn) => inAccount(arn, logArchive)),
    },
  };
}

/**
 * The log archive's resources the management stack names by string: its audit bucket and its key's alias.
 * `auditready check` declares them external when it checks both stacks of the organization.
 */
export function logArchiveNamesUsedByManagement(org: OrganizationConfig): string[] {
  const names = organizationNames(org);
  return [names.auditBucketName, names.logArchiveKeyAlias];
}
