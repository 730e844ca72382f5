import { blocks } from '../model';
import { fail, forEach, noPublicAccess, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-no-public-principal',
  title: 'The log buckets grant nothing to the public or to other accounts (policy, replication)',
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
      const r = topology.resolver;
      const open = noPublicAccess(b, policy, 'bucket policies', 'no bucket policy grants access', r.account());
      if (open.outcome !== 'pass') return open;
      // Replication copies every log object to its destination, under that bucket's policy.
      const replications = r.referrers(b, 'aws_s3_bucket_replication_configuration', 'bucket');
      if (replications.uncertain)
        return unknown(b, `a replication configuration may name the bucket: ${replications.uncertain.reason}; unknown values fail closed`);
      for (const rep of replications.resources)
        for (const rule of blocks(rep.values.rule))
          for (const d of blocks(rule.destination)) {
            const target = r.target(rep, 'destination.bucket', d.bucket, ['aws_s3_bucket']);
            const account = typeof d.account === 'string' ? r.materialize(d.account) : d.account === undefined ? undefined : String(d.account);
            if (target.kind !== 'resource' || (account !== undefined && account !== r.account()))
              return target.kind === 'unknown' && account === undefined
                ? unknown(b, `the replication destination of ${rep.address} cannot be resolved: ${target.reason}; unknown values fail closed`)
                : fail(b, `${rep.address} replicates the logs to a bucket outside this configuration or account: its policy is not checked`);
          }
      return open;
    }),
};
