import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { type AwsAccount, accountRootArn, serviceEndpoint, servicePrincipal } from './aws-account';
import { type PolicyStatement, policyDocument } from './policy-document';

export interface AuditKeyProps {
  /** Account and region of the key. */
  readonly account: AwsAccount;
  /** Alias name, starting with "alias/". */
  readonly aliasName: string;
  /**
   * ARN of the trail that encrypts log files with this key (built as a string: see `arnOf`); an
   * organization trail's ARN is in the management account, and so is its encryption context.
   * @default - none: the key encrypts no trail's log files
   */
  readonly trailArn?: string;
  /**
   * ARN of the CloudWatch log group encrypted with this key (without the ":*" suffix).
   * @default - none: the key encrypts no log group
   */
  readonly logGroupArn?: string;
  /**
   * ARN of the SNS topic for alarms encrypted with this key.
   * @default - none: the key encrypts no alarm topic
   */
  readonly alarmTopicArn?: string;
  /**
   * Roles allowed to decrypt log files, through S3 only: the auditors. At least one when the key
   * encrypts a trail's log files.
   * @default - none
   */
  readonly decryptRoleArns?: readonly string[];
  /**
   * Roles that read the key's configuration and nothing else (the verifiers: terraform's refresh and
   * `auditready verify` describe the key, its policy, rotation and tags).
   * @default - none
   */
  readonly readerRoleArns?: readonly string[];
  /** Roles that run `cdktf deploy`: they administer the key (policy, rotation, tags), never use, disable or delete it. */
  readonly deployerRoleArns: readonly string[];
  /** The break-glass role: administers the key like the deployers and may also grant AWS services use of it. */
  readonly breakGlassRoleArn: string;
  /**
   * Resources that must exist before the key policy names them (KMS rejects a key policy whose
   * principal is a role that does not exist yet).
   * @default - none
   */
  readonly principalsToWaitFor?: readonly ITerraformDependable[];
  /**
   * Days between automatic rotations (KMS allows 90-2560).
   * @default 365
   */
  readonly rotationPeriodDays?: number;
  /**
   * Waiting period before a scheduled deletion; audit keys keep the longest KMS allows.
   * @default 30
   */
  readonly deletionWindowDays?: number;
}

/**
 * The customer-managed KMS key for audit logs: rotation on, a 30-day deletion window, and a key
 * policy in which each service may use the key only for its own resource, only auditors decrypt, only
 * the deployers and break-glass administer it, and no IAM policy can add to that (the policy does not
 * delegate to the account's IAM).
 */
export class AuditKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: AuditKeyProps) {
    super(scope, id);
    const rotationPeriodDays = props.rotationPeriodDays ?? 365;
    const deletionWindowDays = props.deletionWindowDays ?? 30;
    if (!Number.isInteger(rotationPeriodDays) || rotationPeriodDays < 90 || rotationPeriodDays > 2560) {
      throw new Error(`AuditKey ${id}: rotationPeriodDays must be a whole number from 90 to 2560, got ${rotationPeriodDays}`);
    }
    if (!Number.isInteger(deletionWindowDays) || deletionWindowDays < 7 || deletionWindowDays > 30) {
      throw new Error(`AuditKey ${id}: deletionWindowDays must be a whole number from 7 to 30, got ${deletionWindowDays}`);
    }
    if (!props.aliasName.startsWith('alias/') || props.aliasName.startsWith('alias/aws/')) {
      throw new Error(`AuditKey ${id}: aliasName must start with "alias/" and not "alias/aws/", got "${props.aliasName}"`);
    }
    if (props.trailArn === undefined && props.logGroupArn === undefined && props.alarmTopicArn === undefined) {
      throw new Error(`AuditKey ${id}: give at least one of trailArn, logGroupArn or alarmTopicArn: a key that encrypts nothing has no place in the baseline`);
    }
    if (props.trailArn !== undefined && (props.decryptRoleArns ?? []).length === 0) {
      throw new Error(`AuditKey ${id}: decryptRoleArns must name at least one role, or nobody could read the logs`);
    }
    if (props.deployerRoleArns.length === 0) {
      // KMS refuses (policy-lockout safety check) a key policy that does not let the creating principal put the next one.
      throw new Error(`AuditKey ${id}: deployerRoleArns must name at least one role: the role that creates the key must be able to change its policy`);
    }

