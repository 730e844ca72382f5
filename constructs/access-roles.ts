import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { Construct } from 'constructs';
import { type AwsAccount, arnOf } from './aws-account';
import { type AccessContext, HumanRole } from './human-role';
import { type PolicyStatement, policyDocument } from './policy-document';

/** The resources the roles act on. */
export interface AuditResources {
  readonly auditBucketArn: string;
  readonly accessLogBucketArn: string;
  readonly keyArn: string;
  readonly trailArn: string;
  readonly logGroupArn: string;
  readonly alarmTopicArn: string;
  /** Prefix of the alarm names the log-admin operates. */
  readonly alarmNamePrefix: string;
}

export interface AccessRolesProps {
  /** Account and region of the roles. */
  readonly account: AwsAccount;
  /** Prefix of role and policy names. */
  readonly namePrefix: string;
  /** Who may assume the auditor role; at least one. */
  readonly auditorPrincipals: readonly string[];
  /**
   * Who may assume the log-admin role.
   * @default - none: no log-admin role is created
   */
  readonly administratorPrincipals?: readonly string[];
  /** Who may assume the break-glass role; at least one. */
  readonly breakGlassPrincipals: readonly string[];
  /** Source identity and session tag every human session must carry. */
  readonly accessContext: AccessContext;
  /** What the roles act on. */
  readonly resources: AuditResources;
}

/**
 * Role-based access to the audit logs: `auditor` reads, `log-admin` operates alarms and trail
 * settings but cannot destroy or weaken, `break-glass` can repair in an emergency and is alarmed.
 * All are human roles inside one permissions boundary.
 */
export class AccessRoles extends Construct {
  readonly boundary: IamPolicy;
  readonly auditor: HumanRole;
  readonly logAdmin?: HumanRole;
  readonly breakGlass: HumanRole;

  /** Role names, known at synthesis (bucket and key policies need them before the roles exist). */
  static roleNames(namePrefix: string): { auditor: string; logAdmin: string; breakGlass: string } {
    return { auditor: `${namePrefix}-auditor`, logAdmin: `${namePrefix}-log-admin`, breakGlass: `${namePrefix}-break-glass` };
  }

  static roleArnFor(account: AwsAccount, roleName: string): string {
    return arnOf(account, 'iam', `role/${roleName}`, 'global');
  }

  constructor(scope: Construct, id: string, props: AccessRolesProps) {
    super(scope, id);
    if (props.auditorPrincipals.length === 0) throw new Error(`AccessRoles ${id}: auditorPrincipals must name at least one principal`);
    if (props.breakGlassPrincipals.length === 0) throw new Error(`AccessRoles ${id}: breakGlassPrincipals must name at least one principal`);
    const names = AccessRoles.roleNames(props.namePrefix);
    const r = props.resources;

    const boundaryDocument = policyDocument(this, 'boundary-document', boundaryStatements());
    this.boundary = new IamPolicy(this, 'boundary', {
      name: `${props.namePrefix}-permissions-boundary`,
      description: 'The most any auditready access role may do',
      policy: boundaryDocument.json,
    });
    const common = { accessContext: props.accessContext, permissionsBoundaryArn: this.boundary.arn };

    this.auditor = new HumanRole(this, 'auditor', {
      ...common,
      roleName: names.auditor,
      kind: 'auditor',
      description: 'Reads audit logs and trail status; cannot write or delete',
      trustedPrincipalArns: props.auditorPrincipals,
      statements: [...readConfigurationStatements(r), ...readLogsStatements(props.account, r)],
    });
    const admins = props.administratorPrincipals ?? [];
    if (admins.length > 0) {
      this.logAdmin = new HumanRole(this, 'log-admin', {
        ...common,
        roleName: names.logAdmin,
        kind: 'log-admin',
        description: 'Operates alarms and trail settings; cannot stop the trail, delete logs or weaken retention',
        trustedPrincipalArns: admins,
        statements: [...readConfigurationStatements(r), ...operateStatements(r, props.account), denyDestructionStatement()],
      });
    }
    this.breakGlass = new HumanRole(this, 'break-glass', {
      ...common,
      roleName: names.breakGlass,
      kind: 'break-glass',
      description: 'Emergency repair of the audit baseline; every use raises an alarm',
      trustedPrincipalArns: props.breakGlassPrincipals,
      statements: breakGlassStatements(r, props.account),
    });
  }
}

const objectsOf = (r: AuditResources) => [`${r.auditBucketArn}/*`, `${r.accessLogBucketArn}/*`];
const bucketsOf = (r: AuditResources) => [r.auditBucketArn, r.accessLogBucketArn];
const logGroupResources = (r: AuditResources) => [r.logGroupArn, `${r.logGroupArn}:*`];

function boundaryStatements(): PolicyStatement[] {
  return [
    {
      sid: 'AuditBaselineServicesOnly',
      actions: ['cloudtrail:*', 'cloudwatch:*', 'kms:*', 'logs:*', 's3:*', 'sns:*'],
      resources: ['*'],
    },
    {
      sid: 'DenyBoundaryAndIdentityChanges',
      effect: 'Deny',
      actions: ['iam:*', 'organizations:*', 'sts:AssumeRole'],
      resources: ['*'],
    },
    {
      sid: 'DenyKeyDeletion',
      effect: 'Deny',
      actions: ['kms:ScheduleKeyDeletion'],
      resources: ['*'],
    },
  ];
}

