import { checkBool, forEach } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'trail-logging-enabled',
  title: 'CloudTrail trails are logging',
  severity: 'critical',
  rationale: 'A trail that is not logging records nothing; stopping logging is a classic way to hide activity.',
  remediation: {
    text: 'Set enable_logging to true (or leave it unset).',
    cdktf: `new Cloudtrail(this, 'trail', { ..., enableLogging: true });`,
  },
  absentMeans: 'enable_logging absent means true (provider default): the rule passes.',
  evaluate: ({ topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) => checkBool(t, 'enable_logging', true, true, 'the trail records nothing')),
};
