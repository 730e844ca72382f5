import { numAttr } from '../model';
import { fail, forEach, pass, unresolved } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'log-group-retention',
  title: "The trail's CloudWatch log group keeps events for at least the tier's minimum",
  severity: 'medium',
  rationale: 'PCI DSS 10.5.1 asks for 12 months of audit history with 3 months immediately available; the log group is the immediately searchable copy.',
  remediation: {
    text: "Set retention_in_days to at least the tier's minimum (0 or unset keeps events forever).",
    cdktf: `new CloudwatchLogGroup(this, 'trail-logs', { ..., retentionInDays: 365 });`,
  },
  absentMeans: 'retention_in_days absent (or 0) means events never expire: the rule passes.',
  evaluate: ({ topology, thresholds, tier }) =>
    forEach(topology.subjects('trailLogGroups'), 'no trail delivers to a CloudWatch log group in this configuration', (g) => {
      const v = numAttr(g.values.retention_in_days, 0);
      if (!v.known) return unresolved(g, 'retention_in_days', v);
      const days = v.value ?? 0;
      if (days === 0) return pass(g, 'events never expire');
      return days >= thresholds.minLogGroupRetentionDays
        ? pass(g, `events are kept ${days} days`)
        : fail(g, `retention_in_days is ${days}, below the ${tier} minimum of ${thresholds.minLogGroupRetentionDays} days`);
    }),
};
