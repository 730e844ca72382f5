import { Cloudtrail, type CloudtrailAdvancedEventSelector, type CloudtrailAdvancedEventSelectorFieldSelector } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import type { AuditKey } from './audit-key';
import { AuditLogBucket } from './audit-log-bucket';
import { type AwsAccount, arnOf, servicePrincipal } from './aws-account';
import { policyDocument } from './policy-document';

/** CloudTrail's limit on the values of all advanced event selectors of a trail ("Quotas in AWS CloudTrail"). */
const MAX_SELECTOR_VALUES = 500;

/** Object-level S3 events to log beside those of the audit bucket. */
export interface S3DataEvents {
  /** Bucket or prefix ARNs (arn:aws:s3:::bucket[/prefix]). */
  readonly s3Arns: readonly string[];
  /** "All", "ReadOnly" or "WriteOnly". */
  readonly readWriteType: 'All' | 'ReadOnly' | 'WriteOnly';
}

/**
 * A WORM bucket deployed by another stack in another account (an organization's log archive), named
 * by strings so no stack refers to another's resources.
 */
export interface ExternalTrailBucket {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** @default - none: logs go to AWSLogs/<account or organization>/ */
  readonly trailS3KeyPrefix?: string;
}

export interface AuditTrailProps {
  /** Account and region of the trail (its home region). */
  readonly account: AwsAccount;
  /** Trail name. */
  readonly trailName: string;
  /** The WORM bucket the trail delivers to: in this stack, or another account's. */
  readonly bucket: AuditLogBucket | ExternalTrailBucket;
  /** Key that encrypts the log group, and the log files unless `logFileKeyArn` is given. */
  readonly key: AuditKey;
  /**
   * ARN of a key (or of its alias) in another account that encrypts the log files: the log archive's
   * key, for a trail delivering to an external bucket.
   * @default - `key`
   */
  readonly logFileKeyArn?: string;
  /**
   * An organization trail: it logs every account of the organization (only the management account, or
   * a delegated administrator, can create one).
   * @default false
   */
  readonly organizationTrail?: boolean;
  /** Name of the CloudWatch log group the trail delivers to. */
  readonly logGroupName: string;
  /** Retention of the log group, in days. */
  readonly logGroupRetentionDays: number;
  /** Permissions boundary of the CloudWatch Logs delivery role. */
  readonly permissionsBoundaryArn: string;
  /**
   * Object-level events of other buckets.
   * @default - only the audit bucket's own reads and changes
   */
  readonly additionalDataEvents?: S3DataEvents;
}

