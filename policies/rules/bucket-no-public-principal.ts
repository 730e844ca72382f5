import { allowed, sidOf } from '../iam/evaluate';
import { configProblem, fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-no-public-principal',
  title: 'The log bucket policies grant nothing to the public',
  severity: 'critical',
  rationale:
    'An Allow for principal "*" makes audit logs readable or writable by anyone on the internet, unless a condition binds it to an account, organization or source (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:PrincipalAccount ... with a literal value).',
  remediation: {
    text: 'Name the principals (service principals with aws:SourceArn, or account roles) instead of "*", or bind the statement with a condition on aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID with a literal value.',
    cdktf: `principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }], condition: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] }]`,
  },
  absentMeans:
    'No bucket policy grants nothing to anyone: the rule passes. Conditions such as aws:SecureTransport, ...IfExists operators or wildcard values do not confine a public principal.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('logBuckets'), 'no audit or access-log bucket in this configuration', (b) => {
      const policy = topology.bucketPolicy(b);
      const problem = configProblem(b, policy, 'bucket policies');
      if (problem) return problem;
      if (policy.kind !== 'document') return pass(b, 'no bucket policy grants access');
      const open = allowed(policy.statements, { principal: { kind: 'anyone' }, action: '*' });
      if (open.result === 'yes')
        return fail(b, `statement ${sidOf(open.statements[0])} allows principal "*" without a condition that binds it to an account, organization or source`);
      if (open.result === 'maybe') return unknown(b, 'whether the policy admits the public cannot be resolved; unknown values fail closed');
      return pass(b, 'no statement allows the public');
    }),
};
