import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import type { AccessLogBucket } from './access-log-bucket';
import { type AwsAccount, bucketArnOf, servicePrincipal } from './aws-account';
import { blockPublicAccessAndAcls, denyInsecureTransport, denyTamperingExceptBreakGlass } from './bucket-protection';
import type { ObjectLockRetention } from './object-lock-retention';
import { policyDocument } from './policy-document';

/** A storage-class transition of log objects. */
export interface LogTransition {
  /** Days after creation. */
  readonly days: number;
  /** Target storage class, e.g. "GLACIER_IR". */
  readonly storageClass: string;
}

export interface AuditLogBucketProps {
  /** Account and region of the bucket. */
  readonly account: AwsAccount;
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** Default retention applied to every new object version. */
  readonly retention: ObjectLockRetention;
  /** KMS key ARN for default encryption (SSE-KMS with a bucket key). */
  readonly kmsKeyArn: string;
  /** ARN of the one trail allowed to write (built as a string: see `arnOf`). */
  readonly trailArn: string;
  /**
   * Key prefix under which CloudTrail writes.
   * @default - none: logs go to AWSLogs/<account>/
   */
  readonly trailS3KeyPrefix?: string;
  /** ARN of the break-glass role, the only principal allowed to delete or weaken. */
  readonly breakGlassRoleArn: string;
  /** Bucket that receives this bucket's S3 server access logs. */
  readonly accessLogBucket: AccessLogBucket;
  /** Days after creation when log objects expire; at least the retention. */
  readonly expirationDays: number;
  /**
   * Storage-class transitions, in increasing order of days, all before expiration.
   * @default - none
   */
  readonly transitions?: readonly LogTransition[];
  /**
   * Days after a version becomes noncurrent when it expires; at least the retention.
   * @default expirationDays
   */
  readonly noncurrentVersionExpirationDays?: number;
}

/**
 * The WORM bucket CloudTrail delivers to: Object Lock with default retention, versioning, SSE-KMS,
 * no public access, no ACLs, and a policy that lets only this trail write and only break-glass
 * delete or weaken. Every read is itself logged by the trail's S3 data events.
 */
export class AuditLogBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;
  /** The bucket's ARN, known at synthesis (safe to use in policies without dependency cycles). */
  readonly bucketArn: string;
  private readonly deliveringTrailArns: string[] = [];

  constructor(scope: Construct, id: string, props: AuditLogBucketProps) {
    super(scope, id);
    const transitions = props.transitions ?? [];
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? props.expirationDays;
    const retentionDays = props.retention.days;
    if (props.expirationDays < retentionDays) {
      throw new Error(
        `AuditLogBucket ${id}: expirationDays (${props.expirationDays}) must be >= the retention (${retentionDays} days): S3 cannot expire a locked version`,
      );
    }
    if (noncurrentDays < retentionDays) {
      throw new Error(`AuditLogBucket ${id}: noncurrentVersionExpirationDays (${noncurrentDays}) must be >= the retention (${retentionDays} days)`);
    }
    const late = transitions.find((t) => t.days >= props.expirationDays);
    if (late) {
      throw new Error(
        `AuditLogBucket ${id}: transition to ${late.storageClass} at ${late.days} days must come before expiration (${props.expirationDays} days)`,
      );
    }
    const { account } = props;
    this.bucketArn = bucketArnOf(account, props.bucketName);
    const prefix = props.trailS3KeyPrefix ? `${props.trailS3KeyPrefix}/` : '';

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      objectLockEnabled: true,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;
    const versioning = new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    const settings = [
      versioning,
      new S3BucketObjectLockConfigurationA(this, 'object-lock', {
        bucket,
        objectLockEnabled: 'Enabled',
        rule: { defaultRetention: { mode: props.retention.mode, days: retentionDays } },
        dependsOn: [versioning],
      }),
      new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
        bucket,
        rule: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn },
            bucketKeyEnabled: true,
          },
        ],
      }),
      ...blockPublicAccessAndAcls(this, bucket),
      new S3BucketLifecycleConfiguration(this, 'lifecycle', {
        bucket,
        rule: [
          {
            id: 'audit-log-retention',
            status: 'Enabled',
            filter: [{}],
            transition: transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })),
            expiration: [{ days: props.expirationDays }],
            noncurrentVersionExpiration: [{ noncurrentDays }],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          },
        ],
        dependsOn: [versioning],
      }),
      new S3BucketLoggingA(this, 'access-logging', {
        bucket,
        targetBucket: props.accessLogBucket.bucket.id,
        targetPrefix: `${props.bucketName}/`,
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
        dependsOn: [props.accessLogBucket.policy],
      }),
    ];

    const cloudtrail = [{ type: 'Service' as const, identifiers: [servicePrincipal(account, 'cloudtrail')] }];
    const fromThisTrail = { test: 'StringEquals', variable: 'aws:SourceArn', values: [props.trailArn] };
    const document = policyDocument(this, 'policy-document', [
      denyInsecureTransport(this.bucketArn),
      {
        sid: 'CloudTrailChecksBucketAcl',
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucketArn],
        principals: cloudtrail,
        conditions: [fromThisTrail],
      },
      {
        sid: 'CloudTrailWritesLogs',
        actions: ['s3:PutObject'],
        resources: [`${this.bucketArn}/${prefix}AWSLogs/${account.accountId}/*`],
        principals: cloudtrail,
        conditions: [{ test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] }, fromThisTrail],
      },
      denyTamperingExceptBreakGlass(this.bucketArn, props.breakGlassRoleArn),
    ]);
    // Applied last: once it is in place, only break-glass may change the settings above.
    this.policy = new S3BucketPolicy(this, 'policy', { bucket, policy: document.json, dependsOn: settings });

    // Which trail delivers here is known only once the trail is added, after this bucket.
    this.node.addValidation({
      validate: () =>
        this.deliveringTrailArns.length === 0
          ? [`AuditLogBucket ${id}: no trail delivers to this bucket; add an AuditTrail for ${props.trailArn}`]
          : this.deliveringTrailArns
              .filter((arn) => arn !== props.trailArn)
              .map((arn) => `AuditLogBucket ${id}: trail ${arn} delivers here, but the bucket policy lets only ${props.trailArn} write`),
    });
  }

  /** Records the trail that delivers to this bucket; validation checks the policy lets it write. */
  addDeliveringTrail(trailArn: string): void {
    this.deliveringTrailArns.push(trailArn);
  }
}