/**
 * A multi-region trail (an account's or an organization's) with global service events, log-file
 * validation and Insights, encrypted with the audit key, logging management events (read and write) and every read and change of the audit bucket
 * itself except CloudTrail's own deliveries, delivered to S3 (under the bucket's trail prefix) and to an
 * encrypted CloudWatch log group for the alarms.
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly logGroup: CloudwatchLogGroup;
  readonly deliveryRole: IamRole;
  /** Name of the CloudWatch Logs delivery role, known at synthesis (the baseline alarms name it). */
  readonly deliveryRoleName: string;
  /** The trail's ARN, known at synthesis (safe to use in policies without dependency cycles). */
  readonly trailArn: string;

  /** The ARN a trail of this name will have; bucket and key policies need it before the trail exists. */
  static arnFor(account: AwsAccount, trailName: string): string {
    return arnOf(account, 'cloudtrail', `trail/${trailName}`);
  }

  /** The ARN a log group of this name will have (without the ":*" suffix). */
  static logGroupArnFor(account: AwsAccount, logGroupName: string): string {
    return arnOf(account, 'logs', `log-group:${logGroupName}`);
  }

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { account } = props;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/.test(props.trailName)) {
      throw new Error(`AuditTrail ${id}: trailName must be 3-128 letters, digits, ".", "_" or "-", starting with a letter or digit; got "${props.trailName}"`);
    }
    const extra = props.additionalDataEvents;
    const bucket = props.bucket;
    this.trailArn = AuditTrail.arnFor(account, props.trailName);
    if (bucket instanceof AuditLogBucket) bucket.addDeliveringTrail(this.trailArn);

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: props.logGroupName,
      retentionInDays: props.logGroupRetentionDays,
      kmsKeyId: props.key.key.arn,
      // Keep the copy of the logs when the stack is destroyed.
      skipDestroy: true,
    });

    const trust = policyDocument(this, 'delivery-role-trust', [
      {
        sid: 'CloudTrailOfThisTrail',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: [servicePrincipal(account, 'cloudtrail')] }],
        conditions: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [this.trailArn] }],
      },
    ]);
    this.deliveryRoleName = `${props.trailName}-cloudwatch-delivery`;
    this.deliveryRole = new IamRole(this, 'delivery-role', {
      name: this.deliveryRoleName,
      description: `Lets CloudTrail ${props.trailName} write to its log group ${props.logGroupName}`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    const deliver = policyDocument(this, 'delivery-policy', [
      {
        sid: 'WriteTrailLogStreams',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${AuditTrail.logGroupArnFor(account, props.logGroupName)}:log-stream:*`],
      },
    ]);
    const deliveryPolicy = new IamRolePolicy(this, 'delivery-role-policy', {
      name: 'cloudwatch-logs-delivery',
      role: this.deliveryRole.id,
      policy: deliver.json,
    });

    const s3Objects = (arns: readonly string[]): CloudtrailAdvancedEventSelectorFieldSelector[] => [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
      { field: 'resources.ARN', startsWith: [...arns] },
    ];
    const auditObjects = s3Objects([`${bucket.bucketArn}/`]);
    const canaryKeyPrefix = 'canaryKeyPrefix' in props.bucket ? props.bucket.canaryKeyPrefix : undefined;
    const selectors: CloudtrailAdvancedEventSelector[] = [
      { name: 'Management events', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] },
      // Who read the evidence is evidence.
      { name: 'Reads of the audit logs', fieldSelector: [...auditObjects, { field: 'readOnly', equalTo: ['true'] }] },
      {
        // Deletes, retention and legal-hold changes, restores. Not PutObject: CloudTrail's own deliveries
        // would each be logged, and that log delivered, and so on ("recursive logging"; the 5.100 provider
        // has no RecursiveLogging attribute). The bucket policy refuses PutObject to everyone else, and S3
        // server access logs record any attempt.
        name: 'Changes to the audit logs except deliveries',
        fieldSelector: [...auditObjects, { field: 'readOnly', equalTo: ['false'] }, { field: 'eventName', notEquals: ['PutObject'] }],
      },
      // The verify canary is written by people's roles, not CloudTrail: its writes are recorded, PutObject included.
      ...(canaryKeyPrefix
        ? [
            {
              name: 'Writes of the verify canary',
              fieldSelector: [...s3Objects([`${props.bucket.bucketArn}/${canaryKeyPrefix}`]), { field: 'readOnly', equalTo: ['false'] }],
            },
          ]
        : []),
    ];
    if (extra && extra.s3Arns.length > 0) {
      const readOnly = { ReadOnly: ['true'], WriteOnly: ['false'], All: undefined }[extra.readWriteType];
      selectors.push({
        name: 'Configured S3 data events',
        fieldSelector: [
          ...s3Objects(extra.s3Arns.map((a) => (a.includes('/') ? a : `${a}/`))),
          ...(readOnly ? [{ field: 'readOnly', equalTo: readOnly }] : []),
        ],
      });
    }

    const values = selectors
      .flatMap((sel) => sel.fieldSelector as CloudtrailAdvancedEventSelectorFieldSelector[])
      .flatMap((f) => [...(f.equalTo ?? []), ...(f.notEquals ?? []), ...(f.startsWith ?? [])]).length;
    if (values > MAX_SELECTOR_VALUES) {
      throw new Error(
        `AuditTrail ${id}: the event selectors hold ${values} values (additionalDataEvents.s3Arns has ${extra?.s3Arns.length}); CloudTrail allows at most ${MAX_SELECTOR_VALUES} per trail`,
      );
    }

    const local = bucket instanceof AuditLogBucket;
    this.trail = new Cloudtrail(this, 'trail', {
      name: props.trailName,
      s3BucketName: local ? bucket.bucket.id : bucket.bucketName,
      s3KeyPrefix: bucket.trailS3KeyPrefix,
      isMultiRegionTrail: true,
      isOrganizationTrail: props.organizationTrail ? true : undefined,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: props.logFileKeyArn ?? props.key.key.arn,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: this.deliveryRole.arn,
      advancedEventSelector: selectors,
      insightSelector: [{ insightType: 'ApiCallRateInsight' }, { insightType: 'ApiErrorRateInsight' }],
      // CloudTrail checks bucket access and key access when the trail is created; an external bucket
      // and key are deployed first by the stack this one depends on.
      dependsOn: [...(local ? [bucket.policy] : []), props.key.key, deliveryPolicy],
    });
  }
}
