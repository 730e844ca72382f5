/**
 * The IAM policy of the role that runs `auditready verify` (and `validate-logs`, in the scheduled workflow):
 * the reads terraform's refresh makes for every resource type of the stack, the reads verify makes itself,
 * the reads of the logs validate-logs makes, and with `proveWorm` the one grant that writes: the canary.
 * Nothing else writes. Printed by `auditready verify --print-iam-policy --env <name> [--prove-worm]`.
 */
import { CANARY_PREFIX } from '../standard/canary';

/** What the policy names: the environment's account, region and resources, and where its state is. */
export interface IamSubject {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly names: {
    readonly auditBucket: string;
    readonly accessLogBucket: string;
    readonly trailArn: string;
    readonly logGroup: string;
    readonly topicArn: string;
    /** Prefix of the stack's alarm, role and policy names. */
    readonly namePrefix: string;
  };
  /** The S3 backend; absent, the state is a local file and needs no grant. */
  readonly stateBackend?: { readonly bucket: string; readonly key: string };
}

export interface IamStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface IamPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly IamStatement[];
}

/** Bucket-level reads of the AWS provider's refresh of aws_s3_bucket and its split resources, and of verify's own S3 checks. */
export const BUCKET_READS = [
  's3:GetAccelerateConfiguration',
  's3:GetBucketAcl',
  's3:GetBucketCORS',
  's3:GetBucketLogging',
  's3:GetBucketObjectLockConfiguration',
  's3:GetBucketOwnershipControls',
  's3:GetBucketPolicy',
  's3:GetBucketPublicAccessBlock',
  's3:GetBucketRequestPayment',
  's3:GetBucketTagging',
  's3:GetBucketVersioning',
  's3:GetBucketWebsite',
  's3:GetEncryptionConfiguration',
  's3:GetLifecycleConfiguration',
  's3:GetReplicationConfiguration',
  's3:ListBucket',
] as const;

export function verifyIamPolicy(subject: IamSubject, options: { readonly proveWorm: boolean }): IamPolicy {
  const { partition: p, accountId: a, region: r, names } = subject;
  const bucket = (name: string) => `arn:${p}:s3:::${name}`;
  const statements: IamStatement[] = [
    { Sid: 'ReadBucketSettings', Effect: 'Allow', Action: BUCKET_READS, Resource: [bucket(names.auditBucket), bucket(names.accessLogBucket)] },
    {
      Sid: 'ReadKey',
      Effect: 'Allow',
      Action: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
      Resource: [`arn:${p}:kms:${r}:${a}:key/*`],
    },
    {
      Sid: 'ReadTrail',
      Effect: 'Allow',
      Action: ['cloudtrail:GetEventSelectors', 'cloudtrail:GetInsightSelectors', 'cloudtrail:GetTrailStatus', 'cloudtrail:ListTags'],
      Resource: [names.trailArn],
    },
    {
      Sid: 'ReadLogGroup',
      Effect: 'Allow',
      Action: ['logs:DescribeMetricFilters', 'logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
      Resource: [`arn:${p}:logs:${r}:${a}:log-group:${names.logGroup}`, `arn:${p}:logs:${r}:${a}:log-group:${names.logGroup}:*`],
    },
    {
      Sid: 'ReadAlarms',
      Effect: 'Allow',
      Action: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
      Resource: [`arn:${p}:cloudwatch:${r}:${a}:alarm:${names.namePrefix}-*`],
    },
    {
      Sid: 'ReadTopic',
      Effect: 'Allow',
      Action: ['sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:ListTagsForResource'],
      Resource: [names.topicArn],
    },
    {
      Sid: 'ReadRoles',
      Effect: 'Allow',
      Action: ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:GetRole', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies'],
      Resource: [`arn:${p}:iam::${a}:role/${names.namePrefix}-*`, `arn:${p}:iam::${a}:policy/${names.namePrefix}-*`],
    },
    {
      // These actions take no resource: DescribeTrails also finds other trails writing to the audit bucket.
      Sid: 'ReadAccountWide',
      Effect: 'Allow',
      Action: ['cloudtrail:DescribeTrails', 'cloudtrail:ListPublicKeys', 'kms:ListAliases', 'logs:DescribeLogGroups', 'sns:GetSubscriptionAttributes'],
      Resource: ['*'],
    },
    // validate-logs: the log files and digests, decrypted through S3 only (the key policy names the verifier roles for this).
    { Sid: 'ReadLogFiles', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${bucket(names.auditBucket)}/AWSLogs/${a}/*`] },
    {
      Sid: 'DecryptLogFilesThroughS3',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [`arn:${p}:kms:${r}:${a}:key/*`],
      Condition: { StringEquals: { 'kms:ViaService': `s3.${r}.${p === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}` } },
    },
  ];
  if (subject.stateBackend) {
    const { bucket: stateBucket, key } = subject.stateBackend;
    statements.push(
      { Sid: 'ReadStateObject', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${bucket(stateBucket)}/${key}`] },
      {
        Sid: 'ListStateBucket',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [bucket(stateBucket)],
        Condition: { StringEquals: { 's3:prefix': key } },
      },
    );
  }
  if (options.proveWorm) {
    statements.push({
      // The bucket policy admits only COMPLIANCE retention of at most two days here.
      Sid: 'ProveWormCanary',
      Effect: 'Allow',
      Action: ['s3:GetObjectRetention', 's3:PutObject', 's3:PutObjectRetention'],
      Resource: [`${bucket(names.auditBucket)}/${CANARY_PREFIX}*`],
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
