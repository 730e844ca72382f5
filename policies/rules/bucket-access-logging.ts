import { block } from '../model';
import { configProblem, fail, forEach, pass, unresolvedTarget } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-access-logging',
  title: 'The audit bucket sends server access logs to a different bucket',
  severity: 'medium',
  rationale:
    'Access logs record every request against the audit bucket, including denied ones; they must live elsewhere (a bucket with Object Lock default retention cannot receive them).',
  remediation: {
    text: 'Add exactly one aws_s3_bucket_logging on the audit bucket with target_bucket set to the access-log bucket.',
    cdktf: `new S3BucketLoggingA(this, 'logging', { bucket: auditBucket.id, targetBucket: accessLogBucket.id, targetPrefix: 'audit-bucket/' });`,
  },
  absentMeans: 'No aws_s3_bucket_logging (or inline logging block) means server access logging is off: the rule fails.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('auditBuckets'), 'no audit bucket (no trail delivers to a bucket in this configuration)', (b) => {
      const config = topology.bucketConfig(b, 'logging');
      const problem = configProblem(b, config, 'logging configurations');
      if (problem) return problem;
      if (config.kind !== 'one') return fail(b, 'server access logging is not configured (absent means off)');
      const values = config.source === b ? (block(b.values.logging) ?? {}) : config.values;
      const t = topology.resolver.target(config.source, 'target_bucket', values.target_bucket, ['aws_s3_bucket']);
      switch (t.kind) {
        case 'unknown':
          return unresolvedTarget(b, 'target_bucket', t);
        case 'absent':
        case 'aws-managed':
          return fail(b, 'target_bucket is not set');
        case 'external':
          return pass(b, `server access logs go to ${t.name}, declared external`);
        case 'resource':
          if (t.resource.address === b.address) return fail(b, 'server access logs are delivered to the audit bucket itself');
          return pass(b, `server access logs go to ${t.resource.address}`);
      }
    }),
};
