import { TerraformStack, Testing } from 'cdktf';
import { loadEnvironments } from '../../config/load-environments';
import { AccessLogBucket } from '../../constructs/access-log-bucket';
import { AuditKey } from '../../constructs/audit-key';
import { AuditLogBucket, type AuditLogBucketProps } from '../../constructs/audit-log-bucket';
import { AuditTrail } from '../../constructs/audit-trail';
import { ObjectLockRetention } from '../../constructs/object-lock-retention';
import { environmentAccess, resourceCallers } from '../support/environment-access';
import { type Caller, decide, type PolicyJson } from '../support/iam-evaluator';
import {
  conditionValues,
  exampleEnvironment,
  resource,
  resourcesOf,
  statement,
  statementsOf,
  synthEnvironment,
  type TerraformJson,
} from '../support/terraform-json';

const account = { accountId: '333333333333', region: 'eu-central-1', partition: 'aws' };
const guardians = { deployerRoleArns: ['arn:aws:iam::333333333333:role/deployer'], breakGlassRoleArn: 'arn:aws:iam::333333333333:role/bg' };

/** An audit bucket with its access-log bucket and nothing else, for constructor and validation errors. */
function minimalBucket(stack: TerraformStack, overrides: Partial<AuditLogBucketProps> = {}): AuditLogBucket {
  const accessLogBucket = new AccessLogBucket(stack, 'logs', { account, bucketName: 'l', sourceBucketName: 'b', guardians, expirationDays: 400 });
  return new AuditLogBucket(stack, 'bucket', {
    account,
    bucketName: 'b',
    retention: ObjectLockRetention.of('COMPLIANCE', 365),
    kmsKeyArn: 'k',
    trailArn: 'arn:t',
    guardians,
    accessLogBucket,
    expirationDays: 400,
    ...overrides,
  });
}