/** Settings and status of the baseline: enough to audit it, nothing that reads log content. */
function readConfigurationStatements(r: AuditResources): PolicyStatement[] {
  return [
    {
      sid: 'ReadBucketConfiguration',
      actions: [
        's3:GetBucketLocation',
        's3:GetBucketLogging',
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketOwnershipControls',
        's3:GetBucketPolicy',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketVersioning',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
      ],
      resources: bucketsOf(r),
    },
    {
      sid: 'ReadTrailStatus',
      actions: ['cloudtrail:GetEventSelectors', 'cloudtrail:GetInsightSelectors', 'cloudtrail:GetTrail', 'cloudtrail:GetTrailStatus'],
      resources: [r.trailArn],
    },
    {
      // These actions support no resource-level scoping.
      sid: 'DescribeTrailsAndAlarms',
      actions: ['cloudtrail:DescribeTrails', 'cloudtrail:ListPublicKeys', 'cloudtrail:ListTrails', 'cloudwatch:DescribeAlarms', 'logs:DescribeLogGroups'],
      resources: ['*'],
    },
    {
      sid: 'ReadKeyConfiguration',
      actions: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus'],
      resources: [r.keyArn],
    },
  ];
}

/** Log content: objects (decrypted through S3 only) and the log group. */
function readLogsStatements(account: AwsAccount, r: AuditResources): PolicyStatement[] {
  return [
    {
      sid: 'ListLogObjects',
      actions: ['s3:ListBucket', 's3:ListBucketVersions'],
      resources: bucketsOf(r),
    },
    {
      sid: 'ReadLogObjects',
      actions: ['s3:GetObject', 's3:GetObjectAttributes', 's3:GetObjectLegalHold', 's3:GetObjectRetention', 's3:GetObjectVersion'],
      resources: objectsOf(r),
    },
    {
      sid: 'DecryptLogObjectsThroughS3',
      actions: ['kms:Decrypt'],
      resources: [r.keyArn],
      conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`s3.${account.region}.amazonaws.com`] }],
    },
    {
      sid: 'ReadLogGroup',
      actions: ['logs:DescribeLogStreams', 'logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:GetQueryResults', 'logs:StartQuery', 'logs:StopQuery'],
      resources: logGroupResources(r),
    },
    {
      sid: 'LookupManagementEvents',
      actions: ['cloudtrail:LookupEvents'],
      resources: ['*'],
    },
  ];
}

function operateStatements(r: AuditResources, account: AwsAccount): PolicyStatement[] {
  return [
    {
      sid: 'OperateAlarms',
      actions: ['cloudwatch:DescribeAlarmHistory', 'cloudwatch:EnableAlarmActions', 'cloudwatch:PutMetricAlarm', 'cloudwatch:SetAlarmState'],
      resources: [arnOf(account, 'cloudwatch', `alarm:${r.alarmNamePrefix}-*`)],
    },
    {
      sid: 'OperateMetricFilters',
      actions: ['logs:DescribeMetricFilters', 'logs:PutMetricFilter'],
      resources: logGroupResources(r),
    },
    {
      sid: 'OperateAlarmTopic',
      actions: ['sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:Subscribe'],
      resources: [r.alarmTopicArn],
    },
    {
      sid: 'OperateTrailSettings',
      actions: ['cloudtrail:AddTags', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors', 'cloudtrail:StartLogging', 'cloudtrail:UpdateTrail'],
      resources: [r.trailArn],
    },
  ];
}

/** Explicit, so no later grant can give the log-admin the power to destroy or weaken evidence. */
function denyDestructionStatement(): PolicyStatement {
  return {
    sid: 'DenyDestroyingOrWeakeningEvidence',
    effect: 'Deny',
    actions: [
      'cloudtrail:DeleteTrail',
      'cloudtrail:StopLogging',
      'cloudwatch:DeleteAlarms',
      'cloudwatch:DisableAlarmActions',
      'kms:DisableKey',
      'kms:DisableKeyRotation',
      'kms:PutKeyPolicy',
      'kms:ScheduleKeyDeletion',
      'logs:DeleteLogGroup',
      'logs:DeleteRetentionPolicy',
      'logs:DisassociateKmsKey',
      'logs:PutRetentionPolicy',
      's3:BypassGovernanceRetention',
      's3:DeleteBucket',
      's3:DeleteBucketPolicy',
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:PutBucketObjectLockConfiguration',
      's3:PutBucketPolicy',
      's3:PutBucketVersioning',
      's3:PutLifecycleConfiguration',
      's3:PutObjectRetention',
      'sns:DeleteTopic',
    ],
    resources: ['*'],
  };
}

function breakGlassStatements(r: AuditResources, account: AwsAccount): PolicyStatement[] {
  return [
    { sid: 'RepairLogBuckets', actions: ['s3:*'], resources: [...bucketsOf(r), ...objectsOf(r)] },
    { sid: 'RepairTrail', actions: ['cloudtrail:*'], resources: [r.trailArn] },
    { sid: 'RepairLogGroup', actions: ['logs:*'], resources: logGroupResources(r) },
    {
      sid: 'RepairKeyPolicy',
      actions: ['kms:DescribeKey', 'kms:EnableKey', 'kms:EnableKeyRotation', 'kms:GetKeyPolicy', 'kms:PutKeyPolicy'],
      resources: [r.keyArn],
    },
    { sid: 'RepairAlarms', actions: ['cloudwatch:*'], resources: [arnOf(account, 'cloudwatch', `alarm:${r.alarmNamePrefix}-*`)] },
    { sid: 'RepairAlarmTopic', actions: ['sns:*'], resources: [r.alarmTopicArn] },
    {
      sid: 'DescribeTrails',
      actions: ['cloudtrail:DescribeTrails', 'cloudtrail:ListTrails', 'cloudwatch:DescribeAlarms', 'logs:DescribeLogGroups'],
      resources: ['*'],
    },
  ];
}
