import { TerraformStack, Testing } from 'cdktf';
import { CIS_MONITORING_CONTROLS } from '../../constructs/cis-monitoring-controls';
import { SecurityAlarms } from '../../constructs/security-alarms';
import { resource, resourcesOf, statement, statementsOf, synthEnvironment } from '../support/terraform-json';

describe('SecurityAlarms', () => {
  const tf = synthEnvironment('prod');
  const filters = resourcesOf(tf, 'aws_cloudwatch_log_metric_filter');
  const alarms = resourcesOf(tf, 'aws_cloudwatch_metric_alarm');

  test('the CIS AWS Foundations v7.0 monitoring set is complete: 5.1 to 5.15', () => {
    expect(CIS_MONITORING_CONTROLS.map((c) => c.cisId)).toEqual(Array.from({ length: 15 }, (_, i) => `5.${i + 1}`));
  });

  test('each control is a metric filter on the trail log group and an alarm on its metric that notifies the topic', () => {
    for (const control of CIS_MONITORING_CONTROLS) {
      const metric = `cis-${control.cisId.replace('.', '-')}-${control.name}`;
      const filter = filters[`security-alarms_${metric}-filter`];
      expect(filter).toMatchObject({
        log_group_name: '${aws_cloudwatch_log_group.trail_log-group.name}',
        pattern: control.pattern,
        metric_transformation: { name: metric, namespace: 'AuditReady/prod', value: '1' },
      });
      expect(alarms[`security-alarms_${metric}-alarm`]).toMatchObject({
        metric_name: metric,
        namespace: 'AuditReady/prod',
        statistic: 'Sum',
        threshold: 1,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        alarm_actions: ['${aws_sns_topic.security-alarms_topic.arn}'],
        alarm_description: `CIS AWS Foundations ${control.cisId}: ${control.description}`,
      });
    }
  });

  test.each([
    ['5.3', /\$\.userIdentity\.type = "Root"/],
    ['5.4', /\$\.eventSource = "iam\.amazonaws\.com".*DetachGroupPolicy/],
    ['5.5', /StopLogging/],
    ['5.7', /\$\.eventSource = "kms\.amazonaws\.com".*ScheduleKeyDeletion/],
    ['5.13', /^\{ \(\$\.eventSource = "ec2\.amazonaws\.com"\) && \(\(\$\.eventName = "CreateRoute"\).*\(\$\.eventName = "DisassociateRouteTable"\)\) \}$/],
  ])('CIS %s pattern matches the benchmark definition', (cisId, pattern) => {
    expect(CIS_MONITORING_CONTROLS.find((c) => c.cisId === cisId)?.pattern).toMatch(pattern);
  });

  test('break-glass use and changes to the baseline itself are alarmed too', () => {
    expect(filters['security-alarms_break-glass-role-used-filter'].pattern).toContain(
      '$.userIdentity.sessionContext.sessionIssuer.arn = "arn:aws:iam::333333333333:role/prod-break-glass"',
    );
    expect(filters['security-alarms_baseline-storage-changes-filter'].pattern).toContain(
      '($.requestParameters.bucketName = "prod-audit-logs-333333333333-eu-central-1")',
    );
    expect(filters['security-alarms_baseline-trail-changes-filter'].pattern).toContain('($.requestParameters.name = "prod-audit-trail")');
    expect(filters['security-alarms_baseline-access-changes-filter'].pattern).toContain('($.resources[0].ARN = "${aws_kms_key.audit-key_key.arn}")');
    expect(Object.keys(alarms)).toHaveLength(19);
  });

  test('every pattern fits the CloudWatch Logs limit once references resolve', () => {
    for (const f of Object.values(filters)) {
      const resolved = String(f.pattern).replace(/\$\{[^}]+\}/g, 'arn:aws:kms:eu-central-1:333333333333:key/00000000-0000-0000-0000-000000000000');
      expect(resolved.length).toBeLessThanOrEqual(1024);
    }
  });

  test("the topic is encrypted with the audit key, accepts only this account's alarms, and only over TLS", () => {
    expect(resource(tf, 'aws_sns_topic', 'security-alarms_topic')).toMatchObject({
      name: 'prod-security-alarms',
      kms_master_key_id: '${aws_kms_key.audit-key_key.arn}',
    });
    const statements = statementsOf(tf, resource(tf, 'aws_sns_topic_policy', 'security-alarms_topic-policy').policy);
    const publish = statement(statements, 'CloudWatchAlarmsOfThisAccountPublish');
    expect(publish.condition).toEqual([
      { test: 'ArnLike', variable: 'aws:SourceArn', values: ['arn:aws:cloudwatch:eu-central-1:333333333333:alarm:*'] },
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['333333333333'] },
    ]);
    expect(statement(statements, 'DenyInsecureTransport').effect).toBe('Deny');
  });

  test('subscriptions follow the config', () => {
    expect(Object.values(resourcesOf(tf, 'aws_sns_topic_subscription')).map((s) => [s.protocol, s.endpoint])).toEqual([
      ['email', 'security@example.com'],
      ['https', 'https://hooks.example.com/auditready/prod'],
    ]);
  });

  describe('impossible values throw at once', () => {
    const account = { accountId: '1', region: 'eu-west-1', partition: 'aws' };
    const make =
      (pattern: string, name = 'extra') =>
      () =>
        new SecurityAlarms(new TerraformStack(Testing.app(), 's'), 'alarms', {
          account,
          namePrefix: 'x',
          logGroupName: 'g',
          kmsKeyArn: 'k',
          topicName: 't',
          additionalControls: [{ cisId: 'auditready', name, description: 'd', pattern }],
        });
    test('a pattern over 1024 characters', () => {
      expect(make(`{ ${'($.eventName = "X") || '.repeat(50)} }`)).toThrow(/pattern of "extra" is \d+ characters; CloudWatch Logs allows 1024/);
    });
    test('two controls with one name', () => {
      expect(make('{ $.eventName = "X" }', 'root-account-usage')).toThrow(/two monitoring controls are named "root-account-usage"/);
    });
  });
});
