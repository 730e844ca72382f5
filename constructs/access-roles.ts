import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { Construct } from 'constructs';
import type { HumanPrincipal } from '../config/environment-schema';
import { type AwsAccount, arnOf, serviceEndpoint } from './aws-account';
import { type AccessContext, HumanRole } from './human-role';
import { type PolicyStatement, policyDocument } from './policy-document';

/** The log buckets of this account. */
export interface LogStorage {
  readonly auditBucketArn: string;
  readonly accessLogBucketArn: string;
}

/** The trail of this account, its log group and alarms. */
export interface LogDelivery {
  readonly trailArn: string;
  readonly logGroupArn: string;
  readonly alarmTopicArn: string;
  /** Prefix of the alarm names the log-admin operates. */
  readonly alarmNamePrefix: string;
}

/**
 * The resources the roles act on, in the roles' account: an environment has all of them; an
 * organization splits them between the log-archive account (storage) and the management account
 * (delivery).
 */
export interface AuditResources {
  /** The audit key of this account: it encrypts the log files (with storage), or the log group and topic. */
  readonly keyArn: string;
  /** @default - none: the roles act on no log buckets */
  readonly storage?: LogStorage;
  /** @default - none: the roles act on no trail, log group or alarms */
  readonly delivery?: LogDelivery;
}

export interface AccessRolesProps {
  /** Account and region of the roles. */
  readonly account: AwsAccount;
  /** Prefix of role and policy names. */
  readonly namePrefix: string;
  /** Who may assume the auditor role; at least one. */
  readonly auditorPrincipals: readonly HumanPrincipal[];
  /**
   * Who may assume the log-admin role.
   * @default - none: no log-admin role is created
   */
  readonly administratorPrincipals?: readonly HumanPrincipal[];
  /** Who may assume the break-glass role; at least one. */
  readonly breakGlassPrincipals: readonly HumanPrincipal[];
  /** Source identity and session tag every human session must carry. */
  readonly accessContext: AccessContext;
  /** What the roles act on. */
  readonly resources: AuditResources;
}

/**
 * Role-based access to the audit logs: `auditor` reads (the only baseline role that reads log content),
 * `log-admin` operates alarms and the alarm topic but cannot change what is logged or alarmed,
 * `break-glass` can repair in an emergency and is alarmed. All are human roles inside one permissions
 * boundary.
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

  constructor(scope: Construct, id: string, props: AccessRolesProps) {
    super(scope, id);
    if (props.auditorPrincipals.length === 0) throw new Error(`AccessRoles ${id}: auditorPrincipals must name at least one principal`);
    if (props.breakGlassPrincipals.length === 0) throw new Error(`AccessRoles ${id}: breakGlassPrincipals must name at least one principal`);
    const r = props.resources;
    if (!r.storage && !r.delivery) throw new Error(`AccessRoles ${id}: resources must include storage, delivery or both`);
    const admins = props.administratorPrincipals ?? [];
    if (admins.length > 0 && !r.delivery) {
      throw new Error(
        `AccessRoles ${id}: administratorPrincipals need resources.delivery: the log-admin operates the alarms of this account, and there are none`,
      );
    }
    const names = AccessRoles.roleNames(props.namePrefix);

    const boundaryDocument = policyDocument(this, 'boundary-document', boundaryStatements());
    this.boundary = new IamPolicy(this, 'boundary', {
      name: `${props.namePrefix}-permissions-boundary`,
      description: 'The most any auditready access role may do',
      policy: boundaryDocument.json,
    });
    const common = { account: props.account, accessContext: props.accessContext, permissionsBoundaryArn: this.boundary.arn };

    this.auditor = new HumanRole(this, 'auditor', {
      ...common,
      roleName: names.auditor,
      kind: 'auditor',
      description: 'Reads audit logs and trail status; cannot write or delete',
      trustedPrincipals: props.auditorPrincipals,
      statements: [...readConfigurationStatements(r), ...readLogsStatements(props.account, r)],
    });
    if (r.delivery && admins.length > 0) {
      this.logAdmin = new HumanRole(this, 'log-admin', {
        ...common,
        roleName: names.logAdmin,
        kind: 'log-admin',
        description: 'Operates alarms and the alarm topic; cannot change what is logged or alarmed, read logs, or delete evidence',
        trustedPrincipals: admins,
        statements: [
          ...readConfigurationStatements(r),
          ...operateStatements(r.delivery, props.account),
          denyWeakeningStatement(),
          denyReadingLogGroup(r.delivery),
        ],
      });
    }
    this.breakGlass = new HumanRole(this, 'break-glass', {
      ...common,
      roleName: names.breakGlass,
      kind: 'break-glass',
      description: 'Emergency repair of the audit baseline; every use raises an alarm',
      trustedPrincipals: props.breakGlassPrincipals,
      statements: [...breakGlassStatements(r, props.account), ...(r.delivery ? [denyReadingLogGroup(r.delivery)] : [])],
    });
  }
}

const objectsOf = (s: LogStorage) => [`${s.auditBucketArn}/*`, `${s.accessLogBucketArn}/*`];
const bucketsOf = (s: LogStorage) => [s.auditBucketArn, s.accessLogBucketArn];
const logGroupResources = (d: LogDelivery) => [d.logGroupArn, `${d.logGroupArn}:*`];
const baselineAlarms = (account: AwsAccount, d: LogDelivery) => [arnOf(account, 'cloudwatch', `alarm:${d.alarmNamePrefix}-*`)];
/** The statements `build` makes of a part the roles may not have. */
const ifPresent = <T>(part: T | undefined, build: (part: T) => PolicyStatement[]): PolicyStatement[] => (part ? build(part) : []);

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
      // Disabling or deleting the audit key makes every log unreadable: no human role may, break-glass included.
      sid: 'DenyDisablingOrDeletingKeys',
      effect: 'Deny',
      actions: ['kms:DisableKey', 'kms:ScheduleKeyDeletion'],
      resources: ['*'],
    },
  ];
}

