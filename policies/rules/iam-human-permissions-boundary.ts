import { resolve } from '../model';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'iam-human-permissions-boundary',
  title: 'Human roles have a permissions boundary',
  severity: 'medium',
  rationale: 'A boundary caps what the role can ever do, even if a broader policy is attached later (e.g. it can deny cloudtrail:StopLogging).',
  remediation: {
    text: 'Set permissions_boundary to the ARN of an aws_iam_policy that denies tampering with the logging stack.',
    cdktf: `new IamRole(this, 'auditor', { ..., permissionsBoundary: boundary.arn });`,
  },
  absentMeans: 'permissions_boundary absent means no boundary: the rule fails.',
  evaluate: ({ model, topology }) =>
    forEach(topology.humanRoles, 'no human role in this configuration', (role) => {
      const r = resolve(model, role.values.permissions_boundary, ['aws_iam_policy']);
      if (r.kind === 'absent') return fail(role, 'permissions_boundary is not set (absent means no boundary)');
      if (r.kind === 'unknown') return unknown(role, `permissions_boundary cannot be resolved (${r.expression}); unknown values fail closed`);
      return pass(role, `permissions boundary is ${r.kind === 'resource' ? r.resource.address : r.value}`);
    }),
};
