import { values } from '../iam/conditions';
import { allowed, type CompiledStatement, type PrincipalQuery, sidOf } from '../iam/evaluate';
import { and, type Tri } from '../iam/tri';
import { fail, forEachHumanTrust, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

/** Who assumes a human role, and with which action; sts:TagSession is authorized beside it when tags are passed. */
const CALLERS: readonly (readonly [PrincipalQuery, string])[] = [
  [{ kind: 'aws' }, 'sts:AssumeRole'],
  [{ kind: 'federated' }, 'sts:AssumeRoleWithSAML'],
  [{ kind: 'federated' }, 'sts:AssumeRoleWithWebIdentity'],
];

/** A tag key no policy names. */
const EXTRA = 'auditready-extra-tag';

/** The tag keys the trust policy names (aws:RequestTag/<key> conditions and aws:TagKeys values): a session may carry these. */
function namedTagKeys(statements: readonly CompiledStatement[]): string[] {
  const keys = new Set<string>();
  for (const s of statements)
    s.conditions.forEach((c, i) => {
      const variable = s.written.conditions[i]?.variable ?? c.key;
      if (c.key.startsWith('aws:requesttag/')) keys.add(variable.slice('aws:RequestTag/'.length));
      if (c.key === 'aws:tagkeys') for (const v of c.values) if (v !== undefined && !/[*?]/.test(v)) keys.add(v);
    });
  keys.delete(EXTRA);
  return [...keys];
}

export const rule: RuleDefinition = {
  id: 'iam-human-session-tags-limited',
  title: 'Human role sessions carry no session tag but the access-context tag',
  severity: 'medium',
  rationale:
    'The access-context tag (a ticket) records why a session exists. A session that may carry any other tag can add a second, misleading one, or one that attribute-based policies elsewhere trust (aws:PrincipalTag), and tags pass on to chained sessions. Limiting aws:TagKeys to the access-context key keeps the record to what the policy checks.',
  remediation: {
    text: 'In every trust statement for people, require ForAllValues:StringEquals aws:TagKeys [<access-context key>] beside the aws:RequestTag/<key> condition.',
    cdktf: `condition: [{ test: 'StringLike', variable: 'aws:RequestTag/ticket', values: ['CHG-*', 'INC-*'] }, { test: 'ForAllValues:StringEquals', variable: 'aws:TagKeys', values: ['ticket'] }]`,
  },
  absentMeans:
    'A trust statement that lets a session pass a tag key besides those it names (no aws:TagKeys condition, ForAnyValue instead of ForAllValues, a wildcard, or ...IfExists) fails.',
  evaluate: ({ topology }) =>
    forEachHumanTrust(topology, (role, trust) => {
      const named = namedTagKeys(trust);
      const context = {
        keys: { 'aws:tagkeys': values(...named, EXTRA), [`aws:requesttag/${EXTRA}`]: values('anything') },
      };
      let maybe = false;
      for (const [principal, action] of CALLERS) {
        const assume = allowed(trust, { principal, action, context });
        const tag = allowed(trust, { principal, action: 'sts:TagSession', context });
        const extra: Tri = and(assume.result, tag.result);
        if (extra === 'yes')
          return fail(role, `trust statement ${sidOf(assume.statements[0])} lets a session carry tag keys other than ${named.join(', ') || 'none'}`);
        maybe ||= extra === 'maybe';
      }
      if (maybe) return unknown(role, 'which session tags the trust policy admits cannot be resolved; unknown values fail closed');
      return pass(role, `sessions may carry no tag key but ${named.join(', ')}`);
    }),
};
