/**
 * What the human-role rules share about trust policies: which statements can require MFA at all. IAM
 * Identity Center permission-set roles never carry aws:MultiFactorAuthPresent (Identity Center enforces MFA
 * at sign-in), so a trust statement for them alone cannot and need not require it; federated (SAML, OIDC)
 * statements are not for AWS principals and are left out by the questions themselves.
 */
import type { CompiledStatement } from './iam/evaluate';

const IDENTITY_CENTER_ROLE = /^arn:[^:]+:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\/([a-z0-9-]+\/)?AWSReservedSSO_[\w+=,.@-]+$/;

/** Whether a statement trusts Identity Center roles and nothing else. */
function onlyIdentityCenter(s: CompiledStatement): boolean {
  return (
    (s.principals ?? []).length > 0 &&
    (s.notPrincipals ?? []).length === 0 &&
    (s.principals ?? []).every((p) => p.type === 'AWS' && p.ids.length > 0 && p.ids.every((id) => id !== undefined && IDENTITY_CENTER_ROLE.test(id)))
  );
}

/** The statements that must require MFA of AWS principals: all but the Allows for Identity Center roles alone. Cached per list. */
export function mfaCapableStatements(statements: readonly CompiledStatement[]): readonly CompiledStatement[] {
  let out = cache.get(statements);
  if (!out) {
    out = statements.filter((s) => s.effect !== 'Allow' || !onlyIdentityCenter(s));
    cache.set(statements, out);
  }
  return out;
}

const cache = new WeakMap<readonly CompiledStatement[], readonly CompiledStatement[]>();
