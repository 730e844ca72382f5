import { blocks, resolve } from '../model';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-access-logging',
  title: 'The audit bucket sends server access logs to a different bucket',
  severity: 'medium',
  rationale:
    'Access logs record every request against the audit bucket, including denied ones; they must live elsewhere (a bucket with Object Lock default retention cannot receive them).',
  remediation: {
    text: 'Add an aws_s3_bucket_logging on the audit bucket with target_bucket set to the access-log bucket.',
    cdktf: `new S3BucketLoggingA(this, 'logging', { bucket: auditBucket.id, targetBucket: accessLogBucket.id, targetPrefix: 'audit-bucket/' });`,
  },
  absentMeans: 'No aws_s3_bucket_logging (or inline logging block) means server access logging is off: the rule fails.',
  evaluate: ({ model, topology }) =>
    forEach(topology.auditBuckets, 'no audit bucket (no trail delivers to a bucket in this configuration)', (b) => {
      const targets = [
        ...topology.splitOf(b, 'aws_s3_bucket_logging').map((l) => l.values.target_bucket),
        ...blocks(b.values.logging).map((l) => l.target_bucket),
      ];
      if (targets.length === 0) return fail(b, 'server access logging is not configured (absent means off)');
      for (const t of targets) {
        const r = resolve(model, t, ['aws_s3_bucket']);
        if (r.kind === 'unknown') return unknown(b, `target_bucket cannot be resolved (${r.expression}); unknown values fail closed`);
        if (r.kind === 'absent') return fail(b, 'target_bucket is not set');
        if (r.kind === 'resource' && r.resource.address === b.address) return fail(b, 'server access logs are delivered to the audit bucket itself');
        return pass(b, `server access logs go to ${r.kind === 'resource' ? r.resource.address : 'a bucket outside this configuration'}`);
      }
      return fail(b, 'server access logging is not configured (absent means off)');
    }),
};
