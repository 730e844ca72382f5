import { forEach, noPublicAccess } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'kms-key-policy-no-public-principal',
  title: 'KMS key policies grant nothing to the public',
  severity: 'critical',
  rationale:
    'A key policy Allow for "*" lets any AWS account use the key that protects the audit logs, unless a condition binds it to an account, organization or source with a literal value.',
  remediation: {
    text: 'Name principals (the account root, service principals with aws:SourceArn or encryption-context conditions) instead of "*"; keep exactly one key policy (the key policy argument or one aws_kms_key_policy).',
    cdktf: `principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }], condition: [{ test: 'StringLike', variable: 'kms:EncryptionContext:aws:cloudtrail:arn', values: [\`arn:\${partition}:cloudtrail:*:\${account}:trail/*\`] }]`,
  },
  absentMeans: 'policy absent (and no aws_kms_key_policy) means the default key policy, which trusts only the owning account: the rule passes.',
  evaluate: ({ model, topology }) =>
    forEach(model.ofType('aws_kms_key'), 'no aws_kms_key in this configuration', (k) => {
      const policy = topology.keyPolicy(k);
      return noPublicAccess(k, policy, 'key policies', 'default key policy (owning account only)');
    }),
};
