import { ABSENT, values } from '../iam/conditions';
import { allowed, type CompiledStatement, sidOf } from '../iam/evaluate';
import { or } from '../iam/tri';
import { configProblem, fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

/**
 * IAM Identity Center permission-set roles: their sessions never carry aws:MultiFactorAuthPresent, and
 * Identity Center enforces MFA at sign-in, so a trust statement for them alone cannot and need not require it.
 */
const IDENTITY_CENTER_ROLE = /^arn:[^:]+:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\/([a-z0-9-]+\/)?AWSReservedSSO_[\w+=,.@-]+$/;

/** Whether a statement trusts Identity Center roles and nothing else. */
const onlyIdentityCenter = (s: CompiledStatement): boolean =>
  (s.principals ?? []).length > 0 &&
  (s.notPrincipals ?? []).length === 0 &&
  (s.principals ?? []).every((p) => p.type === 'AWS' && p.ids.length > 0 && p.ids.every((id) => id !== undefined && IDENTITY_CENTER_ROLE.test(id)));

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
    forEach(topology.humanRoles, 'no human role in this configuration', (role) => {
      const trust = topology.policyIn(role, 'assume_role_policy');
      const problem = configProblem(role, trust, 'trust policies');
      if (problem) return problem;
      if (trust.kind !== 'document') return fail(role, 'assume_role_policy is not set');
      // Statements for Identity Center roles alone are left out: their identity provider enforces MFA.
      const statements = trust.statements.filter((s) => s.effect !== 'Allow' || !onlyIdentityCenter(s));
      const answers = WITHOUT_MFA.map((context) => allowed(statements, { principal: { kind: 'aws' }, action: 'sts:AssumeRole', context }));
      const admitted = answers.find((a) => a.result === 'yes');
      if (admitted) return fail(role, `trust statement ${sidOf(admitted.statements[0])} admits an AWS principal without MFA`);
      if (answers.map((a) => a.result).reduce(or, 'no') === 'maybe')
        return unknown(role, 'whether the trust policy requires MFA cannot be resolved; unknown values fail closed');
      return pass(role, 'every trust statement for AWS principals requires MFA');
    }),
};
