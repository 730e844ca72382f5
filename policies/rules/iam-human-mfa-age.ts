import { mfaCapableStatements } from '../human-trust';
import { values } from '../iam/conditions';
import { allowed, sidOf } from '../iam/evaluate';
import { fail, forEachHumanTrust, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'iam-human-mfa-age',
  title: "Human roles require MFA no older than the tier's longest session",
  severity: 'medium',
  rationale:
    "aws:MultiFactorAuthPresent stays true for the whole life of the caller's session, which for an IAM user's session token can be 36 hours: without a bound on aws:MultiFactorAuthAge, an MFA made yesterday opens the audit and break-glass roles today.",
  remediation: {
    text: "Beside Bool aws:MultiFactorAuthPresent true, require NumericLessThan aws:MultiFactorAuthAge of at most the tier's longest human session (3600 seconds in prod) on every trust statement for IAM users and roles.",
    cdktf: `condition: [{ test: 'Bool', variable: 'aws:MultiFactorAuthPresent', values: ['true'] }, { test: 'NumericLessThan', variable: 'aws:MultiFactorAuthAge', values: ['3600'] }]`,
  },
  absentMeans:
    'A trust statement for AWS principals that admits an MFA older than the limit (no aws:MultiFactorAuthAge condition, a larger value, or ...IfExists) fails. Statements that trust only IAM Identity Center roles, and federated statements, are exempt: their identity provider enforces MFA.',
  evaluate: ({ topology, thresholds }) =>
    forEachHumanTrust(topology, (role, trust) => {
      const stale = String(thresholds.maxSessionSeconds + 1);
      const old = allowed(mfaCapableStatements(trust), {
        principal: { kind: 'aws' },
        action: 'sts:AssumeRole',
        context: { keys: { 'aws:multifactorauthpresent': values('true'), 'aws:multifactorauthage': values(stale) } },
      });
      if (old.result === 'yes')
        return fail(
          role,
          `trust statement ${sidOf(old.statements[0])} admits an MFA made ${stale} seconds before, more than the ${thresholds.maxSessionSeconds} allowed`,
        );
      if (old.result === 'maybe') return unknown(role, 'whether the trust policy bounds the MFA age cannot be resolved; unknown values fail closed');
      return pass(role, `no trust statement admits an MFA older than ${thresholds.maxSessionSeconds} seconds`);
    }),
};
