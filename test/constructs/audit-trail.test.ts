import { resource, statementsOf, synthEnvironment } from '../support/terraform-json';

describe('AuditTrail', () => {
  const tf = synthEnvironment('prod');
  const trail = resource(tf, 'aws_cloudtrail', 'trail_trail');

  test('multi-region, global service events, log-file validation, logging on, encrypted with the audit key', () => {
    expect(trail).toMatchObject({
      name: 'prod-audit-trail',
      s3_bucket_name: '${aws_s3_bucket.audit-bucket_bucket.id}',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      kms_key_id: '${aws_kms_key.audit-key_key.arn}',
    });
  });

  test('management events read and write, and every read and write of the audit bucket itself', () => {
    expect(trail.event_selector[0]).toEqual({
      read_write_type: 'All',
      include_management_events: true,
      data_resource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::prod-audit-logs-333333333333-eu-central-1/'] }],
    });
  });

  test('configured buckets get their own data-event selector', () => {
    expect(trail.event_selector[1]).toEqual({
      read_write_type: 'All',
      include_management_events: false,
      data_resource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::example-prod-customer-data/'] }],
    });
    const dev = resource(synthEnvironment('dev'), 'aws_cloudtrail', 'trail_trail');
    expect(dev.event_selector).toHaveLength(1);
    const readOnly = resource(
      synthEnvironment('dev', { dataEvents: { s3Arns: ['arn:aws:s3:::example-bucket/prefix/'], readWriteType: 'ReadOnly' } }),
      'aws_cloudtrail',
      'trail_trail',
    );
    expect(readOnly.event_selector[1]).toMatchObject({ read_write_type: 'ReadOnly', data_resource: [{ values: ['arn:aws:s3:::example-bucket/prefix/'] }] });
  });

  test('Insights on API call rate and error rate', () => {
    expect(trail.insight_selector).toEqual([{ insight_type: 'ApiCallRateInsight' }, { insight_type: 'ApiErrorRateInsight' }]);
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
    const [trust] = statementsOf(tf, role.assume_role_policy);
    expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }]);
    expect(trust.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:SourceArn', values: ['arn:aws:cloudtrail:eu-central-1:333333333333:trail/prod-audit-trail'] },
    ]);
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

  test('GIVEN a GovCloud region THEN ARNs use its partition', () => {
    const gov = synthEnvironment('dev', {
      region: 'us-gov-west-1',
      principals: { auditors: ['arn:aws-us-gov:iam::111111111111:role/A'], breakGlass: ['arn:aws-us-gov:iam::111111111111:role/B'] },
    });
    expect(resource(gov, 'aws_cloudtrail', 'trail_trail').event_selector[0].data_resource[0].values).toEqual([
      'arn:aws-us-gov:s3:::dev-audit-logs-111111111111-us-gov-west-1/',
    ]);
  });
});
