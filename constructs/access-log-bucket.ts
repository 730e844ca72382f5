import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { type AwsAccount, bucketArnOf, servicePrincipal } from './aws-account';
import {
  type BucketGuardians,
  blockPublicAccessAndAcls,
  denyEvidenceDestruction,
  denyInsecureTransport,
  denySettingsChanges,
  denyWritesExceptAdmitted,
} from './bucket-protection';
import { policyDocument } from './policy-document';

export interface AccessLogBucketProps {
  /** Account and region of the bucket. */
  readonly account: AwsAccount;
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** Name of the bucket whose S3 server access logs this bucket receives. */
  readonly sourceBucketName: string;
  /** Who may change the bucket's settings (deployers, break-glass) and who may also destroy evidence (break-glass). */
  readonly guardians: BucketGuardians;
  /** Days after which access-log objects expire. */
  readonly expirationDays: number;
  /**
   * Days after which noncurrent versions expire.
   * @default expirationDays
   */
  readonly noncurrentVersionExpirationDays?: number;
}

/**
 * Receives the S3 server access logs of the audit bucket. AWS refuses SSE-KMS default encryption and
 * Object Lock default retention on a log target, so this bucket uses SSE-S3 and relies on versioning,
 * a policy in which only S3 logging of the audit bucket writes and only break-glass deletes, and the
 * audit bucket's own CloudTrail data events instead.
 */
export class AccessLogBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;
  /** The source bucket, and the key prefix its access logs must be delivered under (its target prefix). */
  readonly source: { readonly bucketName: string; readonly keyPrefix: string };

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? props.expirationDays;
    if (!Number.isInteger(props.expirationDays) || props.expirationDays < 1) {
      throw new Error(`AccessLogBucket ${id}: expirationDays must be a whole number >= 1, got ${props.expirationDays}`);
    }
    const { account } = props;
    const arn = bucketArnOf(account, props.bucketName);

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;
    const settings = [
      new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } }),
      new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
        bucket,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
      }),
      ...blockPublicAccessAndAcls(this, bucket),
      new S3BucketLifecycleConfiguration(this, 'lifecycle', {
        bucket,
        rule: [
          {
            id: 'access-log-retention',
            status: 'Enabled',
            filter: [{}],
            expiration: [{ days: props.expirationDays }],
            noncurrentVersionExpiration: [{ noncurrentDays }],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          },
        ],
      }),
    ];

    const logPrefix = `${props.sourceBucketName}/`;
    this.source = { bucketName: props.sourceBucketName, keyPrefix: logPrefix };
    const sourceBucketArn = bucketArnOf(account, props.sourceBucketName);
    const document = policyDocument(this, 'policy-document', [
      denyInsecureTransport(arn),
      {
        // "Enable Amazon S3 server access logging": the logging service principal, bound to the source bucket and account.
        sid: 'S3ServerAccessLogsFromAuditBucket',
        actions: ['s3:PutObject'],
        resources: [`${arn}/${logPrefix}*`],
        principals: [{ type: 'Service', identifiers: [servicePrincipal(account, 'logging.s3')] }],
        conditions: [
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [sourceBucketArn] },
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] },
        ],
      },
      ...denyWritesExceptAdmitted(arn, [
        {
          sid: 'DenyLogWritesExceptAuditBucketLogging',
          keyPrefix: logPrefix,
          unlessFrom: { test: 'ArnNotEquals', variable: 'aws:SourceArn', values: [sourceBucketArn] },
        },
      ]),
      denyEvidenceDestruction(arn, props.guardians),
      denySettingsChanges(arn, props.guardians),
    ]);
    // Applied last: once it is in place, only the deployers and break-glass may change the settings above.
    this.policy = new S3BucketPolicy(this, 'policy', { bucket, policy: document.json, dependsOn: settings });
  }
}