describe('AuditLogBucket', () => {
  const tf = synthEnvironment('prod');
  const bucketRef = '${aws_s3_bucket.audit-bucket_bucket.id}';
  const part = (type: string, id: string) => resource(tf, type, `audit-bucket_${id}`);
  const policy = part('aws_s3_bucket_policy', 'policy');
  const statements = statementsOf(tf, policy.policy);
  const arn = 'arn:aws:s3:::prod-audit-logs-333333333333-eu-central-1';

  test('Object Lock is enabled at creation, the bucket cannot be force-destroyed or destroyed by terraform', () => {
    expect(part('aws_s3_bucket', 'bucket')).toMatchObject({
      bucket: 'prod-audit-logs-333333333333-eu-central-1',
      object_lock_enabled: true,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('default retention is COMPLIANCE for the configured days, after versioning is on', () => {
    expect(part('aws_s3_bucket_versioning', 'versioning')).toMatchObject({ bucket: bucketRef, versioning_configuration: { status: 'Enabled' } });
    expect(part('aws_s3_bucket_object_lock_configuration', 'object-lock')).toMatchObject({
      bucket: bucketRef,
      object_lock_enabled: 'Enabled',
      rule: { default_retention: { mode: 'COMPLIANCE', days: 400 } },
      depends_on: ['aws_s3_bucket_versioning.audit-bucket_versioning'],
    });
  });

  test('GIVEN a dev environment THEN its GOVERNANCE mode is stated in the resource', () => {
    const dev = synthEnvironment('dev');
    expect(resource(dev, 'aws_s3_bucket_object_lock_configuration', 'audit-bucket_object-lock').rule.default_retention).toEqual({
      mode: 'GOVERNANCE',
      days: 90,
    });
  });

  test('SSE-KMS with the audit key and a bucket key; all public access blocked; ACLs disabled', () => {
    expect(part('aws_s3_bucket_server_side_encryption_configuration', 'encryption').rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.audit-key_key.arn}' },
        bucket_key_enabled: true,
      },
    ]);
    expect(part('aws_s3_bucket_public_access_block', 'public-access-block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(part('aws_s3_bucket_ownership_controls', 'ownership').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  test('log files under 128 KB (most CloudTrail files) may transition to the archive classes; S3 would keep them by default', () => {
    expect(part('aws_s3_bucket_lifecycle_configuration', 'lifecycle').transition_default_minimum_object_size).toBe('varies_by_storage_class');
  });

  test('lifecycle transitions, expires no earlier than retention, expires noncurrent versions and aborts uploads', () => {
    expect(part('aws_s3_bucket_lifecycle_configuration', 'lifecycle').rule).toEqual([
      {
        id: 'audit-log-retention',
        status: 'Enabled',
        filter: [{}],
        transition: [
          { days: 90, storage_class: 'GLACIER_IR' },
          { days: 400, storage_class: 'DEEP_ARCHIVE' },
        ],
        expiration: [{ days: 2557 }],
        noncurrent_version_expiration: [{ noncurrent_days: 2557 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  test('server access logs go to the access-log bucket, once its policy allows them', () => {
    expect(part('aws_s3_bucket_logging', 'access-logging')).toMatchObject({
      bucket: bucketRef,
      target_bucket: '${aws_s3_bucket.access-log-bucket_bucket.id}',
      target_prefix: 'prod-audit-logs-333333333333-eu-central-1/',
      depends_on: ['aws_s3_bucket_policy.access-log-bucket_policy'],
    });
  });

  test('the policy denies every request without TLS', () => {
    const tls = statement(statements, 'DenyInsecureTransport');
    expect(tls).toMatchObject({ effect: 'Deny', actions: ['s3:*'], resources: [arn, `${arn}/*`], principals: [{ type: '*', identifiers: ['*'] }] });
    expect(conditionValues(tls, 'Bool', 'aws:SecureTransport')).toEqual(['false']);
  });

  test('only this trail writes, under AWSLogs/<account>/, with bucket-owner-full-control', () => {
    const write = statement(statements, 'CloudTrailWritesLogs');
    expect(write.actions).toEqual(['s3:PutObject']);
    expect(write.resources).toEqual([`${arn}/AWSLogs/333333333333/*`]);
    expect(conditionValues(write, 'StringEquals', 'aws:SourceArn')).toEqual(['arn:aws:cloudtrail:eu-central-1:333333333333:trail/prod-audit-trail']);
    expect(conditionValues(write, 'StringEquals', 's3:x-amz-acl')).toEqual(['bucket-owner-full-control']);
    expect(conditionValues(statement(statements, 'CloudTrailChecksBucketAcl'), 'StringEquals', 'aws:SourceArn')).toEqual([
      'arn:aws:cloudtrail:eu-central-1:333333333333:trail/prod-audit-trail',
    ]);
  });

  describe('requests the policy must refuse, decided by the IAM evaluator', () => {
    const [env] = loadEnvironments([exampleEnvironment('prod')]);
    const a = environmentAccess(env!, tf);
    const callers = resourceCallers(a);
    const logFile = `${arn}/AWSLogs/333333333333/CloudTrail/eu-central-1/2026/01/01/333333333333_CloudTrail_eu-central-1_20260101T0000Z_a1b2.json.gz`;
    // CloudTrail's write carries the canned ACL its bucket policy requires; no other request has one.
    const ask = (caller: Caller, action: string, resource: string) =>
      decide({
        caller,
        action,
        resource,
        resourceAccount: '333333333333',
        resourcePolicy: a.policies.auditBucket,
        context: action === 's3:PutObject' ? { 's3:x-amz-acl': 'bucket-owner-full-control' } : {},
      });

    // Every way to create an object version ends in s3:PutObject (PutObject, CopyObject, multipart uploads) or a replication action.
    test.each([
      ['an administrator writes a new current version over a log file', 'account admin (*)', 's3:PutObject', logFile],
      ['a deployer copies an object over a log file', 'deployer', 's3:PutObject', logFile],
      ['break-glass writes a log file', 'break-glass', 's3:PutObject', logFile],
      ['an administrator replicates an object into the bucket', 'account admin (*)', 's3:ReplicateObject', logFile],
      ['an administrator replicates a delete marker into the bucket', 'account admin (*)', 's3:ReplicateDelete', logFile],
      ['CloudTrail writes outside AWSLogs/<account>/', 'CloudTrail (this trail)', 's3:PutObject', `${arn}/AWSLogs/444455556666/x.json.gz`],
      ['another trail writes a log file', 'CloudTrail (another trail)', 's3:PutObject', logFile],
      ['a deployer deletes a log version', 'deployer', 's3:DeleteObjectVersion', logFile],
      ['a deployer shortens retention', 'deployer', 's3:PutObjectRetention', logFile],
      ['a deployer retags a log file', 'deployer', 's3:PutObjectTagging', logFile],
      ['a deployer deletes the bucket', 'deployer', 's3:DeleteBucket', arn],
      ['an administrator changes the policy', 'account admin (*)', 's3:PutBucketPolicy', arn],
      ['an administrator deletes the policy', 'account admin (*)', 's3:DeleteBucketPolicy', arn],
      ['an administrator tags the bucket', 'account admin (*)', 's3:PutBucketTagging', arn],
      ['an administrator changes analytics exports', 'account admin (*)', 's3:PutAnalyticsConfiguration', arn],
      ['log-admin changes versioning', 'log-admin', 's3:PutBucketVersioning', arn],
    ] as const)('%s: denied', async (_what, who, action, resource) => {
      await expect(ask(callers[who] as Caller, action, resource)).resolves.toBe('deny');
    });

    test.each([
      ['CloudTrail writes a log file', 'CloudTrail (this trail)', 's3:PutObject', logFile],
      ['CloudTrail checks the bucket ACL', 'CloudTrail (this trail)', 's3:GetBucketAcl', arn],
      ['a deployer changes the lifecycle', 'deployer', 's3:PutLifecycleConfiguration', arn],
      ['a deployer tags the bucket', 'deployer', 's3:PutBucketTagging', arn],
      ['break-glass deletes a log version (Object Lock still refuses locked ones)', 'break-glass', 's3:DeleteObjectVersion', logFile],
    ] as const)('%s: allowed', async (_what, who, action, resource) => {
      await expect(ask(callers[who] as Caller, action, resource)).resolves.toBe('allow');
    });

    test('GIVEN the deny statements removed THEN the administrator could shadow a log file: the evaluator sees the difference', async () => {
      const open: PolicyJson = { ...a.policies.auditBucket, Statement: a.policies.auditBucket.Statement.filter((st) => st.Effect === 'Allow') };
      const admin = callers['account admin (*)'];
      await expect(decide({ caller: admin, action: 's3:PutObject', resource: logFile, resourceAccount: '333333333333', resourcePolicy: open })).resolves.toBe(
        'allow',
      );
    });
  });

  test('the policy is applied after every setting it then protects', () => {
    expect(policy.depends_on).toEqual([
      'aws_s3_bucket_versioning.audit-bucket_versioning',
      'aws_s3_bucket_object_lock_configuration.audit-bucket_object-lock',
      'aws_s3_bucket_server_side_encryption_configuration.audit-bucket_encryption',
      'aws_s3_bucket_public_access_block.audit-bucket_public-access-block',
      'aws_s3_bucket_ownership_controls.audit-bucket_ownership',
      'aws_s3_bucket_lifecycle_configuration.audit-bucket_lifecycle',
      'aws_s3_bucket_logging.audit-bucket_access-logging',
    ]);
  });

  describe('impossible values throw at once', () => {
    const make = (overrides: Partial<AuditLogBucketProps>) => () => {
      const stack = new TerraformStack(Testing.app(), 's');
      const accessLogBucket = new AccessLogBucket(stack, 'logs', {
        account,
        bucketName: 'l',
        sourceBucketName: 'b',
        guardians,
        expirationDays: 400,
      });
      return new AuditLogBucket(stack, 'bucket', {
        account,
        bucketName: 'b',
        retention: ObjectLockRetention.of('COMPLIANCE', 365),
        kmsKeyArn: 'k',
        trailArn: 't',
        guardians,
        accessLogBucket,
        expirationDays: 400,
        ...overrides,
      });
    };
    test.each([
      [{ expirationDays: 364 }, /expirationDays \(364\) must be >= the retention \(365 days\): S3 cannot expire a locked version/],
      [{ noncurrentVersionExpirationDays: 30 }, /noncurrentVersionExpirationDays \(30\) must be >= the retention \(365 days\)/],
      [{ transitions: [{ days: 400, storageClass: 'GLACIER' }] }, /transition to GLACIER at 400 days must come before expiration \(400 days\)/],
      [{ trailS3KeyPrefix: '/logs' }, /trailS3KeyPrefix must be key-name segments separated by "\/", without a leading or trailing "\/"; got "\/logs"/],
      [{ trailS3KeyPrefix: 'logs/' }, /trailS3KeyPrefix must be key-name segments/],
      [{ bucketName: 'other' }, /accessLogBucket admits access logs of "b", not of this bucket "other"/],
      [{ organizationId: '123456789012' }, /organizationId must be "o-" and 10-32 lowercase letters or digits, got "123456789012"/],
      [{ organizationId: 'o-ABCDEFGHIJ' }, /organizationId must be "o-" and 10-32 lowercase letters or digits/],
    ])('%j', (overrides, message) => {
      expect(make(overrides)).toThrow(message);
    });
    test('valid values pass', () => {
      expect(make({})).not.toThrow();
    });
  });

  test('GIVEN no trail delivers to the bucket THEN validation says so', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    minimalBucket(stack);
    expect(() => stack.runAllValidations()).toThrow(/AuditLogBucket bucket: no trail delivers to this bucket; add an AuditTrail for arn:t/);
  });
});

describe('the verify canary (principals.verifiers)', () => {
  const sids = (tf: TerraformJson) => statementsOf(tf, resource(tf, 'aws_s3_bucket_policy', 'audit-bucket_policy').policy).map((st) => st.sid);
  test('GIVEN no verifiers THEN the policy is the one without a canary: no statement names the prefix', () => {
    const tf = synthEnvironment('prod', { principals: { ...exampleEnvironment('prod').principals, verifiers: [] } });
    expect(sids(tf).filter((sid) => /Canary|Retention/.test(sid))).toEqual([]);
    expect(JSON.stringify(tf.data)).not.toContain('auditready-verify-canary');
  });
  test('GIVEN verifiers THEN the canary statements name the prefix and the roles, and the key lets them read its configuration', () => {
    const verifier = 'arn:aws:iam::333333333333:role/auditready-verifier';
    const tf = synthEnvironment('prod', { principals: { ...exampleEnvironment('prod').principals, verifiers: [verifier] } });
    expect(sids(tf)).toEqual(
      expect.arrayContaining([
        'DenyCanaryWritesExceptVerifiers',
        'DenyRetentionChangesOutsideCanaryExceptBreakGlass',
        'DenyCanaryRetentionExceptVerifiersAndBreakGlass',
        'DenyCanaryUnlessCompliance',
        'DenyLongCanaryRetention',
      ]),
    );
    const keyStatements = statementsOf(tf, resource(tf, 'aws_kms_key', 'audit-key_key').policy);
    expect(keyStatements.find((st) => st.sid === 'VerifiersReadKeyConfiguration')).toMatchObject({
      actions: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
      principals: [{ type: 'AWS', identifiers: [verifier] }],
    });
  });
  test('GIVEN a trail key prefix under the canary prefix THEN the constructor throws', () => {
    expect(() => minimalBucket(new TerraformStack(Testing.app(), 's'), { trailS3KeyPrefix: 'auditready-verify-canary' })).toThrow(
      /trailS3KeyPrefix "auditready-verify-canary" puts the logs under the verify canary prefix auditready-verify-canary\//,
    );
  });
});

describe('AccessLogBucket', () => {
  const tf = synthEnvironment('prod');
  const part = (type: string, id: string) => resource(tf, type, `access-log-bucket_${id}`);
  const statements = statementsOf(tf, part('aws_s3_bucket_policy', 'policy').policy);

  test('SSE-S3 (S3 refuses SSE-KMS on a log target), versioned, private, no ACLs, protected from destroy', () => {
    expect(part('aws_s3_bucket_server_side_encryption_configuration', 'encryption').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    expect(part('aws_s3_bucket_versioning', 'versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(part('aws_s3_bucket_public_access_block', 'public-access-block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(part('aws_s3_bucket_ownership_controls', 'ownership').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(part('aws_s3_bucket', 'bucket')).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(part('aws_s3_bucket', 'bucket').object_lock_enabled).toBeUndefined();
  });

  test('only S3 logging of the audit bucket in this account may write', () => {
    const write = statement(statements, 'S3ServerAccessLogsFromAuditBucket');
    expect(write.principals).toEqual([{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }]);
    expect(conditionValues(write, 'ArnLike', 'aws:SourceArn')).toEqual(['arn:aws:s3:::prod-audit-logs-333333333333-eu-central-1']);
    expect(conditionValues(write, 'StringEquals', 'aws:SourceAccount')).toEqual(['333333333333']);
  });

  test("access logs arrive under the audit bucket's name, the target prefix the audit bucket logs with", () => {
    expect(statement(statements, 'S3ServerAccessLogsFromAuditBucket').resources).toEqual([
      'arn:aws:s3:::prod-access-logs-333333333333-eu-central-1/prod-audit-logs-333333333333-eu-central-1/*',
    ]);
    expect(resource(tf, 'aws_s3_bucket_logging', 'audit-bucket_access-logging').target_prefix).toBe('prod-audit-logs-333333333333-eu-central-1/');
  });

  test('lifecycle expires logs and noncurrent versions and aborts uploads', () => {
    expect(part('aws_s3_bucket_lifecycle_configuration', 'lifecycle').rule[0]).toMatchObject({
      expiration: [{ days: 2557 }],
      noncurrent_version_expiration: [{ noncurrent_days: 2557 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
  });

  test('GIVEN zero expiration days THEN the constructor throws', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(
      () =>
        new AccessLogBucket(stack, 'logs', {
          account: { accountId: '1', region: 'r', partition: 'aws' },
          bucketName: 'l',
          sourceBucketName: 'b',
          guardians,
          expirationDays: 0,
        }),
    ).toThrow(/AccessLogBucket logs: expirationDays must be a whole number >= 1, got 0/);
  });
});

describe("the trail key prefix is the bucket's: one prop, read by the trail", () => {
  const stack = new TerraformStack(Testing.app(), 's');
  const accessLogBucket = new AccessLogBucket(stack, 'logs', { account, bucketName: 'l', sourceBucketName: 'b', guardians, expirationDays: 400 });
  const trailArn = 'arn:aws:cloudtrail:eu-central-1:333333333333:trail/trail';
  const key = new AuditKey(stack, 'key', {
    account,
    aliasName: 'alias/t',
    trailArn,
    logGroupArn: 'arn:aws:logs:eu-central-1:333333333333:log-group:g',
    alarmTopicArn: 'arn:aws:sns:eu-central-1:333333333333:t',
    decryptRoleArns: ['arn:aws:iam::333333333333:role/auditor'],
    deployerRoleArns: guardians.deployerRoleArns,
    breakGlassRoleArn: guardians.breakGlassRoleArn,
  });
  const bucket = new AuditLogBucket(stack, 'bucket', {
    account,
    bucketName: 'b',
    retention: ObjectLockRetention.of('COMPLIANCE', 365),
    kmsKeyArn: 'k',
    trailArn,
    trailS3KeyPrefix: 'org/audit',
    guardians,
    accessLogBucket,
    expirationDays: 400,
  });
  new AuditTrail(stack, 'trail', { account, trailName: 'trail', bucket, key, logGroupName: 'g', logGroupRetentionDays: 365, permissionsBoundaryArn: 'b' });
  const tf = JSON.parse(Testing.synth(stack)) as TerraformJson;

  test('GIVEN a prefix THEN the trail writes under it and the policy admits CloudTrail there, and only there', () => {
    const only = (type: string) => Object.values(resourcesOf(tf, type))[0] as Record<string, any>;
    expect(only('aws_cloudtrail').s3_key_prefix).toBe('org/audit');
    const [bucketId] = Object.entries(resourcesOf(tf, 'aws_s3_bucket')).find(([, b]) => b.bucket === 'b') ?? [];
    const policy = Object.values(resourcesOf(tf, 'aws_s3_bucket_policy')).find((p) => p.bucket === `\${aws_s3_bucket.${bucketId}.id}`);
    const statements = statementsOf(tf, String(policy?.policy));
    expect(statement(statements, 'CloudTrailWritesLogs').resources).toEqual(['arn:aws:s3:::b/org/audit/AWSLogs/333333333333/*']);
    expect(statement(statements, 'DenyWritesOutsideAdmittedPrefixes').not_resources).toEqual(['arn:aws:s3:::b/org/audit/AWSLogs/333333333333/*']);
  });
});
