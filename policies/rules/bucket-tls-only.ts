import { values } from '../iam/conditions';
import { denied } from '../iam/evaluate';
import { and } from '../iam/tri';
import { configProblem, fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-tls-only',
  title: 'The log buckets deny every request not made over TLS',
  severity: 'high',
  rationale: 'A Deny on aws:SecureTransport false keeps audit logs and credentials off unencrypted connections.',
  remediation: {
    text: 'Add a bucket policy statement: Deny, principal *, action s3:*, resources the bucket and bucket/*, condition Bool aws:SecureTransport false, and no other condition.',
    cdktf: `statement: [{ sid: 'DenyInsecureTransport', effect: 'Deny', principals: [{ type: '*', identifiers: ['*'] }], actions: ['s3:*'], resources: [bucket.arn, \`\${bucket.arn}/*\`], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }]`,
  },
  absentMeans:
    'No bucket policy means plain HTTP requests are accepted: the rule fails. A Deny narrowed by any other condition, principal, action or resource does not protect every request.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('logBuckets'), 'no audit or access-log bucket in this configuration', (b) => {
      const policy = topology.bucketPolicy(b);
      const problem = configProblem(b, policy, 'bucket policies');
      if (problem) return problem;
      if (policy.kind !== 'document') return fail(b, 'no bucket policy: requests over plain HTTP are not denied');
      const arn = topology.bucketArn(b);
      // Every caller, every S3 action, every context in which aws:SecureTransport is false.
      const q = { principal: { kind: 'everyone' }, action: 's3:*', context: { keys: { 'aws:securetransport': values('false') } } } as const;
      const result = and(
        denied(policy.statements, { ...q, resource: { kind: 'arn', arn } }).result,
        denied(policy.statements, { ...q, resource: { kind: 'prefix', prefix: `${arn}/` } }).result,
      );
      if (result === 'yes') return pass(b, 'requests without TLS are denied');
      if (result === 'maybe') return unknown(b, 'whether requests without TLS are denied cannot be resolved; unknown values fail closed');
      return fail(b, 'no Deny statement on aws:SecureTransport false covers s3:* on the bucket and its objects for every principal');
    }),
};
