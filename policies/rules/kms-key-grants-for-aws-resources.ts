import { values } from '../iam/conditions';
import { allowed, sidOf } from '../iam/evaluate';
import { match } from '../iam/glob';
import { configProblem, fail, forEach, pass, unknown } from '../rule-helpers';
import type { Finding, RuleDefinition } from '../types';

const CREATE_GRANT = 'kms:CreateGrant';

export const rule: RuleDefinition = {
  id: 'kms-key-grants-for-aws-resources',
  title: 'Only break-glass may create grants on the audit key, and only for AWS services',
  severity: 'critical',
  rationale:
    'A grant gives its grantee key use (kms:Decrypt) outside the key policy. Whoever may create grants for any grantee (kms:CreateGrant, which kms:Create* and kms:* include) can give themselves the power to read every log. Grants are needed only for AWS services using the key for the bucket (kms:GrantIsForAWSResource), and only the alarmed break-glass role should make them.',
  remediation: {
    text: 'List key administration actions one by one (no kms:* or kms:Create*); allow kms:CreateGrant only to the break-glass role, with Bool kms:GrantIsForAWSResource true.',
    cdktf: `{ sid: 'BreakGlassGrantsToAwsServices', principals: [{ type: 'AWS', identifiers: [breakGlassRoleArn] }], actions: ['kms:CreateGrant'], resources: ['*'], conditions: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }] }`,
  },
  absentMeans:
    'No key policy means the default policy, which lets any principal of the account whose IAM policy allows it create grants: the rule fails. The break-glass roles are those the audit bucket policy exempts from its deny of evidence destruction.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('trailKeys'), 'no trail key (no trail encrypts with a key in this configuration)', (key): Finding => {
      const policy = topology.keyPolicy(key);
      const problem = configProblem(key, policy, 'key policies');
      if (problem) return problem;
      if (policy.kind !== 'document') return fail(key, 'the default key policy lets the principals of the account create grants for anyone');
      const anyGrantee = allowed(policy.statements, {
        principal: { kind: 'aws' },
        action: CREATE_GRANT,
        context: { keys: { 'kms:grantisforawsresource': values('false') } },
      });
      if (anyGrantee.result === 'yes')
        return fail(key, `statement ${sidOf(anyGrantee.statements[0])} lets an AWS principal create grants that are not for an AWS resource`);
      const forServices = allowed(policy.statements, { principal: { kind: 'aws' }, action: CREATE_GRANT });
      const breakGlass = topology.breakGlassRoles.map((r) => topology.principalArn(r));
      for (const s of forServices.statements) {
        if ((s.notPrincipals ?? []).length > 0) return fail(key, `statement ${sidOf(s)} lets everyone but its NotPrincipal list create grants on the key`);
        for (const p of s.principals ?? [])
          for (const id of p.type === 'AWS' || p.type === '*' ? p.ids : [])
            if (id === undefined) return unknown(key, 'a principal that may create grants cannot be resolved; unknown values fail closed');
            else if (breakGlass.every((arn) => match(id, arn) === 'no'))
              return fail(key, `statement ${sidOf(s)} lets ${id} create grants on the key; only the break-glass role should`);
      }
      if (anyGrantee.result === 'maybe' || forServices.result === 'maybe')
        return unknown(key, 'who may create grants cannot be resolved; unknown values fail closed');
      return pass(key, 'only the break-glass role may create grants, and only for AWS resources');
    }),
};
