import { ABSENT } from '../iam/conditions';
import { allowed, type PrincipalQuery, sidOf } from '../iam/evaluate';
import { fail, forEachHumanTrust, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

/** Who assumes a human role, and with which action. */
const CALLERS: readonly (readonly [PrincipalQuery, string])[] = [
  [{ kind: 'aws' }, 'sts:AssumeRole'],
  [{ kind: 'federated' }, 'sts:AssumeRoleWithSAML'],
  [{ kind: 'federated' }, 'sts:AssumeRoleWithWebIdentity'],
];

export const rule: RuleDefinition = {
  id: 'iam-human-access-context',
  title: 'Human role sessions carry a source identity and a request tag (access context)',
  severity: 'medium',
  rationale:
    'sts:SourceIdentity ties every action in CloudTrail to the person, across role chaining; a required session tag (e.g. a ticket) records why the access happened.',
  remediation: {
    text: 'Require sts:SourceIdentity and an aws:RequestTag/<key> condition (e.g. ticket matching a pattern) in every trust statement for people; allow sts:SetSourceIdentity and sts:TagSession.',
    cdktf: `condition: [{ test: 'StringLike', variable: 'sts:SourceIdentity', values: ['*@example.com'] }, { test: 'StringLike', variable: 'aws:RequestTag/ticket', values: ['SEC-*'] }]`,
  },
  absentMeans:
    'A trust statement that admits a session without these (missing conditions, or ...IfExists) gives sessions no recorded identity or reason: the rule fails.',
  evaluate: ({ topology }) =>
    forEachHumanTrust(topology, (role, trust) => {
      let maybe = false;
      for (const [principal, action] of CALLERS) {
        const noIdentity = allowed(trust, { principal, action, context: { keys: { 'sts:sourceidentity': ABSENT } } });
        if (noIdentity.result === 'yes') return fail(role, `trust statement ${sidOf(noIdentity.statements[0])} has no sts:SourceIdentity condition`);
        const noTag = allowed(trust, { principal, action, context: { keys: { 'aws:tagkeys': ABSENT }, absentPrefixes: ['aws:requesttag/'] } });
        if (noTag.result === 'yes') return fail(role, `trust statement ${sidOf(noTag.statements[0])} has no aws:RequestTag condition`);
        maybe ||= noIdentity.result === 'maybe' || noTag.result === 'maybe';
      }
      if (maybe) return unknown(role, 'whether the trust policy requires a source identity and a request tag cannot be resolved; unknown values fail closed');
      return pass(role, 'trust statements require a source identity and a request tag');
    }),
};
