import { fail, notApplicable, pass } from '../rule-helpers';
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
  absentMeans: 'No aws_cloudtrail resource means no trail: the rule fails (not applicable only to a configuration with no resources at all).',
  evaluate: ({ model, topology }) => {
    if (topology.trails.length > 0) return topology.trails.map((t) => pass(t, 'trail is defined'));
    if (!model.resources.some((r) => r.mode === 'managed')) return [notApplicable('the configuration defines no resources')];
    return [fail(undefined, 'no aws_cloudtrail in this environment: API activity is not recorded')];
  },
};
