import { checkBool, forEach } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'trail-global-service-events',
  title: 'CloudTrail trails record global service events (IAM, STS, CloudFront)',
  severity: 'high',
  rationale: 'IAM and STS are global services; without global service events, changes to identities and sign-ins are missing from the trail.',
  remediation: {
    text: 'Set include_global_service_events to true (or leave it unset).',
    cdktf: `new Cloudtrail(this, 'trail', { ..., includeGlobalServiceEvents: true });`,
  },
  absentMeans: 'include_global_service_events absent means true (provider default): the rule passes.',
  evaluate: ({ topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) =>
      checkBool(t, 'include_global_service_events', true, true, 'IAM, STS and other global service events are not recorded'),
    ),
};