/** Settings and status of the baseline: enough to audit it, nothing that reads log content. */
function readConfigurationStatements(r: AuditResources): PolicyStatement[] {
  return [
    ...ifPresent(r.storage, (s) => [
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
        resources: bucketsOf(s),
      },
    ]),
    ...ifPresent(r.delivery, (d) => [
      {
        sid: 'ReadTrailStatus',
        actions: ['cloudtrail:GetEventSelectors', 'cloudtrail:GetInsightSelectors', 'cloudtrail:GetTrail', 'cloudtrail:GetTrailStatus'],
        resources: [d.trailArn],
      },
      {
        // These actions support no resource-level scoping.
        sid: 'DescribeTrailsAndAlarms',
        actions: ['cloudtrail:DescribeTrails', 'cloudtrail:ListPublicKeys', 'cloudtrail:ListTrails', 'cloudwatch:DescribeAlarms', 'logs:DescribeLogGroups'],
        resources: ['*'],
      },
    ]),
    {
      sid: 'ReadKeyConfiguration',
      actions: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus'],
      resources: [r.keyArn],
    },
  ];
}

/** Log content: objects (decrypted through S3 only), archived objects restored for reading, and the log group. */
function readLogsStatements(account: AwsAccount, r: AuditResources): PolicyStatement[] {
  return [
    ...ifPresent(r.storage, (s) => [
      {
        sid: 'ListLogObjects',
        actions: ['s3:ListBucket', 's3:ListBucketVersions'],
        resources: bucketsOf(s),
      },
      {
        sid: 'ReadLogObjects',
        actions: ['s3:GetObject', 's3:GetObjectAttributes', 's3:GetObjectLegalHold', 's3:GetObjectRetention', 's3:GetObjectVersion'],
        resources: objectsOf(s),
      },
      {
        // A readable temporary copy of an archived log (GLACIER, DEEP_ARCHIVE); the object itself is unchanged. Alarmed.
        sid: 'RestoreArchivedLogObjects',
        actions: ['s3:RestoreObject'],
        resources: [`${s.auditBucketArn}/*`],
      },
      {
        sid: 'DecryptLogObjectsThroughS3',
        actions: ['kms:Decrypt'],
        resources: [r.keyArn],
        conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [serviceEndpoint(account, 's3')] }],
      },
    ]),
    ...ifPresent(r.delivery, (d) => [
      {
        // KMS does not limit who reads a log group: CloudWatch Logs decrypts for any caller with these actions.
        sid: 'ReadLogGroup',
        actions: ['logs:DescribeLogStreams', 'logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:GetQueryResults', 'logs:StartQuery', 'logs:StopQuery'],
        resources: logGroupResources(d),
      },
      {
        sid: 'LookupManagementEvents',
        actions: ['cloudtrail:LookupEvents'],
        resources: ['*'],
      },
    ]),
  ];
}

/**
 * Operating, not configuring: acknowledge and test alarms, re-enable their actions, subscribe people to
 * the alarm topic. What is logged and what is alarmed change only through a deploy.
 */
