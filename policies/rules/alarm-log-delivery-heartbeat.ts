import { topicPath } from '../cis-alarms';
import { boolAttr, isObject, numAttr, strAttr, strList, type TfResource } from '../model';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { Topology } from '../topology';
import type { Finding, RuleDefinition } from '../types';

/** The longest a dead pipeline may go unnoticed. */
const MAX_SILENCE_SECONDS = 86_400;

const rank = (f: Finding): number => (f.outcome === 'pass' ? 0 : f.outcome === 'unknown' ? 1 : 2);

/** Whether an alarm fires when the log group receives nothing, and reaches someone. */
function heartbeat(topology: Topology, alarm: TfResource): Finding {
  const v = alarm.values;
  if (alarm.existence) return unknown(alarm, `whether the alarm exists depends on ${alarm.existence.expression}; unknown values fail closed`);
  const missing = strAttr(v.treat_missing_data);
  if (!missing.known) return unknown(alarm, `treat_missing_data cannot be resolved (${missing.expression}); unknown values fail closed`);
  if (missing.value !== 'breaching')
    return fail(
      alarm,
      `treat_missing_data is ${missing.value ?? 'missing (absent)'}: a log group that receives nothing publishes no data point, so only "breaching" fires`,
    );
  if (v.statistic !== 'Sum' && v.statistic !== 'SampleCount')
    return fail(alarm, `statistic is ${String(v.statistic ?? 'unset')}: use Sum or SampleCount of IncomingLogEvents`);
  const threshold = numAttr(v.threshold, undefined);
  if (!threshold.known) return unknown(alarm, `threshold cannot be resolved (${threshold.expression}); unknown values fail closed`);
  const t = threshold.value;
  const op = v.comparison_operator;
  const lowFires = t !== undefined && ((op === 'LessThanThreshold' && t > 0) || (op === 'LessThanOrEqualToThreshold' && t >= 0));
  if (!lowFires) return fail(alarm, `comparison ${String(op)} ${String(t)} does not fire when the group receives no events`);
  const period = numAttr(v.period, undefined);
  const periods = numAttr(v.datapoints_to_alarm ?? v.evaluation_periods, 1);
  if (!period.known || !periods.known) return unknown(alarm, 'period or evaluation_periods cannot be resolved; unknown values fail closed');
  const silence = (period.value ?? 0) * (periods.value ?? 1);
  if (silence > MAX_SILENCE_SECONDS) return fail(alarm, `the alarm fires only after ${silence} seconds without events, more than a day`);
  const enabled = boolAttr(v.actions_enabled, true);
  if (!enabled.known) return unknown(alarm, `actions_enabled cannot be resolved (${enabled.expression}); unknown values fail closed`);
  if (!enabled.value) return fail(alarm, 'actions_enabled is false: the alarm notifies nobody');
  let best: Finding | undefined;
  for (const action of strList(v.alarm_actions)) {
    const target = topology.resolver.target(alarm, 'alarm_actions', action, ['aws_sns_topic']);
    const path: Finding =
      target.kind === 'resource'
        ? topicPath(topology, alarm, target.resource, 'the heartbeat')
        : target.kind === 'external'
          ? pass(alarm, `the heartbeat notifies ${target.name} (declared external)`)
          : target.kind === 'unknown'
            ? unknown(alarm, `alarm action cannot be resolved: ${target.reason}; unknown values fail closed`)
            : fail(alarm, 'an alarm action is not an SNS topic');
    if (best === undefined || rank(path) < rank(best)) best = path;
  }
  return best ?? fail(alarm, 'the alarm has no alarm action');
}

export const rule: RuleDefinition = {
  id: 'alarm-log-delivery-heartbeat',
  title: "An alarm fires when the trail's log group stops receiving events",
  severity: 'high',
  rationale:
    'Every other alarm treats silence as "nothing happened": if CloudTrail stops delivering to CloudWatch Logs (a broken delivery role, a changed selector, a disabled key), no alarm can fire again and nobody notices. A heartbeat on the AWS/Logs IncomingLogEvents metric of the group, treating missing data as breaching, makes silence itself the alarm.',
  remediation: {
    text: "Add an alarm on AWS/Logs IncomingLogEvents with dimension LogGroupName = the trail's log group, Sum LessThanThreshold 1 over at most a day, treat_missing_data = breaching, and an action to the subscribed, encrypted topic.",
    cdktf: `new CloudwatchMetricAlarm(this, 'log-delivery-heartbeat', { alarmName: 'log-delivery-heartbeat', namespace: 'AWS/Logs', metricName: 'IncomingLogEvents', dimensions: { LogGroupName: logGroup.name }, statistic: 'Sum', period: 3600, evaluationPeriods: 1, threshold: 1, comparisonOperator: 'LessThanThreshold', treatMissingData: 'breaching', alarmActions: [topic.arn] });`,
  },
  absentMeans:
    'treat_missing_data absent means "missing", which never fires on a silent group: the rule fails. No alarm on the group\'s IncomingLogEvents, or one that cannot fire on silence within a day or reach anyone: the rule fails.',
  evaluate: ({ model, topology }) =>
    forEach(topology.subjects('trailLogGroups'), 'no trail delivers to a CloudWatch log group in this configuration', (g) => {
      const r = topology.resolver;
      let best: Finding | undefined;
      for (const alarm of model.ofType('aws_cloudwatch_metric_alarm')) {
        const namespace = strAttr(alarm.values.namespace);
        const metric = strAttr(alarm.values.metric_name);
        if (namespace.known && metric.known && (namespace.value !== 'AWS/Logs' || metric.value !== 'IncomingLogEvents')) continue;
        const dimensions = isObject(alarm.values.dimensions) ? alarm.values.dimensions : {};
        const group = r.target(alarm, 'dimensions.LogGroupName', dimensions.LogGroupName, ['aws_cloudwatch_log_group']);
        let path: Finding;
        if (!namespace.known || !metric.known || group.kind === 'unknown')
          path = unknown(alarm, 'the metric or log group the alarm watches cannot be resolved; unknown values fail closed');
        else if (group.kind !== 'resource' || group.resource !== g) continue;
        else if (Object.keys(dimensions).length > 1)
          path = fail(alarm, `the alarm has dimensions besides LogGroupName (${Object.keys(dimensions).join(', ')})`);
        else path = heartbeat(topology, alarm);
        if (best === undefined || rank(path) < rank(best)) best = path;
        if (best.outcome === 'pass') return { ...best, resource: g.address, message: `${alarm.address} fires when the group receives no events` };
      }
      return best ?? fail(g, 'no alarm watches AWS/Logs IncomingLogEvents of this log group: a dead delivery goes unnoticed');
    }),
};
