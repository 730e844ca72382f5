import { actionMatches, conditionsOn, hasPublicPrincipal } from '../policy-document';
import { bucketResourceCoverage, fail, forEach, pass, unknown } from '../rule-helpers';
import { bucketPolicy } from '../topology';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-tls-only',
  title: 'The log buckets deny every request not made over TLS',
  severity: 'high',
  rationale: 'A Deny on aws:SecureTransport false keeps audit logs and credentials off unencrypted connections.',
  remediation: {
    text: 'Add a bucket policy statement: Deny, principal *, action s3:*, resources the bucket and bucket/*, condition Bool aws:SecureTransport false.',
    cdktf: `statement: [{ sid: 'DenyInsecureTransport', effect: 'Deny', principals: [{ type: '*', identifiers: ['*'] }], actions: ['s3:*'], resources: [bucket.arn, \`\${bucket.arn}/*\`], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }]`,
  },
  absentMeans: 'No bucket policy means plain HTTP requests are accepted: the rule fails.',
  evaluate: ({ model, topology }) =>
    forEach(topology.logBuckets, 'no audit or access-log bucket in this configuration', (b) => {
      const policy = bucketPolicy(model, topology, b);
      if (policy.kind === 'absent') return fail(b, 'no bucket policy: requests over plain HTTP are not denied');
      if (policy.kind === 'unknown') return unknown(b, `bucket policy cannot be resolved (${policy.expression}); unknown values fail closed`);
      let onBucket = false;
      let onObjects = false;
      for (const s of policy.statements) {
        if (s.effect !== 'Deny' || !hasPublicPrincipal(s)) continue;
        if (!s.actions.some((a) => actionMatches(a, 's3:*') || a === '*')) continue;
        const tls = conditionsOn(s, 'aws:SecureTransport').some((c) => /^Bool(IfExists)?$/.test(c.test) && c.values.includes('false'));
        if (!tls) continue;
        const cov = bucketResourceCoverage(model, s.resources, b);
        onBucket ||= cov.bucket;
        onObjects ||= cov.objects;
      }
      if (onBucket && onObjects) return pass(b, 'requests without TLS are denied');
      return fail(b, 'no Deny statement on aws:SecureTransport false covers s3:* on the bucket and its objects for every principal');
    }),
};
