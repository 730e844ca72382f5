import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

/** Writes that change what a trail records or whether it records: CloudTrail has no condition keys to narrow them. */
const TRAIL_CHANGES = [
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:PutInsightSelectors',
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
];

export const rule: RuleDefinition = {
  id: 'iam-human-no-trail-changes',
  title: 'No human role but break-glass can change, stop or delete the trail',
  severity: 'high',
  rationale:
    'UpdateTrail and PutEventSelectors can turn off management events, data events or the CloudWatch Logs delivery without stopping the trail, and CloudTrail offers no condition key to allow only harmless changes. A role that operates alarms (log-admin) must not have them; trail changes go through a deploy, and break-glass (alarmed) repairs.',
  remediation: {
    text: 'Remove cloudtrail:UpdateTrail, PutEventSelectors, PutInsightSelectors, StopLogging and DeleteTrail from every human role but break-glass, and deny them explicitly where a broad grant (cloudtrail:*) is needed.',
    cdktf: `{ sid: 'DenyWeakeningLogging', effect: 'Deny', actions: ['cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors', 'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], resources: ['*'] }`,
  },
  absentMeans:
    'A human role whose permissions cannot be read may change the trail: unknown. The break-glass roles are the human roles the audit bucket policy exempts from its deny of evidence destruction; a tag does not make one.',
  evaluate: ({ topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) => {
      const arn = topology.resolver.materialize(`\${${t.address}.arn}`) ?? topology.resolver.token(`${t.address}.arn`);
      let maybe: string | undefined;
      for (const role of topology.humanRoles) {
        if (topology.breakGlassRoles.includes(role)) continue;
        for (const action of TRAIL_CHANGES) {
          const can = topology.identityAllows(role, { action, resource: { kind: 'arn', arn } });
          if (can === 'yes') return fail(t, `${role.address} may ${action} the trail; only the break-glass role should`);
          if (can === 'maybe') maybe ??= role.address;
        }
      }
      if (maybe) return unknown(t, `whether ${maybe} may change the trail cannot be resolved; unknown values fail closed`);
      return pass(t, 'no human role but break-glass may change, stop or delete the trail');
    }),
};
