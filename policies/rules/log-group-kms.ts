import { hasToken } from '../iam/glob';
import { logsPrincipal, serviceDecision } from '../iam/service-request';
import { configProblem, fail, forEach, pass, unknown, unresolvedTarget } from '../rule-helpers';
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
        case 'resource': {
          // The requests CloudWatch Logs sends for this group ("Encrypt log data in CloudWatch Logs using AWS KMS"):
          // the regional service principal, the encryption context aws:logs:arn naming the group, no other key.
          const policy = topology.keyPolicy(key.resource);
          const problem = configProblem(key.resource, policy, 'key policies');
          if (problem) return { ...problem, resource: g.address };
          if (policy.kind !== 'document') return fail(g, `${key.resource.address} has the default key policy, which does not let CloudWatch Logs use it`);
          const r = topology.resolver;
          // An account (or region) the file does not pin leaves the group's ARN and the principal open: not asked.
          if (hasToken(r.account()) || hasToken(r.region())) return pass(g, `log group is encrypted with ${key.resource.address}`);
          const groupArn = r.materialize(`\${${g.address}.arn}`);
          if (groupArn === undefined) return unknown(g, "the log group's ARN cannot be resolved; unknown values fail closed");
          const resource = r.materialize(`\${${key.resource.address}.arn}`) ?? r.token(`${key.resource.address}.arn`);
          const principal = logsPrincipal(r);
          const answers = ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'].map(
            (action) =>
              [
                action,
                serviceDecision(policy.statements, { principal, action, resource, context: { 'kms:EncryptionContext:aws:logs:arn': groupArn } }, r),
              ] as const,
          );
          const refused = answers.find(([, a]) => a === 'no');
          if (refused)
            return fail(
              g,
              `the policy of ${key.resource.address} refuses ${principal} ${refused[0]} with the encryption context aws:logs:arn ${groupArn}: the trail's events cannot be written to the group`,
            );
          if (answers.some(([, a]) => a === 'maybe'))
            return unknown(g, `whether CloudWatch Logs may use ${key.resource.address} cannot be resolved; unknown values fail closed`);
          return pass(g, `log group is encrypted with ${key.resource.address}, whose policy lets CloudWatch Logs use it for this group`);
        }
      }
    }),
};
