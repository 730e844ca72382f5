import { checkBool, forEach } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'trail-multi-region',
  title: 'CloudTrail trails record events in every region',
  severity: 'high',
  rationale: 'A single-region trail misses activity in the other regions, where an attacker can work unseen.',
  remediation: {
    text: 'Set is_multi_region_trail to true.',
    cdktf: `new Cloudtrail(this, 'trail', { ..., isMultiRegionTrail: true });`,
  },
  absentMeans: 'is_multi_region_trail absent means false (provider default): the rule fails.',
  evaluate: ({ topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) =>
      checkBool(t, 'is_multi_region_trail', false, true, 'events in other regions are not recorded'),
    ),
};