function operateStatements(d: LogDelivery, account: AwsAccount): PolicyStatement[] {
  return [
    {
      sid: 'OperateAlarms',
      actions: ['cloudwatch:DescribeAlarmHistory', 'cloudwatch:EnableAlarmActions', 'cloudwatch:SetAlarmState'],
      resources: baselineAlarms(account, d),
    },
    {
      sid: 'ReadMetricFilters',
      actions: ['logs:DescribeMetricFilters'],
      resources: logGroupResources(d),
    },
    {
      sid: 'OperateAlarmTopic',
      actions: ['sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:Subscribe'],
      resources: [d.alarmTopicArn],
    },
  ];
}

/**
 * Explicit, so no later grant can give the log-admin the power to destroy evidence or weaken logging
 * and alarms. CloudTrail has no condition keys that could narrow trail-settings writes, so they are
 * all denied.
 */
function denyWeakeningStatement(): PolicyStatement {
  return {
    sid: 'DenyDestroyingEvidenceOrWeakeningLogging',
    effect: 'Deny',
    actions: [
      'cloudtrail:DeleteTrail',
      'cloudtrail:PutEventSelectors',
      'cloudtrail:PutInsightSelectors',
      'cloudtrail:StopLogging',
      'cloudtrail:UpdateTrail',
      'cloudwatch:DeleteAlarms',
      'cloudwatch:DisableAlarmActions',
      'cloudwatch:PutMetricAlarm',
      'kms:CreateGrant',
      'kms:DisableKey',
      'kms:DisableKeyRotation',
      'kms:PutKeyPolicy',
      'kms:ScheduleKeyDeletion',
      'logs:DeleteLogGroup',
      'logs:DeleteLogStream',
      'logs:DeleteMetricFilter',
      'logs:DeleteRetentionPolicy',
      'logs:DisassociateKmsKey',
      'logs:PutMetricFilter',
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
      'sns:SetSubscriptionAttributes',
      'sns:SetTopicAttributes',
      'sns:Unsubscribe',
    ],
    resources: ['*'],
  };
}

/**
 * The auditor is the only baseline role that reads the CloudWatch Logs copy of the trail. KMS cannot
 * enforce that (CloudWatch Logs decrypts for any caller with logs: read permissions), so roles that need
 * logs: write access are denied the reads explicitly.
 */
function denyReadingLogGroup(d: LogDelivery): PolicyStatement {
  return {
    sid: 'DenyReadingTheLogGroup',
    effect: 'Deny',
    actions: LOG_GROUP_READS,
    resources: logGroupResources(d),
  };
}

/** Every way to read a log group's events, or to copy them elsewhere (export, subscription). */
export const LOG_GROUP_READS = [
  'logs:CreateExportTask',
  'logs:FilterLogEvents',
  'logs:GetLogEvents',
  'logs:GetLogRecord',
  'logs:GetQueryResults',
  'logs:PutSubscriptionFilter',
  'logs:StartLiveTail',
  'logs:StartQuery',
  'logs:Unmask',
];

function breakGlassStatements(r: AuditResources, account: AwsAccount): PolicyStatement[] {
  return [
    ...ifPresent(r.storage, (s) => [{ sid: 'RepairLogBuckets', actions: ['s3:*'], resources: [...bucketsOf(s), ...objectsOf(s)] }]),
    ...ifPresent(r.delivery, (d) => [
      { sid: 'RepairTrail', actions: ['cloudtrail:*'], resources: [d.trailArn] },
      { sid: 'RepairLogGroup', actions: ['logs:*'], resources: logGroupResources(d) },
    ]),
    {
      sid: 'RepairKey',
      actions: [
        'kms:CancelKeyDeletion',
        'kms:CreateGrant',
        'kms:DescribeKey',
        'kms:EnableKey',
        'kms:EnableKeyRotation',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:ListGrants',
        'kms:PutKeyPolicy',
        'kms:RevokeGrant',
      ],
      resources: [r.keyArn],
    },
    ...ifPresent(r.delivery, (d) => [
      { sid: 'RepairAlarms', actions: ['cloudwatch:*'], resources: baselineAlarms(account, d) },
      { sid: 'RepairAlarmTopic', actions: ['sns:*'], resources: [d.alarmTopicArn] },
      {
        sid: 'DescribeTrails',
        actions: ['cloudtrail:DescribeTrails', 'cloudtrail:ListTrails', 'cloudwatch:DescribeAlarms', 'logs:DescribeLogGroups'],
        resources: ['*'],
      },
    ]),
  ];
}
