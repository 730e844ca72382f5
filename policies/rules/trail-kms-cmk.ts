import { resolve } from '../model';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'trail-kms-cmk',
  title: 'CloudTrail logs are encrypted with a customer-managed KMS key',
  severity: 'high',
  rationale: 'SSE-KMS with a customer-managed key adds a second permission (kms:Decrypt) between a reader and the logs, and every decrypt is itself logged.',
  remediation: {
    text: 'Set kms_key_id to the ARN of the audit key (an aws_kms_key in the same configuration).',
    cdktf: `new Cloudtrail(this, 'trail', { ..., kmsKeyId: auditKey.arn });`,
  },
  absentMeans: 'kms_key_id absent means SSE-S3 encryption with an S3-owned key: the rule fails.',
  evaluate: ({ model, topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) => {
      const r = resolve(model, t.values.kms_key_id, ['aws_kms_key', 'aws_kms_alias']);
      switch (r.kind) {
        case 'absent':
          return fail(t, 'kms_key_id is not set (absent means SSE-S3): log files are not encrypted with a customer-managed key');
        case 'unknown':
          return unknown(t, `kms_key_id cannot be resolved (${r.expression}); unknown values fail closed`);
        case 'literal':
          return /^(arn:[^:]+:kms:[^:]*:[^:]*:)?alias\/aws\//.test(r.value)
            ? fail(t, 'kms_key_id names an AWS-managed key: log files are not encrypted with a customer-managed key')
            : pass(t, 'log files are encrypted with a customer-managed key outside this configuration');
        case 'resource':
          return r.resource.type === 'aws_kms_key' || r.resource.type === 'aws_kms_alias'
            ? pass(t, `log files are encrypted with ${r.resource.address}`)
            : fail(t, `kms_key_id points to ${r.resource.address}, which is not a KMS key`);
      }
    }),
};
