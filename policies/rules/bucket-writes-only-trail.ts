import { foreignWrites, MAX_FOREIGN_RETENTION_DAYS } from '../log-bucket-access';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-writes-only-trail',
  title: 'Only the trail writes objects into the audit bucket',
  severity: 'critical',
  rationale:
    'A principal that can put objects into the WORM bucket can write a new current version over a log file (shadowing it: readers get the forgery, the original stays only as a noncurrent version) or fill the bucket with junk that Object Lock then keeps for years. Object Lock protects versions, not keys.',
  remediation: {
    text: `Deny s3:PutObject, s3:ReplicateObject and s3:ReplicateDelete on every object to every request whose aws:SourceArn is not the trail (StringNotEquals, which also matches requests without the key). A narrow exception (a verification canary) may admit named principals under one prefix outside the log prefix, only for objects they lock themselves for at most ${MAX_FOREIGN_RETENTION_DAYS} days.`,
    cdktf: `{ sid: 'DenyWritesExceptThisTrail', effect: 'Deny', principals: [{ type: '*', identifiers: ['*'] }], actions: ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateDelete'], resources: [\`\${bucket.arn}/*\`], conditions: [{ test: 'StringNotEquals', variable: 'aws:SourceArn', values: [trailArn] }] }`,
  },
  absentMeans:
    'No bucket policy, or one without such a Deny, leaves writes to whatever IAM policies grant: the rule fails. Writes by principals the policy names are accepted only outside every log prefix and only with their own Object Lock retention of at most two days.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('auditBuckets'), 'no audit bucket (no trail delivers to a bucket in this configuration)', (b) => {
      const writes = foreignWrites(topology, b);
      switch (writes.kind) {
        case 'none':
          return pass(b, 'object writes are denied to every request not from the trail');
        case 'narrow':
          return pass(
            b,
            `object writes are denied to every request not from the trail, except named principals outside the log prefix, for objects they lock at most ${MAX_FOREIGN_RETENTION_DAYS} days`,
          );
        case 'open':
          return fail(b, writes.detail);
        case 'unknown':
          return unknown(b, `${writes.reason}; unknown values fail closed`);
      }
    }),
};
