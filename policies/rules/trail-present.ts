import { fail, mayNotExist, notApplicable, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'trail-present',
  title: 'Each environment has a CloudTrail trail',
  severity: 'critical',
  rationale: 'Without a trail, API activity is kept only in the 90-day event history, which cannot be protected, retained or analysed.',
  remediation: {
    text: 'Add an aws_cloudtrail to the environment (the AuditTrail construct creates one).',
    cdktf: `new Cloudtrail(this, 'trail', { name: 'audit', s3BucketName: auditBucket.id, isMultiRegionTrail: true });`,
  },
  absentMeans:
    "No aws_cloudtrail resource means no trail: the rule fails (not applicable only to a configuration with no resources at all, and to an organization's log archive, whose trail is the management account's). A trail whose count cannot be evaluated, or a configuration that calls modules this file does not hold, is unknown.",
  evaluate: ({ model, topology }) => {
    const certain = topology.trails.filter((t) => !t.existence);
    if (certain.length > 0) return certain.map((t) => pass(t, 'trail is defined'));
    if (topology.trails.length > 0) return topology.trails.map(mayNotExist);
    if (model.moduleCalls.length > 0)
      return [
        unknown(
          undefined,
          `no aws_cloudtrail in this file, which calls module ${model.moduleCalls.join(', ')} whose resources it does not hold; check the plan (terraform show -json), which includes them`,
        ),
      ];
    if (!model.resources.some((r) => r.mode === 'managed')) return [notApplicable('the configuration defines no resources')];
    // The organization trail is the management account's: checked in that file (org-trail-organization-wide).
    if (model.declaredScope === 'organization-log-archive')
      return [notApplicable("an organization's log archive holds no trail: the organization trail is checked in the management account's file")];
    return [fail(undefined, 'no aws_cloudtrail in this environment: API activity is not recorded')];
  },
};
