import { checkBool, fail, mayNotExist } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'org-trail-organization-wide',
  title: "The organization's management account holds an organization trail, which logs every member account",
  severity: 'critical',
  scope: 'organization-management',
  rationale:
    'At organization scale one trail in the management account logs every account; a trail that is not an organization trail logs only the management account, and the members go unlogged.',
  remediation: {
    text: 'Set is_organization_trail to true on the trail of the management account (AWS Organizations must trust cloudtrail.amazonaws.com).',
    cdktf: `new AuditTrail(this, 'trail', { ..., organizationTrail: true });`,
  },
  absentMeans:
    'is_organization_trail absent means false (provider default): the rule fails. A management account file without any aws_cloudtrail fails: nothing logs the organization.',
  evaluate: ({ topology }) => {
    if (topology.trails.length === 0) return [fail(undefined, 'no aws_cloudtrail in the management account: nothing logs the organization')];
    return topology.trails.map((t) =>
      t.existence
        ? mayNotExist(t)
        : checkBool(t, 'is_organization_trail', false, true, 'the trail logs the management account only: member accounts go unlogged'),
    );
  },
};
