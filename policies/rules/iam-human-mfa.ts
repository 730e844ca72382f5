import { conditionsOn, readPolicy } from '../policy-document';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

/**
 * IAM Identity Center permission-set roles: their sessions never carry aws:MultiFactorAuthPresent, and
 * Identity Center enforces MFA at sign-in, so a trust statement for them alone cannot and need not require it.
 */
const IDENTITY_CENTER_ROLE = /^arn:[^:]+:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\/([a-z0-9-]+\/)?AWSReservedSSO_[\w+=,.@-]+$/;

export const rule: RuleDefinition = {
  id: 'iam-human-mfa',
  title: 'Human roles can only be assumed with MFA',
  severity: 'high',
  rationale: 'A stolen password or access key alone must not open the audit, log-admin or break-glass roles.',
  remediation: {
    text: 'Add a condition Bool aws:MultiFactorAuthPresent true to every trust statement for AWS principals.',
    cdktf: `condition: [{ test: 'Bool', variable: 'aws:MultiFactorAuthPresent', values: ['true'] }]`,
  },
  absentMeans:
    'A trust statement for AWS principals without the condition accepts sessions without MFA: the rule fails. Statements that trust only IAM Identity Center roles, and federated (SAML, OIDC) statements, are exempt: their identity provider enforces MFA.',
  evaluate: ({ model, topology }) =>
    forEach(topology.humanRoles, 'no human role in this configuration', (role) => {
      const trust = readPolicy(model, role.values.assume_role_policy);
      if (trust.kind === 'unknown') return unknown(role, `assume_role_policy cannot be resolved (${trust.expression}); unknown values fail closed`);
      if (trust.kind === 'absent') return fail(role, 'assume_role_policy is not set');
      const forPeople = trust.statements.filter(
        (s) =>
          s.effect === 'Allow' &&
          s.principals.some((p) => p.type === 'AWS' || p.type === '*') &&
          !s.principals.every((p) => p.type === 'AWS' && p.identifiers.length > 0 && p.identifiers.every((id) => IDENTITY_CENTER_ROLE.test(id))),
      );
      const without = forPeople.find(
        (s) =>
          !conditionsOn(s, 'aws:MultiFactorAuthPresent').some((c) => c.test === 'Bool' && c.values.length > 0 && c.values.every((v) => v === 'true')) &&
          !conditionsOn(s, 'aws:MultiFactorAuthAge').some((c) => /^NumericLessThan(Equals)?$/.test(c.test)),
      );
      if (without) return fail(role, `trust statement ${without.sid ?? '(no sid)'} does not require aws:MultiFactorAuthPresent true`);
      return pass(role, 'every trust statement for AWS principals requires MFA');
    }),
};
