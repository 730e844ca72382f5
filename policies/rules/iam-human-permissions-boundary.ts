import { allowed } from '../iam/evaluate';
import { fail, forEach, pass, unknown, unresolvedTarget } from '../rule-helpers';
import type { RuleDefinition } from '../types';

/** An action of a service no policy names: a boundary that allows it allows every service. */
const ANY_SERVICE = 'zzzunknownservice:ZzzUnknownAction';
/** IAM actions that let a role escape or widen its own boundary or permissions. */
const ESCALATION = [
  'iam:DeleteRolePermissionsBoundary',
  'iam:PutRolePermissionsBoundary',
  'iam:AttachRolePolicy',
  'iam:PutRolePolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:PassRole',
  'iam:CreateRole',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:AttachUserPolicy',
  'iam:PutUserPolicy',
  'iam:AddUserToGroup',
];

export const rule: RuleDefinition = {
  id: 'iam-human-permissions-boundary',
  title: 'Human roles have a permissions boundary that caps them',
  severity: 'medium',
  rationale:
    "A boundary caps what the role can ever do, even if a broader policy is attached later; a boundary that allows every service, or the IAM actions that change a role's own boundary and policies, caps nothing.",
  remediation: {
    text: 'Set permissions_boundary to the ARN of an aws_iam_policy that allows only the services the role needs and does not allow IAM changes.',
    cdktf: `new IamRole(this, 'auditor', { ..., permissionsBoundary: boundary.arn });`,
  },
  absentMeans: 'permissions_boundary absent means no boundary: the rule fails. A boundary that allows every action, or IAM escalation actions, fails.',
  evaluate: ({ topology }) =>
    forEach(topology.humanRoles, 'no human role in this configuration', (role) => {
      const target = topology.resolver.target(role, 'permissions_boundary', role.values.permissions_boundary, ['aws_iam_policy']);
      if (target.kind === 'absent') return fail(role, 'permissions_boundary is not set (absent means no boundary)');
      if (target.kind === 'unknown') return unresolvedTarget(role, 'permissions_boundary', target);
      if (target.kind === 'external') return pass(role, `permissions boundary is ${target.name}, declared external (checked where it is defined)`);
      const perms = topology.permissions(role);
      if (perms.kind === 'unknown') return unknown(role, `permissions cannot be resolved: ${perms.reason}; unknown values fail closed`);
      const boundary = perms.boundary ?? [];
      const name = target.kind === 'resource' ? target.resource.address : target.name;
      const allows = (action: string) => allowed(boundary, { principal: { kind: 'identity' }, action }).result;
      const every = allows(ANY_SERVICE);
      if (every === 'yes') return fail(role, `the permissions boundary ${name} allows actions of every service: it caps nothing`);
      const escalation = ESCALATION.find((a) => allows(a) === 'yes');
      if (escalation) return fail(role, `the permissions boundary ${name} allows ${escalation}: the role can widen its own permissions`);
      if (every === 'maybe' || ESCALATION.some((a) => allows(a) === 'maybe'))
        return unknown(role, `what the permissions boundary ${name} allows cannot be resolved; unknown values fail closed`);
      return pass(role, `permissions boundary is ${name}`);
    }),
};
