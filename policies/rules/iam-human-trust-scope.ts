import { FREE } from '../iam/conditions';
import { allowed, sidOf } from '../iam/evaluate';
import { fail, forEachHumanTrust, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

/** Keys the caller's own identity sets: a condition on them alone binds nothing for a principal that has them. */
const CALLER_KEYS = Object.fromEntries(
  ['aws:principalaccount', 'aws:principalarn', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principaltype', 'aws:userid', 'aws:username'].map((k) => [
    k,
    FREE,
  ]),
);

export const rule: RuleDefinition = {
  id: 'iam-human-trust-scope',
  title: 'Human roles trust named principals only, and other accounts only under conditions',
  severity: 'critical',
  rationale:
    'A trust policy for "*" lets anyone in any account try to assume the role; trusting another account without conditions hands the role to whoever administers that account.',
  remediation: {
    text: 'Name the trusted principals (roles or users, not "*"); for a principal of another account, require conditions the caller must meet (MFA, sts:SourceIdentity, a session tag, sts:ExternalId), or bind "*" with aws:PrincipalOrgID or aws:PrincipalAccount.',
    cdktf: `principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111122223333:role/Auditors'] }], condition: [{ test: 'Bool', variable: 'aws:MultiFactorAuthPresent', values: ['true'] }]`,
  },
  absentMeans:
    'A trust statement for principal "*" without a literal aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn binding fails; so does one for another account that a caller can meet with no condition key at all.',
  evaluate: ({ model, topology }) =>
    forEachHumanTrust(topology, (role, trust) => {
      const pub = allowed(trust, { principal: { kind: 'anyone' }, action: 'sts:AssumeRole*' });
      if (pub.result === 'yes')
        return fail(role, `trust statement ${sidOf(pub.statements[0])} admits anyone (principal "*") without a binding to an account or organization`);
      // Another account's principal presenting no condition key at all (no MFA, source identity, tag or external id).
      const bare = allowed(trust, {
        principal: { kind: 'aws', otherThan: model.account ?? 'an account this file does not pin' },
        action: 'sts:AssumeRole',
        context: { keys: CALLER_KEYS, absentPrefixes: [''] },
      });
      if (bare.result === 'yes') return fail(role, `trust statement ${sidOf(bare.statements[0])} admits principals of another account without conditions`);
      if (pub.result === 'maybe' || bare.result === 'maybe')
        return unknown(role, 'whom the trust policy admits cannot be resolved; unknown values fail closed');
      return pass(role, 'the trust policy names its principals, and admits other accounts only under conditions');
    }),
};
