import { TerraformStack, Testing } from 'cdktf';
import { AccessLogBucket } from '../../constructs/access-log-bucket';
import { AuditLogBucket, type AuditLogBucketProps } from '../../constructs/audit-log-bucket';
import { TAMPERING_ACTIONS } from '../../constructs/bucket-protection';
import { ObjectLockRetention } from '../../constructs/object-lock-retention';
import { conditionValues, resource, statement, statementsOf, synthEnvironment } from '../support/terraform-json';

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

  test('deletes and changes to policy, lifecycle, versioning and Object Lock are denied to all but break-glass', () => {
    const deny = statement(statements, 'DenyTamperingExceptBreakGlass');
    expect(deny.effect).toBe('Deny');
    expect(deny.actions).toEqual(
      expect.arrayContaining([
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:PutLifecycleConfiguration',
        's3:PutBucketVersioning',
        's3:PutBucketObjectLockConfiguration',
        's3:BypassGovernanceRetention',
      ]),
    );
    expect(deny.actions).toEqual([...TAMPERING_ACTIONS]);
    expect(conditionValues(deny, 'ArnNotEquals', 'aws:PrincipalArn')).toEqual(['arn:aws:iam::333333333333:role/prod-break-glass']);
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
      const account = { accountId: '333333333333', region: 'eu-central-1', partition: 'aws' };
      const accessLogBucket = new AccessLogBucket(stack, 'logs', {
        account,
        bucketName: 'l',
        sourceBucketName: 'b',
        breakGlassRoleArn: 'arn:aws:iam::333333333333:role/bg',
        expirationDays: 400,
      });
      return new AuditLogBucket(stack, 'bucket', {
        account,
        bucketName: 'b',
        retention: ObjectLockRetention.of('COMPLIANCE', 365),
        kmsKeyArn: 'k',
        trailArn: 't',
        breakGlassRoleArn: 'arn:aws:iam::333333333333:role/bg',
        accessLogBucket,
        expirationDays: 400,
        ...overrides,
      });
    };
    test.each([
      [{ expirationDays: 364 }, /expirationDays \(364\) must be >= the retention \(365 days\): S3 cannot expire a locked version/],
      [{ noncurrentVersionExpirationDays: 30 }, /noncurrentVersionExpirationDays \(30\) must be >= the retention \(365 days\)/],
      [{ transitions: [{ days: 400, storageClass: 'GLACIER' }] }, /transition to GLACIER at 400 days must come before expiration \(400 days\)/],
    ])('%j', (overrides, message) => {
      expect(make(overrides)).toThrow(message);
    });
    test('valid values pass', () => {
      expect(make({})).not.toThrow();
    });
  });

  test('GIVEN no trail delivers to the bucket THEN validation says so', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const account = { accountId: '333333333333', region: 'eu-central-1', partition: 'aws' };
    const accessLogBucket = new AccessLogBucket(stack, 'logs', {
      account,
      bucketName: 'l',
      sourceBucketName: 'b',
      breakGlassRoleArn: 'bg',
      expirationDays: 400,
    });
    new AuditLogBucket(stack, 'bucket', {
      account,
      bucketName: 'b',
      retention: ObjectLockRetention.of('COMPLIANCE', 365),
      kmsKeyArn: 'k',
      trailArn: 'arn:t',
      breakGlassRoleArn: 'bg',
      accessLogBucket,
      expirationDays: 400,
    });
    expect(() => stack.runAllValidations()).toThrow(/AuditLogBucket bucket: no trail delivers to this bucket; add an AuditTrail for arn:t/);
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

  test('TLS only, and tampering denied to all but break-glass', () => {
    expect(conditionValues(statement(statements, 'DenyInsecureTransport'), 'Bool', 'aws:SecureTransport')).toEqual(['false']);
    expect(conditionValues(statement(statements, 'DenyTamperingExceptBreakGlass'), 'ArnNotEquals', 'aws:PrincipalArn')).toEqual([
      'arn:aws:iam::333333333333:role/prod-break-glass',
    ]);
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
          breakGlassRoleArn: 'bg',
          expirationDays: 0,
        }),
    ).toThrow(/AccessLogBucket logs: expirationDays must be a whole number >= 1, got 0/);
  });
});
