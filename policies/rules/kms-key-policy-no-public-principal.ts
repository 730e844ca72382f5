import { hasPublicPrincipal, readPolicy } from '../policy-document';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'kms-key-policy-no-public-principal',
  title: 'KMS key policies grant nothing to a wildcard principal without conditions',
  severity: 'critical',
  rationale: 'A key policy Allow for "*" without conditions lets any AWS account use the key that protects the audit logs.',
  remediation: {
    text: 'Name principals (the account root, service principals with aws:SourceArn or encryption-context conditions) instead of "*".',
    cdktf: `principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }], condition: [{ test: 'StringLike', variable: 'kms:EncryptionContext:aws:cloudtrail:arn', values: [\`arn:aws:cloudtrail:*:\${account}:trail/*\`] }]`,
  },
  absentMeans: 'policy absent means the default key policy, which trusts only the owning account: the rule passes.',
  evaluate: ({ model }) =>
    forEach(model.ofType('aws_kms_key'), 'no aws_kms_key in this configuration', (k) => {
      const policy = readPolicy(model, k.values.policy);
      if (policy.kind === 'absent') return pass(k, 'default key policy (owning account only)');
      if (policy.kind === 'unknown') return unknown(k, `key policy cannot be resolved (${policy.expression}); unknown values fail closed`);
      const open = policy.statements.filter((s) => s.effect === 'Allow' && hasPublicPrincipal(s) && s.conditions.length === 0);
      if (open.length > 0) return fail(k, `statement ${open[0]?.sid ?? '(no sid)'} allows principal "*" without conditions`);
      return pass(k, 'no statement allows an unconditioned wildcard principal');
    }),
};
