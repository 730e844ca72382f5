import { mfaCapableStatements } from '../human-trust';
import { ABSENT, values } from '../iam/conditions';
import { allowed, sidOf } from '../iam/evaluate';
import { or } from '../iam/tri';
import { fail, forEachHumanTrust, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

/** A session without MFA: the keys are absent (no MFA device was used), or MultiFactorAuthPresent is false. */
const WITHOUT_MFA = [
  { keys: { 'aws:multifactorauthpresent': ABSENT, 'aws:multifactorauthage': ABSENT } },
  { keys: { 'aws:multifactorauthpresent': values('false'), 'aws:multifactorauthage': ABSENT } },
];

export const rule: RuleDefinition = {
  id: 'iam-human-mfa',
  title: 'Human roles can only be assumed with MFA',
  severity: 'high',
  rationale: 'A stolen password or access key alone must not open the audit, log-admin or break-glass roles.',
  remediation: {
    text: 'Require MFA in the trust policy: a condition Bool aws:MultiFactorAuthPresent true on every statement for AWS principals, or a Deny with BoolIfExists aws:MultiFactorAuthPresent false.',
    cdktf: `condition: [{ test: 'Bool', variable: 'aws:MultiFactorAuthPresent', values: ['true'] }]`,
  },
  absentMeans:
    'A trust statement that admits an AWS principal without MFA fails, whether the condition is missing or made optional (...IfExists). A Deny on Bool (not BoolIfExists) aws:MultiFactorAuthPresent false leaves sessions without the key admitted. Statements that trust only IAM Identity Center roles, and federated (SAML, OIDC) statements, are exempt: their identity provider enforces MFA.',
  evaluate: ({ topology }) =>
    forEachHumanTrust(topology, (role, trust) => {
      // Statements for Identity Center roles alone are left out: their identity provider enforces MFA.
      const statements = mfaCapableStatements(trust);
      const answers = WITHOUT_MFA.map((context) => allowed(statements, { principal: { kind: 'aws' }, action: 'sts:AssumeRole', context }));
      const admitted = answers.find((a) => a.result === 'yes');
      if (admitted) return fail(role, `trust statement ${sidOf(admitted.statements[0])} admits an AWS principal without MFA`);
      if (answers.map((a) => a.result).reduce(or, 'no') === 'maybe')
        return unknown(role, 'whether the trust policy requires MFA cannot be resolved; unknown values fail closed');
      return pass(role, 'every trust statement for AWS principals requires MFA');
    }),
};
