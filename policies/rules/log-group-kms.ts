import { fail, forEach, pass, unresolvedTarget } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'log-group-kms',
  title: "The trail's CloudWatch log group is encrypted with a customer-managed KMS key",
  severity: 'medium',
  rationale: 'The log group holds a full copy of the trail; it needs the same protection as the bucket.',
  remediation: {
    text: 'Set kms_key_id on the log group to the audit key (whose policy lets logs.<region>.amazonaws.com use it for this log group).',
    cdktf: `new CloudwatchLogGroup(this, 'trail-logs', { name: '/auditready/cloudtrail', kmsKeyId: key.arn, retentionInDays: 365 });`,
  },
  absentMeans: 'kms_key_id absent means CloudWatch Logs service-owned encryption: the rule fails.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('trailLogGroups'), 'no trail delivers to a CloudWatch log group in this configuration', (g) => {
      const key = topology.resolver.target(g, 'kms_key_id', g.values.kms_key_id, ['aws_kms_key']);
      switch (key.kind) {
        case 'absent':
          return fail(g, 'kms_key_id is not set (absent means service-owned encryption)');
        case 'unknown':
          return unresolvedTarget(g, 'kms_key_id', key);
        case 'aws-managed':
          return fail(g, `kms_key_id names the AWS-managed key ${key.name}: the log group is not encrypted with a customer-managed key`);
        case 'external':
          return pass(g, `log group is encrypted with ${key.name}, declared external`);
        case 'resource':
          return pass(g, `log group is encrypted with ${key.resource.address}`);
      }
    }),
};
