import { block, blocks } from '../model';
import { fail, forEach, pass } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-access-log-target-deliverable',
  title: 'The access-log bucket can receive server access logs (SSE-S3, no Object Lock default retention)',
  severity: 'high',
  rationale:
    'S3 cannot deliver server access logs to a bucket whose default encryption is SSE-KMS or that has an Object Lock default retention; delivery then fails silently and the log of the logs is empty.',
  remediation: {
    text: 'Encrypt the access-log bucket with SSE-S3 (AES256) and give it no Object Lock default retention; keep the WORM guarantees on the audit bucket.',
    cdktf: `new S3BucketServerSideEncryptionConfigurationA(this, 'sse', { bucket: accessLogBucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] });`,
  },
  absentMeans: 'No encryption configuration means SSE-S3 (the S3 default) and no object lock configuration means no default retention: the rule passes.',
  evaluate: ({ topology }) =>
    forEach(topology.accessLogBuckets, 'no access-log bucket (the audit bucket logs to no bucket in this configuration)', (b) => {
      const configs = [
        ...topology.splitOf(b, 'aws_s3_bucket_server_side_encryption_configuration').map((c) => c.values),
        block(b.values.server_side_encryption_configuration),
      ];
      const algorithms = configs.flatMap((c) => blocks(c?.rule)).map((r) => block(r.apply_server_side_encryption_by_default)?.sse_algorithm);
      const kms = algorithms.find((a) => typeof a === 'string' && a.startsWith('aws:kms'));
      if (kms) return fail(b, `default encryption is ${kms}: S3 delivers server access logs only to SSE-S3 buckets`);
      const locks = [
        ...topology.splitOf(b, 'aws_s3_bucket_object_lock_configuration').map((c) => block(block(c.values.rule)?.default_retention)),
        block(block(block(b.values.object_lock_configuration)?.rule)?.default_retention),
      ];
      if (locks.some((d) => d !== undefined)) return fail(b, 'Object Lock default retention is set: S3 cannot deliver server access logs to this bucket');
      return pass(b, 'accepts server access logs (SSE-S3, no Object Lock default retention)');
    }),
};
