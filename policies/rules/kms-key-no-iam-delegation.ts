import { allowed, sidOf } from '../iam/evaluate';
import { configProblem, fail, forEach, pass, unknown } from '../rule-helpers';
import type { Finding, RuleDefinition } from '../types';

/** A role and a user of the account that no policy names: what any IAM principal of the account gets from the key policy. */
const UNNAMED = ['role/auditready-any-unnamed-role', 'user/auditready-any-unnamed-user'];

export const rule: RuleDefinition = {
  id: 'kms-key-no-iam-delegation',
  title: "The audit key's policy gives the account's IAM principals nothing through their IAM policies",
  severity: 'high',
  rationale:
    'A key policy statement for the account root (or the account id) delegates to IAM: every principal of the account whose IAM policy allows kms:* (any administrator) may then decrypt the logs, create grants, disable the key or schedule its deletion. The audit key must name who may do what; only the root user itself may be kept as the last resort to restore the policy (aws:PrincipalType "Account").',
  remediation: {
    text: 'Replace the account-root statement with statements naming the deploy and break-glass roles (administration) and the services and auditors (use); if the root user must stay for recovery, confine it with aws:PrincipalType = Account.',
    cdktf: `{ sid: 'RootUserRecoversKeyPolicy', principals: [{ type: 'AWS', identifiers: [\`arn:\${partition}:iam::\${account}:root\`] }], actions: ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey', 'kms:EnableKey', 'kms:CancelKeyDeletion'], resources: ['*'], conditions: [{ test: 'StringEquals', variable: 'aws:PrincipalType', values: ['Account'] }] }`,
  },
  absentMeans: 'No key policy means the default key policy, which delegates every kms action to the account: the rule fails.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('trailKeys'), 'no trail key (no trail encrypts with a key in this configuration)', (key): Finding => {
      const policy = topology.keyPolicy(key);
      const problem = configProblem(key, policy, 'key policies');
      if (problem) return problem;
      if (policy.kind !== 'document') return fail(key, 'the default key policy delegates every kms action to the IAM principals of the account');
      const r = topology.resolver;
      let maybe = false;
      for (const who of UNNAMED) {
        const any = allowed(policy.statements, { principal: { kind: 'principal', arn: `arn:${r.partition()}:iam::${r.account()}:${who}` }, action: 'kms:*' });
        if (any.result === 'yes')
          return fail(key, `statement ${sidOf(any.statements[0])} lets any IAM principal of the account use or administer the key through its IAM policy`);
        maybe ||= any.result === 'maybe';
      }
      if (maybe) return unknown(key, 'whether the key policy delegates to the account cannot be resolved; unknown values fail closed');
      return pass(key, 'the key policy names every principal it admits; IAM policies add nothing');
    }),
};
