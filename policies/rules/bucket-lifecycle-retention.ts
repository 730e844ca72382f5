import { block, blocks, numAttr, type TfResource } from '../model';
import { fail, forEach, pass, retentionDays, unresolved } from '../rule-helpers';
import type { RuleContext, RuleDefinition } from '../types';

/** Days log objects must be kept: the Object Lock retention (audit bucket) or the tier's log retention. */
function requiredDays(ctx: RuleContext, bucket: TfResource): number {
  if (!ctx.topology.auditBuckets.includes(bucket)) return ctx.thresholds.minLogGroupRetentionDays;
  const locks = ctx.topology.splitOf(bucket, 'aws_s3_bucket_object_lock_configuration').map((c) => block(block(c.values.rule)?.default_retention));
  const lockDays = locks.map((d) => retentionDays(d?.days, d?.years) ?? 0);
  return Math.max(ctx.thresholds.minRetentionDays, ...lockDays);
}

export const rule: RuleDefinition = {
  id: 'bucket-lifecycle-retention',
  title: 'Lifecycle rules on the log buckets never expire objects before the retention period',
  severity: 'high',
  rationale:
    'An expiration shorter than the retention deletes evidence early (or, under Object Lock, is refused and silently meaningless); PCI DSS 10.5.1 asks for at least 12 months.',
  remediation: {
    text: 'Set expiration days and noncurrent_version_expiration noncurrent_days to at least the retention period, or leave expiration out.',
    cdktf: `new S3BucketLifecycleConfiguration(this, 'lifecycle', { bucket: bucket.id, rule: [{ id: 'retention', status: 'Enabled', filter: [{}], expiration: [{ days: 400 }], noncurrentVersionExpiration: [{ noncurrentDays: 400 }] }] });`,
  },
  absentMeans: 'No lifecycle configuration (or no expiration in it) means objects are kept indefinitely: the rule passes.',
  evaluate: (ctx) =>
    forEach(ctx.topology.logBuckets, 'no audit or access-log bucket in this configuration', (b) => {
      const need = requiredDays(ctx, b);
      const rules = [
        ...ctx.topology
          .splitOf(b, 'aws_s3_bucket_lifecycle_configuration')
          .flatMap((c) => blocks(c.values.rule))
          .filter((r) => r.status !== 'Disabled')
          .map((r) => ({ id: r.id, expiration: block(r.expiration)?.days, noncurrent: block(r.noncurrent_version_expiration)?.noncurrent_days })),
        ...blocks(b.values.lifecycle_rule)
          .filter((r) => r.enabled !== false)
          .map((r) => ({ id: r.id, expiration: block(r.expiration)?.days, noncurrent: block(r.noncurrent_version_expiration)?.days })),
      ];
      for (const r of rules) {
        for (const [attr, raw] of [
          ['expiration.days', r.expiration],
          ['noncurrent_version_expiration.noncurrent_days', r.noncurrent],
        ] as const) {
          const v = numAttr(raw, undefined);
          if (!v.known) return unresolved(b, attr, v);
          if (v.value !== undefined && v.value < need)
            return fail(b, `lifecycle rule ${String(r.id ?? '(no id)')} sets ${attr} to ${v.value}, below the required ${need} days`);
        }
      }
      return pass(b, `no lifecycle rule expires objects before ${need} days`);
    }),
};
