import { values } from '../iam/conditions';
import { allowed, type CompiledStatement, sidOf } from '../iam/evaluate';
import { and, type Tri } from '../iam/tri';
import { fail, forEachHumanTrust, notApplicable, pass, unknown } from '../rule-helpers';
import type { Topology } from '../topology';
import type { Finding, RuleDefinition } from '../types';

/** A user of an account that a trust statement admits through the account (root or account id) or "*". */
const ANY_USER = 'auditready-any-user';

/** The IAM users a trust policy may admit: users it names, and a user of each account it names (or of this one, for "*"). */
function usersAdmitted(topology: Topology, statements: readonly CompiledStatement[]): (string | undefined)[] {
  const r = topology.resolver;
  const out = new Set<string | undefined>();
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    if ((s.notPrincipals ?? []).length > 0) out.add(`arn:${r.partition()}:iam::${r.account()}:user/${ANY_USER}`);
    for (const p of s.principals ?? []) {
      if (p.type !== 'AWS' && p.type !== '*') continue;
      for (const id of p.ids) {
        if (id === undefined) out.add(undefined);
        else if (id === '*') out.add(`arn:${r.partition()}:iam::${r.account()}:user/${ANY_USER}`);
        else if (/^arn:[^:]+:iam::[^:]*:user\//.test(id)) out.add(id);
        else {
          const root = /^arn:([^:]+):iam::([^:]+):root$/.exec(id);
          if (root) out.add(`arn:${root[1]}:iam::${root[2]}:user/${ANY_USER}`);
          else if (/^\d{12}$/.test(id)) out.add(`arn:${r.partition()}:iam::${id}:user/${ANY_USER}`);
        }
      }
    }
  }
  return [...out];
}

export const rule: RuleDefinition = {
  id: 'iam-human-source-identity-bound',
  title: 'IAM users can assume human roles only with their own user name as source identity',
  severity: 'medium',
  rationale:
    "The source identity is what ties every action of a role session, and of sessions chained from it, to a person in CloudTrail. An IAM user who may set any source identity can sign their actions with someone else's name; binding it to ${aws:username} makes the record true.",
  remediation: {
    text: 'In the trust statement for IAM users, require StringEquals sts:SourceIdentity ${aws:username} (written &{aws:username} in aws_iam_policy_document) on sts:AssumeRole and sts:SetSourceIdentity.',
    cdktf: `condition: [{ test: 'StringEquals', variable: 'sts:SourceIdentity', values: ['&{aws:username}'] }]`,
  },
  absentMeans:
    'A trust statement that admits an IAM user (named, or through its account or "*") with a source identity other than the user\'s own name fails, whether the condition is missing, a pattern (?*), or ...IfExists. Roles with no IAM user among their trusted principals are not applicable: roles and federated users have no aws:username to bind to.',
  evaluate: ({ topology }) =>
    forEachHumanTrust(topology, (role, trust): Finding => {
      const users = usersAdmitted(topology, trust);
      if (users.length === 0) return notApplicable('the trust policy admits no IAM user', role);
      let maybe = false;
      for (const user of users) {
        if (user === undefined) return unknown(role, 'a trusted principal cannot be resolved; unknown values fail closed');
        const name = user.slice(user.lastIndexOf('/') + 1);
        // Another person's name, and names that only begin or end with the user's own.
        for (const claim of ['someone-else', `${name}-admin`, `admin-${name}`]) {
          const query = { principal: { kind: 'principal', arn: user }, context: { keys: { 'sts:sourceidentity': values(claim) } } } as const;
          // STS authorizes sts:SetSourceIdentity beside sts:AssumeRole: both must allow the claimed identity.
          const assume = allowed(trust, { ...query, action: 'sts:AssumeRole' });
          const set = allowed(trust, { ...query, action: 'sts:SetSourceIdentity' });
          const claimed: Tri = and(assume.result, set.result);
          if (claimed === 'yes')
            return fail(
              role,
              `trust statement ${sidOf(assume.statements[0])} lets ${user} assume the role with a source identity other than its own user name`,
            );
          maybe ||= claimed === 'maybe';
        }
      }
      if (maybe) return unknown(role, 'whether the source identity is bound to the user name cannot be resolved; unknown values fail closed');
      return pass(role, 'IAM users assume the role only with their own user name as source identity');
    }),
};
