import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { type AwsAccount, accountRootArn, servicePrincipal } from './aws-account';
import { type PolicyStatement, policyDocument } from './policy-document';

export interface AuditKeyProps {
  /** Account and region of the key. */
  readonly account: AwsAccount;
  /** Alias name, starting with "alias/". */
  readonly aliasName: string;
  /** ARN of the trail that encrypts log files with this key (built as a string: see `arnOf`). */
  readonly trailArn: string;
  /** ARN of the CloudWatch log group encrypted with this key (without the ":*" suffix). */
  readonly logGroupArn: string;
  /** ARN of the SNS topic for alarms encrypted with this key. */
  readonly alarmTopicArn: string;
  /** Roles allowed to decrypt, through S3 only: the auditors. */
  readonly decryptRoleArns: readonly string[];
  /**
   * Resources that must exist before the key policy names them (IAM rejects a key policy whose
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
 * policy in which each service may use the key only for its own resource, only auditors decrypt,
 * and the account keeps administration but not use.
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
    if (props.decryptRoleArns.length === 0) {
      throw new Error(`AuditKey ${id}: decryptRoleArns must name at least one role, or nobody could read the logs`);
    }

    const policy = policyDocument(this, 'policy', keyPolicyStatements(props));
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts audit logs: CloudTrail, its CloudWatch log group and alarm topic (${props.aliasName})`,
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

function keyPolicyStatements(props: AuditKeyProps): PolicyStatement[] {
  const { account } = props;
  return [
    {
      // Administration only: no Encrypt/Decrypt/GenerateDataKey, so IAM policies cannot grant use.
      sid: 'AccountAdministersKey',
      actions: [
        'kms:CancelKeyDeletion',
        'kms:Create*',
        'kms:Delete*',
        'kms:Describe*',
        'kms:Disable*',
        'kms:Enable*',
        'kms:Get*',
        'kms:List*',
        'kms:Put*',
        'kms:Revoke*',
        'kms:RotateKeyOnDemand',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:Update*',
      ],
      resources: ['*'],
      principals: [{ type: 'AWS', identifiers: [accountRootArn(account)] }],
    },
    {
      sid: 'CloudTrailEncryptsLogs',
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      principals: [{ type: 'Service', identifiers: [servicePrincipal(account, 'cloudtrail')] }],
      conditions: [
        {
          test: 'StringLike',
          variable: 'kms:EncryptionContext:aws:cloudtrail:arn',
          values: [`arn:${account.partition}:cloudtrail:*:${account.accountId}:trail/*`],
        },
        { test: 'StringEquals', variable: 'aws:SourceArn', values: [props.trailArn] },
      ],
    },
    {
      sid: 'CloudTrailDescribesKey',
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      principals: [{ type: 'Service', identifiers: [servicePrincipal(account, 'cloudtrail')] }],
      conditions: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [props.trailArn] }],
    },
    {
      sid: 'CloudWatchLogsEncryptsTrailLogGroup',
      actions: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      resources: ['*'],
      principals: [{ type: 'Service', identifiers: [servicePrincipal(account, `logs.${account.region}`)] }],
      conditions: [{ test: 'ArnEquals', variable: 'kms:EncryptionContext:aws:logs:arn', values: [props.logGroupArn] }],
    },
    {
      sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      principals: [{ type: 'Service', identifiers: [servicePrincipal(account, 'cloudwatch')] }],
      conditions: [
        { test: 'StringEquals', variable: 'kms:EncryptionContext:aws:sns:topicArn', values: [props.alarmTopicArn] },
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] },
      ],
    },
    {
      sid: 'AuditorsDecryptThroughS3',
      actions: ['kms:Decrypt', 'kms:DescribeKey'],
      resources: ['*'],
      principals: [{ type: 'AWS', identifiers: [...props.decryptRoleArns] }],
      conditions: [
        { test: 'StringEquals', variable: 'kms:ViaService', values: [`s3.${account.region}.amazonaws.com`] },
        { test: 'StringEquals', variable: 'kms:CallerAccount', values: [account.accountId] },
      ],
    },
  ];
}
