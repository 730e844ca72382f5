import { boolAttr } from '../model';
import { fail, forEach, pass, unresolved, unresolvedTarget } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'trail-kms-cmk',
  title: 'CloudTrail logs are encrypted with an enabled customer-managed KMS key',
  severity: 'high',
  rationale:
    'SSE-KMS with a customer-managed key adds a second permission (kms:Decrypt) between a reader and the logs, and every decrypt is itself logged; a disabled key stops delivery.',
  remediation: {
    text: 'Set kms_key_id to the ARN of the audit key (an enabled aws_kms_key in the same configuration, or one declared with --external).',
    cdktf: `new Cloudtrail(this, 'trail', { ..., kmsKeyId: auditKey.arn });`,
  },
  absentMeans:
    'kms_key_id absent means SSE-S3 encryption with an S3-owned key: the rule fails. An AWS-managed alias (alias/aws/...) is not customer-managed; is_enabled absent means enabled.',
  evaluate: ({ topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) => {
      const key = topology.trailTarget(t, 'key');
      switch (key.kind) {
        case 'absent':
          return fail(t, 'kms_key_id is not set (absent means SSE-S3): log files are not encrypted with a customer-managed key');
        case 'unknown':
          return unresolvedTarget(t, 'kms_key_id', key);
        case 'aws-managed':
          return fail(t, `kms_key_id names the AWS-managed key ${key.name}: log files are not encrypted with a customer-managed key`);
        case 'external':
          return pass(t, `log files are encrypted with ${key.name}, declared external (checked where it is defined)`);
        case 'resource': {
          const enabled = boolAttr(key.resource.values.is_enabled, true);
          if (!enabled.known) return unresolved(key.resource, 'is_enabled', enabled);
          if (!enabled.value) return fail(t, `${key.resource.address} is disabled (is_enabled = false): CloudTrail cannot encrypt, and delivery stops`);
          return pass(t, `log files are encrypted with ${key.resource.address}`);
        }
      }
    }),
};
