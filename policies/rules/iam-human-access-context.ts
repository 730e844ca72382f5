import { readPolicy, type Statement } from '../policy-document';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

const hasKey = (s: Statement, match: (variable: string) => boolean): boolean =>
  s.conditions.some((c) => match(c.variable.toLowerCase()) && c.values.length > 0);

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
  absentMeans: 'A trust statement without these conditions gives sessions no recorded identity or reason: the rule fails.',
  evaluate: ({ model, topology }) =>
    forEach(topology.humanRoles, 'no human role in this configuration', (role) => {
      const trust = readPolicy(model, role.values.assume_role_policy);
      if (trust.kind === 'unknown') return unknown(role, `assume_role_policy cannot be resolved (${trust.expression}); unknown values fail closed`);
      if (trust.kind === 'absent') return fail(role, 'assume_role_policy is not set');
      const forPeople = trust.statements.filter(
        (s) => s.effect === 'Allow' && s.principals.some((p) => p.type === 'AWS' || p.type === 'Federated' || p.type === '*'),
      );
      for (const s of forPeople) {
        if (!hasKey(s, (v) => v === 'sts:sourceidentity')) return fail(role, `trust statement ${s.sid ?? '(no sid)'} has no sts:SourceIdentity condition`);
        if (!hasKey(s, (v) => v.startsWith('aws:requesttag/'))) return fail(role, `trust statement ${s.sid ?? '(no sid)'} has no aws:RequestTag condition`);
      }
      return pass(role, 'trust statements require a source identity and a request tag');
    }),
};
