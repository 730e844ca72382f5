import { forEach, noPublicAccess } from '../rule-helpers';
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
      return noPublicAccess(b, policy, 'bucket policies', 'no bucket policy grants access');
    }),
};
