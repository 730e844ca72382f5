import { TerraformStack, Testing } from 'cdktf';
import { CIS_MONITORING_CONTROLS } from '../../constructs/cis-monitoring-controls';
import { SecurityAlarms } from '../../constructs/security-alarms';
import { resource, resourcesOf, statement, statementsOf, synthEnvironment } from '../support/terraform-json';

describe('SecurityAlarms', () => {
  const tf = synthEnvironment('prod');
  const filters = resourcesOf(tf, 'aws_cloudwatch_log_metric_filter');
  const alarms = resourcesOf(tf, 'aws_cloudwatch_metric_alarm');

  test('the CIS AWS Foundations v7.0 monitoring set is complete: 5.1 to 5.15', () => {
    expect(CIS_MONITORING_CONTROLS.map((c) => (c.source.standard === 'cis' ? c.source.control : c.source.standard))).toEqual(
      Array.from({ length: 15 }, (_, i) => `5.${i + 1}`),
    );
  });

  test('every metric filter is on the trail log group and watched by exactly one alarm that notifies the encrypted topic', () => {
    expect(Object.keys(filters)).toHaveLength(25);
    for (const [id, filter] of Object.entries(filters)) {
      expect({ id, group: filter.log_group_name }).toEqual({ id, group: '${aws_cloudwatch_log_group.trail_log-group.name}' });
      const { name, namespace } = filter.metric_transformation;
      const watching = Object.values(alarms).filter((a) => a.metric_name === name && a.namespace === namespace);
      expect({ id, watching: watching.length }).toEqual({ id, watching: 1 });
      expect(watching[0]).toMatchObject({
        statistic: 'Sum',
        threshold: 1,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        treat_missing_data: 'notBreaching',
        alarm_actions: ['${aws_sns_topic.security-alarms_topic.arn}'],
      });
    }
  });

  test('CIS alarms say which recommendation they implement; the baseline alarms say what changed', () => {
    expect(alarms['security-alarms_cis-5-3-root-account-usage-alarm'].alarm_description).toBe('CIS AWS Foundations 5.3: Usage of the root account');
    expect(alarms['security-alarms_baseline-trail-changes-alarm'].alarm_description).toBe(
      'The audit trail or what it records was changed, or the trail stopped or deleted',
    );
  });

  test('a heartbeat alarm fires when the log group receives nothing for an hour: missing data is the failure', () => {
    expect(resource(tf, 'aws_cloudwatch_metric_alarm', 'security-alarms_log-delivery-heartbeat')).toMatchObject({
      alarm_name: 'prod-log-delivery-heartbeat',
      namespace: 'AWS/Logs',
      metric_name: 'IncomingLogEvents',
      dimensions: { LogGroupName: '${aws_cloudwatch_log_group.trail_log-group.name}' },
      statistic: 'Sum',
      period: 3600,
      evaluation_periods: 1,
      comparison_operator: 'LessThanThreshold',
      threshold: 1,
      treat_missing_data: 'breaching',
      alarm_actions: ['${aws_sns_topic.security-alarms_topic.arn}'],
    });
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
    const account = { accountId: '111111111111', region: 'eu-west-1', partition: 'aws' };
    const make =
      (pattern: string, name = 'extra') =>
      () =>
        new SecurityAlarms(new TerraformStack(Testing.app(), 's'), 'alarms', {
          account,
          namePrefix: 'x',
          logGroupName: 'g',
          kmsKeyArn: 'k',
          topicName: 't',
          additionalControls: [{ source: { standard: 'auditready' }, name, description: 'd', pattern, watches: 'change' }],
        });
    test('a pattern over 1024 characters', () => {
      expect(make(`{ ${'($.eventName = "X") || '.repeat(50)} }`)).toThrow(/pattern of "extra" is \d+ characters; CloudWatch Logs allows 1024/);
    });
    test('two controls with one name', () => {
      expect(make('{ $.eventName = "X" }', 'root-account-usage')).toThrow(/two monitoring controls are named "root-account-usage"/);
    });
  });
});
