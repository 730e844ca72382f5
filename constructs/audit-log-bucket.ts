import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { CANARY_PREFIX } from '../standard/canary';
import type { AccessLogBucket } from './access-log-bucket';
import { type AwsAccount, bucketArnOf, servicePrincipal } from './aws-account';
import {
  admitCanary,
  type BucketGuardians,
  blockPublicAccessAndAcls,
  denyEvidenceDestruction,
  denyInsecureTransport,
  denySettingsChanges,
  denyWritesExceptAdmitted,
} from './bucket-protection';
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
   * The organization whose organization trail writes here: CloudTrail writes every account's logs
   * under AWSLogs/<organization id>/ (organization ids look like "o-a1b2c3d4e5").
   * @default - none: the trail of this bucket's account writes under AWSLogs/<account>/
   */
  readonly organizationId?: string;
  /**
   * Key prefix under which CloudTrail writes (the trail reads it from here).
   * @default - none: logs go to AWSLogs/<account or organization>/
   */
  readonly trailS3KeyPrefix?: string;
  /** Who may change the bucket's settings (deployers, break-glass) and who may also destroy evidence (break-glass). */
  readonly guardians: BucketGuardians;
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
  /**
   * Roles that run `auditready verify --prove-worm`: the policy lets them write a short COMPLIANCE-locked
   * canary under the canary prefix (standard/canary.ts), and nothing else.
   * @default - none: no canary exception
   */
  readonly verifierRoleArns?: readonly string[];
}

/**
 * The WORM bucket CloudTrail delivers to: Object Lock with default retention, versioning, SSE-KMS,
 * no public access, no ACLs, and a policy in which only this trail (an account's or an organization's)
 * writes, only the deployers and
 * break-glass change settings, and only break-glass deletes versions or touches retention. Every
 * read is itself logged by the trail's S3 data events.
 */
export class AuditLogBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;
  /** The bucket's name and ARN, known at synthesis (safe to use in policies without dependency cycles). */
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Key prefix of the trail's log files, as the trail must be configured. */
  readonly trailS3KeyPrefix?: string;
  /** Key prefix the verifier roles write their canary under, when any are admitted; the trail records those writes. */
  readonly canaryKeyPrefix?: string;
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
    if (props.trailS3KeyPrefix !== undefined && !/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(props.trailS3KeyPrefix)) {
      throw new Error(
        `AuditLogBucket ${id}: trailS3KeyPrefix must be key-name segments separated by "/", without a leading or trailing "/"; got "${props.trailS3KeyPrefix}"`,
      );
    }
    if (props.accessLogBucket.source.bucketName !== props.bucketName) {
      throw new Error(
        `AuditLogBucket ${id}: accessLogBucket admits access logs of "${props.accessLogBucket.source.bucketName}", not of this bucket "${props.bucketName}"`,
      );
    }
    if (props.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
      throw new Error(`AuditLogBucket ${id}: organizationId must be "o-" and 10-32 lowercase letters or digits, got "${props.organizationId}"`);
    }
    const { account } = props;
    this.bucketName = props.bucketName;
    this.bucketArn = bucketArnOf(account, props.bucketName);
    this.trailS3KeyPrefix = props.trailS3KeyPrefix;
    const prefix = props.trailS3KeyPrefix ? `${props.trailS3KeyPrefix}/` : '';
    if (`${prefix}AWSLogs/`.startsWith(CANARY_PREFIX)) {
      throw new Error(`AuditLogBucket ${id}: trailS3KeyPrefix "${props.trailS3KeyPrefix}" puts the logs under the verify canary prefix ${CANARY_PREFIX}`);
    }

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
        // CloudTrail log files are mostly under 128 KB, which S3 by default never transitions
        // (all_storage_classes_128K). This lets them reach the archive classes (GLACIER, DEEP_ARCHIVE);
        // the infrequent-access classes still take only objects of 128 KB or more, below which they
        // would bill more than STANDARD ("Transitioning objects using Amazon S3 Lifecycle").
        transitionDefaultMinimumObjectSize: 'varies_by_storage_class',
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
        targetPrefix: props.accessLogBucket.source.keyPrefix,
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
        dependsOn: [props.accessLogBucket.policy],
      }),
    ];

    const cloudtrail = [{ type: 'Service' as const, identifiers: [servicePrincipal(account, 'cloudtrail')] }];
    const fromThisTrail = { test: 'StringEquals', variable: 'aws:SourceArn', values: [props.trailArn] };
    const logPrefix = `${prefix}AWSLogs/${props.organizationId ?? account.accountId}/`;
    const verifiers = props.verifierRoleArns ?? [];
    const canary = verifiers.length > 0 ? admitCanary(this.bucketArn, props.guardians, verifiers) : undefined;
    this.canaryKeyPrefix = canary?.writer.keyPrefix;
    const document = policyDocument(this, 'policy-document', [
      denyInsecureTransport(this.bucketArn),
      {
        // "Amazon S3 bucket policy for CloudTrail".
        sid: 'CloudTrailChecksBucketAcl',
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucketArn],
        principals: cloudtrail,
        conditions: [fromThisTrail],
      },
      {
        sid: 'CloudTrailWritesLogs',
        actions: ['s3:PutObject'],
        resources: [`${this.bucketArn}/${logPrefix}*`],
        principals: cloudtrail,
        conditions: [{ test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] }, fromThisTrail],
      },
      ...denyWritesExceptAdmitted(this.bucketArn, [
        {
          sid: 'DenyLogWritesExceptThisTrail',
          keyPrefix: logPrefix,
          unlessFrom: { test: 'StringNotEquals', variable: 'aws:SourceArn', values: [props.trailArn] },
        },
        ...(canary ? [canary.writer] : []),
      ]),
      ...(canary ? canary.statements : [denyEvidenceDestruction(this.bucketArn, props.guardians)]),
      denySettingsChanges(this.bucketArn, props.guardians),
    ]);
    // Applied last: once it is in place, only the deployers and break-glass may change the settings above.
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

  /**
   * Records the trail that delivers to this bucket, in this stack or (an organization trail) in the
   * management account's; validation checks the policy lets it write.
   */
  addDeliveringTrail(trailArn: string): void {
    this.deliveringTrailArns.push(trailArn);
  }
}
