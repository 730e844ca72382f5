import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { type AwsAccount, arnOf, servicePrincipal } from './aws-account';
import { CIS_MONITORING_CONTROLS, type MonitoringControl, metricNameOf } from './cis-monitoring-controls';
import { MAX_FILTER_PATTERN_LENGTH } from './filter-pattern';
import { policyDocument } from './policy-document';

/** Where alarm notifications go. */
export interface AlertSubscription {
  readonly protocol: 'email' | 'https';
  /** Email address or https URL. */
  readonly endpoint: string;
}

export interface SecurityAlarmsProps {
  /** Account and region of the alarms. */
  readonly account: AwsAccount;
  /** Prefix of alarm, metric and topic names, e.g. the environment name. */
  readonly namePrefix: string;
  /** Name of the trail's CloudWatch log group (may be a token). */
  readonly logGroupName: string;
  /** KMS key ARN that encrypts the alarm topic. */
  readonly kmsKeyArn: string;
  /** Name of the alarm topic. */
  readonly topicName: string;
  /**
   * Who is notified.
   * @default - none: alarms still fire and show in the console
   */
  readonly subscriptions?: readonly AlertSubscription[];
  /**
   * Monitored patterns beside the CIS 5.1-5.15 set (break-glass use, baseline changes).
   * @default - none
   */
  readonly additionalControls?: readonly MonitoringControl[];
}

/**
 * How long the log group may receive nothing before the heartbeat alarm fires. CloudTrail delivers to
 * CloudWatch Logs every few minutes while anything in the account calls an API (read events included).
 */
const HEARTBEAT_PERIOD_SECONDS = 3600;

/**
 * The CIS AWS Foundations monitoring set (5.1-5.15) and any additional patterns, each a metric filter
 * on the trail's log group and an alarm that notifies a KMS-encrypted SNS topic; and a heartbeat alarm
 * that fires when the log group stops receiving events, since every other alarm treats silence as "no
 * finding" and would not notice a dead pipeline.
 */
export class SecurityAlarms extends Construct {
  readonly topic: SnsTopic;
  readonly alarms: readonly CloudwatchMetricAlarm[];
  /** Every monitoring control, the CIS set and the additional ones, in the order of `alarms`. */
  readonly controls: readonly MonitoringControl[];
  readonly heartbeat: CloudwatchMetricAlarm;
  /** The heartbeat alarm's name, known at synthesis. */
  readonly heartbeatAlarmName: string;

  /** The ARN a topic of this name will have; the key policy needs it before the topic exists. */
  static topicArnFor(account: AwsAccount, topicName: string): string {
    return arnOf(account, 'sns', topicName);
  }

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    const { account } = props;
    const namespace = `AuditReady/${props.namePrefix}`;
    const controls = [...CIS_MONITORING_CONTROLS, ...(props.additionalControls ?? [])];
    const names = new Set<string>();
    for (const control of controls) {
      if (names.has(control.name)) throw new Error(`SecurityAlarms ${id}: two monitoring controls are named "${control.name}"`);
      names.add(control.name);
      // Tokens resolve to ARNs of at most ~100 characters; count them as that.
      const length = control.pattern.replace(/\$\{TfToken\[[^\]]*\]\}/g, 'x'.repeat(100)).length;
      if (length > MAX_FILTER_PATTERN_LENGTH) {
        throw new Error(`SecurityAlarms ${id}: pattern of "${control.name}" is ${length} characters; CloudWatch Logs allows ${MAX_FILTER_PATTERN_LENGTH}`);
      }
    }

    this.topic = new SnsTopic(this, 'topic', {
      name: props.topicName,
      displayName: `auditready security alarms (${props.namePrefix})`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    const topicPolicy = policyDocument(this, 'topic-policy-document', [
      {
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        actions: ['sns:Publish'],
        resources: [this.topic.arn],
        principals: [{ type: 'Service', identifiers: [servicePrincipal(account, 'cloudwatch')] }],
        conditions: [
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [arnOf(account, 'cloudwatch', 'alarm:*')] },
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] },
        ],
      },
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        actions: ['sns:Publish'],
        resources: [this.topic.arn],
        principals: [{ type: '*', identifiers: ['*'] }],
        conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ]);
    new SnsTopicPolicy(this, 'topic-policy', { arn: this.topic.arn, policy: topicPolicy.json });
    (props.subscriptions ?? []).forEach((s, i) => {
      new SnsTopicSubscription(this, `subscription-${i}`, { topicArn: this.topic.arn, protocol: s.protocol, endpoint: s.endpoint });
    });

    this.controls = controls;
    this.alarms = controls.map((control) => {
      const source = control.source;
      const metricName = metricNameOf(control);
      const filter = new CloudwatchLogMetricFilter(this, `${metricName}-filter`, {
        name: `${props.namePrefix}-${metricName}`,
        logGroupName: props.logGroupName,
        pattern: control.pattern,
        metricTransformation: { name: metricName, namespace, value: '1', defaultValue: '0' },
      });
      return new CloudwatchMetricAlarm(this, `${metricName}-alarm`, {
        alarmName: `${props.namePrefix}-${metricName}`,
        alarmDescription: source.standard === 'cis' ? `CIS AWS Foundations ${source.control}: ${control.description}` : control.description,
        namespace,
        metricName,
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [this.topic.arn],
        dependsOn: [filter],
      });
    });
    this.heartbeatAlarmName = `${props.namePrefix}-log-delivery-heartbeat`;
    this.heartbeat = new CloudwatchMetricAlarm(this, 'log-delivery-heartbeat', {
      alarmName: this.heartbeatAlarmName,
      alarmDescription: `The trail's log group ${props.logGroupName} received no events for an hour: CloudTrail delivery or the alarms above may be dead`,
      namespace: 'AWS/Logs',
      metricName: 'IncomingLogEvents',
      dimensions: { LogGroupName: props.logGroupName },
      statistic: 'Sum',
      period: HEARTBEAT_PERIOD_SECONDS,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      // No data is the failure this alarm exists for.
      treatMissingData: 'breaching',
      alarmActions: [this.topic.arn],
    });
  }
}
