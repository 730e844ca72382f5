import { restoreEvents } from '../baseline-events';
import { evaluateEventAlarms } from '../event-alarms';
import { forEach, notApplicable } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'alarm-audit-log-restored',
  title: 'Restoring an archived audit log raises an alarm to an encrypted SNS topic',
  severity: 'low',
  rationale:
    's3:RestoreObject makes a readable copy of an archived log file. It is rare and deliberate (an investigation, an assessment): an alarm makes each restore a reviewed event, and shows a restore by a role that should not make one.',
  remediation: {
    text: "Add a metric filter on the trail's log group matching RestoreObject on the audit bucket, with an alarm to the subscribed, encrypted topic (the trail must record write data events on the bucket).",
    cdktf: `new CloudwatchLogMetricFilter(this, 'audit-log-restored', { logGroupName: logGroup.name, pattern: \`{ ($.requestParameters.bucketName = "\${auditBucketName}") && ($.eventName = "RestoreObject") }\`, metricTransformation: { name: 'audit-log-restored', namespace: 'AuditReady', value: '1' } });`,
  },
  absentMeans:
    'No filter on the trail log group that matches a RestoreObject record on the audit bucket, or an alarm that cannot fire or reach anyone: the rule fails.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('trailLogGroups'), 'no trail delivers to a CloudWatch log group in this configuration', (g) => {
      if (topology.auditBuckets.length === 0) return notApplicable('no trail delivers to an audit bucket in this configuration', g);
      return evaluateEventAlarms(topology, g, 'restore', restoreEvents, 'restores of archived log files');
    }),
};