    const policy = policyDocument(this, 'policy', keyPolicyStatements(props));
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts audit logs: ${uses(props)} (${props.aliasName})`,
      enableKeyRotation: true,
      rotationPeriodInDays: rotationPeriodDays,
      deletionWindowInDays: deletionWindowDays,
      policy: policy.json,
      dependsOn: props.principalsToWaitFor ? [...props.principalsToWaitFor] : undefined,
      lifecycle: { preventDestroy: true },
    });
    this.alias = new KmsAlias(this, 'alias', { name: props.aliasName, targetKeyId: this.key.keyId });
  }
}

/**
 * Administration, listed one action at a time: no `kms:Create*` (which includes CreateGrant, a way to
 * give oneself Decrypt), nothing that uses, disables or deletes the key.
 */
const KEY_ADMINISTRATION = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** What the key encrypts, for its description. */
function uses(props: AuditKeyProps): string {
  const all = props.trailArn !== undefined && props.logGroupArn !== undefined && props.alarmTopicArn !== undefined;
  if (all) return 'CloudTrail, its CloudWatch log group and alarm topic';
  const parts = [
    ...(props.trailArn !== undefined ? ['CloudTrail log files'] : []),
    ...(props.logGroupArn !== undefined ? ['the CloudWatch log group'] : []),
    ...(props.alarmTopicArn !== undefined ? ['the alarm topic'] : []),
  ];
  return parts.join(', ');
}

function keyPolicyStatements(props: AuditKeyProps): PolicyStatement[] {
  const { account } = props;
  const decryptRoleArns = props.decryptRoleArns ?? [];
  return [
    {
      // Named roles, not the account: an IAM policy granting kms:* gives nobody else any power over this key.
      sid: 'DeployersAndBreakGlassAdministerKey',
      actions: KEY_ADMINISTRATION,
      resources: ['*'],
      principals: [{ type: 'AWS', identifiers: [...props.deployerRoleArns, props.breakGlassRoleArn] }],
    },
    {
      // Last resort if the named roles are deleted: the root user itself (not IAM principals, which
      // aws:PrincipalType "Account" excludes) can restore the policy; root use raises CIS 5.3.
      sid: 'RootUserRecoversKeyPolicy',
      actions: ['kms:CancelKeyDeletion', 'kms:DescribeKey', 'kms:EnableKey', 'kms:GetKeyPolicy', 'kms:PutKeyPolicy'],
      resources: ['*'],
      principals: [{ type: 'AWS', identifiers: [accountRootArn(account)] }],
      conditions: [{ test: 'StringEquals', variable: 'aws:PrincipalType', values: ['Account'] }],
    },
    {
      // Grants only for AWS services acting on the break-glass role's behalf, never a grant to a person ("kms:GrantIsForAWSResource").
      sid: 'BreakGlassGrantsToAwsServices',
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      principals: [{ type: 'AWS', identifiers: [props.breakGlassRoleArn] }],
      conditions: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
    },
    ...(props.trailArn !== undefined ? cloudTrailStatements(account, props.trailArn) : []),
    ...(props.logGroupArn !== undefined
      ? [
          {
            // "Encrypt log data in CloudWatch Logs using AWS KMS": the regional logs principal, bound to the log group.
            sid: 'CloudWatchLogsEncryptsTrailLogGroup',
            actions: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
            resources: ['*'],
            principals: [{ type: 'Service' as const, identifiers: [servicePrincipal(account, 'logs')] }],
            conditions: [{ test: 'ArnEquals', variable: 'kms:EncryptionContext:aws:logs:arn', values: [props.logGroupArn] }],
          },
        ]
      : []),
    ...(props.alarmTopicArn !== undefined
      ? [
          {
            sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
            actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            resources: ['*'],
            principals: [{ type: 'Service' as const, identifiers: [servicePrincipal(account, 'cloudwatch')] }],
            conditions: [
              { test: 'StringEquals', variable: 'kms:EncryptionContext:aws:sns:topicArn', values: [props.alarmTopicArn] },
              { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] },
            ],
          },
        ]
      : []),
    ...(props.readerRoleArns?.length
      ? [
          {
            sid: 'VerifiersReadKeyConfiguration',
            actions: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
            resources: ['*'],
            principals: [{ type: 'AWS' as const, identifiers: [...props.readerRoleArns] }],
          },
        ]
      : []),
    ...(decryptRoleArns.length > 0
      ? [
          {
            sid: 'AuditorsDecryptThroughS3',
            actions: ['kms:Decrypt', 'kms:DescribeKey'],
            resources: ['*'],
            principals: [{ type: 'AWS' as const, identifiers: [...decryptRoleArns] }],
            conditions: [
              { test: 'StringEquals', variable: 'kms:ViaService', values: [serviceEndpoint(account, 's3')] },
              { test: 'StringEquals', variable: 'kms:CallerAccount', values: [account.accountId] },
            ],
          },
        ]
      : []),
  ];
}

/**
 * CloudTrail encrypts log files for the one trail, wherever it lives: the encryption context names
 * trails of the trail's own account (for an organization trail, the management account's, whatever
 * member account an event came from).
 */
function cloudTrailStatements(account: AwsAccount, trailArn: string): PolicyStatement[] {
  const cloudtrail = [{ type: 'Service' as const, identifiers: [servicePrincipal(account, 'cloudtrail')] }];
  const fromThisTrail = { test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] };
  const trailAccount = trailArn.split(':')[4];
  return [
    {
      sid: 'CloudTrailEncryptsLogs',
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      principals: cloudtrail,
      conditions: [
        {
          test: 'StringLike',
          variable: 'kms:EncryptionContext:aws:cloudtrail:arn',
          values: [`arn:${account.partition}:cloudtrail:*:${trailAccount}:trail/*`],
        },
        fromThisTrail,
      ],
    },
    {
      // "Configure AWS KMS key policies for CloudTrail": with an S3 Bucket Key, CloudTrail needs Decrypt to
      // create or update the trail. Bound to this trail; no encryption-context condition, which that
      // request does not carry.
      sid: 'CloudTrailDecryptsForBucketKey',
      actions: ['kms:Decrypt'],
      resources: ['*'],
      principals: cloudtrail,
      conditions: [fromThisTrail],
    },
    {
      sid: 'CloudTrailDescribesKey',
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      principals: cloudtrail,
      conditions: [fromThisTrail],
    },
  ];
}
