import { allowed, sidOf } from '../iam/evaluate';
import { configProblem, fail, forEach, pass, unknown } from '../rule-helpers';
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
      const problem = configProblem(k, policy, 'key policies');
      if (problem) return problem;
      if (policy.kind !== 'document') return pass(k, 'default key policy (owning account only)');
      const open = allowed(policy.statements, { principal: { kind: 'anyone' }, action: '*' });
      if (open.result === 'yes')
        return fail(k, `statement ${sidOf(open.statements[0])} allows principal "*" without a condition that binds it to an account, organization or source`);
      if (open.result === 'maybe') return unknown(k, 'whether the key policy admits the public cannot be resolved; unknown values fail closed');
      return pass(k, 'no statement allows the public');
    }),
};
