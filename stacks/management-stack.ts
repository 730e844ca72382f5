import { DataAwsKmsAlias } from '@cdktf/provider-aws/lib/data-aws-kms-alias';
import { Lazy } from 'cdktf';
import type { Construct } from 'constructs';
import type { OrganizationConfig } from '../config/organization-schema';
import { AccessRoles } from '../constructs/access-roles';
import { AuditKey } from '../constructs/audit-key';
import { AuditTrail } from '../constructs/audit-trail';
import { baselineChangeControls, breakGlassUseControl } from '../constructs/baseline-monitoring-controls';
import { OrganizationGuardrails } from '../constructs/organization-guardrails';
import { SecurityAlarms } from '../constructs/security-alarms';
import { AuditreadyStack } from './auditready-stack';
import type { LogArchiveStack } from './log-archive-stack';
import { type OrganizationNames, organizationNames } from './organization-names';
import { accountProvider, remoteState } from './organization-wiring';

/**
 * The organization's trail and guardrails, in the management account: the organization trail into the
 * log archive's bucket, encrypted with the log archive's key; its CloudWatch Logs copy, alarms and their
 * topic under a key of this account; the auditor, log-admin and break-glass roles over them; and the
 * SCP and RCP. Depends on the log-archive stack, so `cdktf deploy` creates the bucket and key first.
 */
export class ManagementStack extends AuditreadyStack {
  readonly names: OrganizationNames;
  readonly key: AuditKey;
  readonly trail: AuditTrail;
  readonly alarms: SecurityAlarms;
  readonly roles: AccessRoles;
  readonly guardrails: OrganizationGuardrails;

  constructor(
    scope: Construct,
    readonly organization: OrganizationConfig,
    logArchiveStack: LogArchiveStack,
  ) {
    const names = organizationNames(organization);
    super(scope, names.stackIds.management);
    this.names = names;
    this.addDependency(logArchiveStack);
    const org = organization;
    const account = names.management;
    const stack = { id: names.stackIds.management, scope: 'organization-management' } as const;
    const deployerRoleArns = names.deployers.management;
    accountProvider(this, 'aws', org, stack, { account, deployerRoleArn: deployerRoleArns[0] as string });
    // CloudTrail stores a trail's key as a key ARN: given the alias ARN instead, every plan would show a
    // change (terraform-provider-aws #33928). The key id exists only in the log-archive account, so it is
    // read there, through the alias, by a provider that assumes a log-archive deployer.
    const logArchive = accountProvider(
      this,
      'log-archive',
      org,
      stack,
      { account: names.logArchive, deployerRoleArn: names.deployers.logArchive[0] as string },
      'log-archive',
    );
    const logArchiveKey = new DataAwsKmsAlias(this, 'log-archive-key', { provider: logArchive, name: names.logArchiveKeyAlias });
    remoteState(this, org, stack.id);

    const roleArns = names.roleArns.management;
    let key: AuditKey | undefined;
    this.roles = new AccessRoles(this, 'access-roles', {
      account,
      namePrefix: org.name,
      auditorPrincipals: org.principals.auditors,
      administratorPrincipals: org.principals.administrators,
      breakGlassPrincipals: org.principals.breakGlass,
      accessContext: org.accessContext,
      resources: {
        keyArn: Lazy.stringValue({ produce: () => (key as AuditKey).key.arn }),
        delivery: { trailArn: names.trailArn, logGroupArn: names.logGroupArn, alarmTopicArn: names.topicArn, alarmNamePrefix: org.name },
      },
    });
    key = this.key = new AuditKey(this, 'audit-key', {
      account,
      aliasName: names.managementKeyAlias,
      logGroupArn: names.logGroupArn,
      alarmTopicArn: names.topicArn,
      deployerRoleArns,
      breakGlassRoleArn: roleArns.breakGlass,
      principalsToWaitFor: [this.roles.breakGlass.role],
    });
    this.trail = new AuditTrail(this, 'trail', {
      account,
      trailName: names.trailName,
      bucket: { bucketName: names.auditBucketName, bucketArn: names.auditBucketArn },
      key,
      logFileKeyArn: logArchiveKey.targetKeyArn,
      organizationTrail: true,
      logGroupName: names.logGroupName,
      logGroupRetentionDays: org.logGroupRetentionDays,
      permissionsBoundaryArn: this.roles.boundary.arn,
      additionalDataEvents: org.dataEvents,
    });
    const humanRoles = [names.roleNames.auditor, names.roleNames.logAdmin, names.roleNames.breakGlass];
    this.alarms = new SecurityAlarms(this, 'security-alarms', {
      account,
      namePrefix: org.name,
      logGroupName: this.trail.logGroup.name,
      kmsKeyArn: key.key.arn,
      topicName: names.topicName,
      subscriptions: org.alerts,
      additionalControls: [
        breakGlassUseControl([roleArns.breakGlass, names.roleArns.logArchive.breakGlass]),
        ...baselineChangeControls({
          auditBucketName: names.auditBucketName,
          accessLogBucketName: names.accessLogBucketName,
          trailName: names.trailName,
          trailArn: names.trailArn,
          logGroupName: names.logGroupName,
          keyArns: [key.key.arn, logArchiveKey.targetKeyArn],
          // The same names in both accounts, and the trail's CloudWatch Logs delivery role here.
          roleNames: [...humanRoles, this.trail.deliveryRoleName],
          alarmTopicArn: names.topicArn,
          alarmNamePrefix: org.name,
        }),
      ],
    });
    const { rootId, organizationalUnitIds, accountIds } = org.members;
    this.guardrails = new OrganizationGuardrails(this, 'guardrails', {
      namePrefix: org.name,
      organizationId: org.organizationId,
      trailArn: names.trailArn,
      trailGuardianRoleArns: [...deployerRoleArns, roleArns.breakGlass],
      logGroupArn: names.logGroupArn,
      logGroupReaderRoleArns: [roleArns.auditor],
      logArchive: {
        accountId: names.logArchive.accountId,
        partition: names.logArchive.partition,
        bucketArns: [names.auditBucketArn, names.accessLogBucketArn],
        deployerRoleArns: names.deployers.logArchive,
        breakGlassRoleArn: names.roleArns.logArchive.breakGlass,
        otherRoleArns: [names.roleArns.logArchive.auditor],
      },
      memberTargetIds: [...(rootId ? [rootId] : []), ...organizationalUnitIds, ...accountIds],
    });
  }
}
