import { records, type SelectorEvent } from '../support/advanced-event-selectors';
import { PARTITION_ENVIRONMENTS } from '../support/partition-environments';
import { resource, statementsOf, synthEnvironment } from '../support/terraform-json';

const AUDIT = 'arn:aws:s3:::prod-audit-logs-333333333333-eu-central-1';
const s3Event = (eventName: string, readOnly: boolean, key: string, bucket = AUDIT): SelectorEvent => ({
  eventCategory: 'Data',
  eventSource: 's3.amazonaws.com',
  eventName,
  readOnly,
  resources: [{ type: 'AWS::S3::Object', ARN: `${bucket}/${key}` }],
});
const LOG_KEY = 'AWSLogs/333333333333/CloudTrail/eu-central-1/2026/01/01/333333333333_CloudTrail_eu-central-1_20260101T0000Z_a1b2.json.gz';

describe('AuditTrail', () => {
  const tf = synthEnvironment('prod');
  const trail = resource(tf, 'aws_cloudtrail', 'trail_trail');
  const selectors = trail.advanced_event_selector;

  test('multi-region, global service events, log-file validation, logging on, encrypted with the audit key, Insights on', () => {
    expect(trail).toMatchObject({
      name: 'prod-audit-trail',
      s3_bucket_name: '${aws_s3_bucket.audit-bucket_bucket.id}',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      kms_key_id: '${aws_kms_key.audit-key_key.arn}',
      insight_selector: [{ insight_type: 'ApiCallRateInsight' }, { insight_type: 'ApiErrorRateInsight' }],
    });
    expect(trail.event_selector).toBeUndefined();
  });

  // What CloudTrail records, judged on CloudTrail-shaped events by the selector semantics AWS documents.
  test.each([
    [
      'a management event (StopLogging)',
      { eventCategory: 'Management', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', readOnly: false },
      true,
    ],
    [
      'a read-only management event (DescribeTrails)',
      { eventCategory: 'Management', eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails', readOnly: true },
      true,
    ],
    ['an auditor reading a log file', s3Event('GetObject', true, LOG_KEY), true],
    ["a log file's metadata read (HeadObject)", s3Event('HeadObject', true, LOG_KEY), true],
    ['a log version deleted', s3Event('DeleteObject', false, LOG_KEY), true],
    ['several log files deleted at once', s3Event('DeleteObjects', false, LOG_KEY), true],
    ['retention changed', s3Event('PutObjectRetention', false, LOG_KEY), true],
    ['a legal hold lifted', s3Event('PutObjectLegalHold', false, LOG_KEY), true],
    ['an archived log restored', s3Event('RestoreObject', false, LOG_KEY), true],
    ['an object copied into the bucket', s3Event('CopyObject', false, 'AWSLogs/333333333333/x.json.gz'), true],
    ['a multipart upload started in the bucket', s3Event('CreateMultipartUpload', false, 'junk.bin'), true],
    // Recursive logging: each delivery would be an event, delivered, and so on.
    ["CloudTrail's own delivery of a log file (PutObject)", s3Event('PutObject', false, LOG_KEY), false],
    ['a read of an unrelated bucket', s3Event('GetObject', true, 'x', 'arn:aws:s3:::unrelated-bucket'), false],
    ['a write to the configured customer-data bucket', s3Event('PutObject', false, 'orders/1.json', 'arn:aws:s3:::example-prod-customer-data'), true],
    ['a read of a bucket whose name only starts like the audit bucket', s3Event('GetObject', true, 'x', `${AUDIT}-copy`), false],
  ] as const)('records %s: %s', (_what, event, recorded) => {
    expect(records(selectors, event as SelectorEvent)).toBe(recorded);
  });

  test('GIVEN read-only data events for another bucket THEN its writes are not recorded, its reads are', () => {
    const dev = resource(
      synthEnvironment('dev', { dataEvents: { s3Arns: ['arn:aws:s3:::example-bucket/prefix/'], readWriteType: 'ReadOnly' } }),
      'aws_cloudtrail',
      'trail_trail',
    );
    const other = (name: string, readOnly: boolean) => s3Event(name, readOnly, 'prefix/a.json', 'arn:aws:s3:::example-bucket');
    expect(records(dev.advanced_event_selector, other('GetObject', true))).toBe(true);
    expect(records(dev.advanced_event_selector, other('PutObject', false))).toBe(false);
    expect(records(dev.advanced_event_selector, s3Event('GetObject', true, 'outside/a.json', 'arn:aws:s3:::example-bucket'))).toBe(false);
  });

  test('GIVEN no other buckets THEN only the audit bucket has data events', () => {
    const dev = resource(synthEnvironment('dev'), 'aws_cloudtrail', 'trail_trail');
    expect(records(dev.advanced_event_selector, s3Event('GetObject', true, 'x', 'arn:aws:s3:::example-prod-customer-data'))).toBe(false);
  });

  test('delivers to an encrypted, retained log group through a role that can only write its streams', () => {
    expect(trail.cloud_watch_logs_group_arn).toBe('${aws_cloudwatch_log_group.trail_log-group.arn}:*');
    expect(trail.cloud_watch_logs_role_arn).toBe('${aws_iam_role.trail_delivery-role.arn}');
    expect(resource(tf, 'aws_cloudwatch_log_group', 'trail_log-group')).toMatchObject({
      name: '/aws/cloudtrail/prod-audit-trail',
      kms_key_id: '${aws_kms_key.audit-key_key.arn}',
      retention_in_days: 400,
      skip_destroy: true,
    });
    const role = resource(tf, 'aws_iam_role', 'trail_delivery-role');
    expect(role.permissions_boundary).toBe('${aws_iam_policy.access-roles_boundary.arn}');
    const policy = statementsOf(tf, resource(tf, 'aws_iam_role_policy', 'trail_delivery-role-policy').policy);
    expect(policy).toEqual([
      {
        sid: 'WriteTrailLogStreams',
        effect: 'Allow',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: ['arn:aws:logs:eu-central-1:333333333333:log-group:/aws/cloudtrail/prod-audit-trail:log-stream:*'],
      },
    ]);
  });

  test('is created after the bucket policy, the key and the delivery permissions', () => {
    expect(trail.depends_on).toEqual([
      'aws_s3_bucket_policy.audit-bucket_policy',
      'aws_kms_key.audit-key_key',
      'aws_iam_role_policy.trail_delivery-role-policy',
    ]);
  });

  test.each(PARTITION_ENVIRONMENTS.map((e) => [e.region, e] as const))('GIVEN %s THEN ARNs use its partition', (_region, env) => {
    const t = resource(synthEnvironment('dev', env), 'aws_cloudtrail', 'trail_trail');
    const partition = env.region.startsWith('cn-') ? 'aws-cn' : 'aws-us-gov';
    const bucket = `arn:${partition}:s3:::${env.name}-audit-logs-${env.accountId}-${env.region}`;
    expect(records(t.advanced_event_selector, s3Event('GetObject', true, LOG_KEY, bucket))).toBe(true);
    expect(records(t.advanced_event_selector, s3Event('GetObject', true, LOG_KEY, bucket.replace(`arn:${partition}:`, 'arn:aws:')))).toBe(false);
  });
});
