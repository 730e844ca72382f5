import { tamperEvents } from '../baseline-events';
import { evaluateEventAlarms } from '../event-alarms';
import { forEach } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'alarm-baseline-changes',
  title: 'Every change to the logging baseline itself raises an alarm to an encrypted SNS topic',
  severity: 'high',
  rationale:
    "The CIS set watches the account, not the baseline: it misses PutEventSelectors (which can turn off management events without stopping the trail), an Unsubscribe of the alarm topic, changes to the roles, the key's grants, the log group's metric filters and the alarms themselves. Someone who silences the alarms first can then weaken everything else unseen. Each change must match a filter whose alarm fires, and the filter must not fire on everyday reads.",
  remediation: {
    text: "Add metric filters on the trail's log group (with alarms to the subscribed, encrypted topic) for: bucket settings of both log buckets and deletes, retention and legal-hold changes of log files; UpdateTrail, StopLogging, DeleteTrail (requestParameters.name) and PutEventSelectors, PutInsightSelectors (requestParameters.trailName); the log group's retention, key, streams and metric filters; DeleteAlarms and DisableAlarmActions (every position of requestParameters.alarmNames) and PutMetricAlarm on the baseline's alarms; the key's grants, policy, rotation, disabling and deletion; the topic's attributes and permissions, Unsubscribe and SetSubscriptionAttributes (requestParameters.subscriptionArn); and the human and delivery roles' policies, boundary and trust.",
    cdktf: `new CloudwatchLogMetricFilter(this, 'baseline-trail-changes', { logGroupName: logGroup.name, pattern: \`{ (($.requestParameters.name = "\${trailName}") && ($.eventName = "UpdateTrail" || $.eventName = "StopLogging" || $.eventName = "DeleteTrail")) || (($.requestParameters.trailName = "\${trailName}") && ($.eventName = "PutEventSelectors" || $.eventName = "PutInsightSelectors")) }\`, metricTransformation: { name: 'baseline-trail-changes', namespace: 'AuditReady', value: '1' } });`,
  },
  absentMeans:
    "An event that no filter on the trail's log group matches, a filter that also matches everyday reads (or CloudTrail's own log stream creation), or an alarm that cannot fire or reach anyone: the rule fails. The events are built from the configuration's own names for the buckets, trail, log group, key, topic, roles and alarms.",
  evaluate: ({ topology }) =>
    forEach(topology.subjects('trailLogGroups'), 'no trail delivers to a CloudWatch log group in this configuration', (g) =>
      evaluateEventAlarms(topology, g, 'tamper', tamperEvents, 'changes to the baseline'),
    ),
};
