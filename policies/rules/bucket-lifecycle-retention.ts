import { block, blocks, boolAttr, numAttr, strAttr, type TfResource } from '../model';
import { configProblem, fail, forEach, pass, retentionDays, unresolved } from '../rule-helpers';
import type { RuleContext, RuleDefinition } from '../types';

/** Days log objects must be kept: the Object Lock retention (audit bucket) or the tier's log retention. */
function requiredDays(ctx: RuleContext, bucket: TfResource): number {
  if (!ctx.topology.auditBuckets.includes(bucket)) return ctx.thresholds.minLogGroupRetentionDays;
  const lock = ctx.topology.bucketConfig(bucket, 'objectLock');
  const rule = lock.kind !== 'one' ? undefined : lock.source === bucket ? block(block(bucket.values.object_lock_configuration)?.rule) : block(lock.values.rule);
  const d = block(rule?.default_retention);
  return Math.max(ctx.thresholds.minRetentionDays, retentionDays(d?.days, d?.years) ?? 0);
}

interface LifecycleRule {
  readonly id: unknown;
  readonly enabled: ReturnType<typeof boolAttr>;
  readonly expirationDays: unknown;
  readonly expirationDate: unknown;
  readonly noncurrentDays: unknown;
}

export const rule: RuleDefinition = {
  id: 'bucket-lifecycle-retention',
  title: 'Lifecycle rules on the log buckets never expire objects before the retention period',
  severity: 'high',
  rationale:
    'An expiration shorter than the retention (or on a fixed date, which expires every object whatever its age) deletes evidence early, or under Object Lock is refused and silently meaningless; PCI DSS 10.5.1 asks for at least 12 months.',
  remediation: {
    text: 'Keep exactly one lifecycle configuration; set expiration days and noncurrent_version_expiration noncurrent_days to at least the retention period (never an expiration date), or leave expiration out.',
    cdktf: `new S3BucketLifecycleConfiguration(this, 'lifecycle', { bucket: bucket.id, rule: [{ id: 'retention', status: 'Enabled', filter: [{}], expiration: [{ days: 400 }], noncurrentVersionExpiration: [{ noncurrentDays: 400 }] }] });`,
  },
  absentMeans: 'No lifecycle configuration (or no expiration in it) means objects are kept indefinitely: the rule passes.',
  evaluate: (ctx) =>
    forEach(ctx.topology.subjects('logBuckets'), 'no audit or access-log bucket in this configuration', (b) => {
      const need = requiredDays(ctx, b);
      const config = ctx.topology.bucketConfig(b, 'lifecycle');
      const problem = configProblem(b, config, 'lifecycle configurations');
      if (problem) return problem;
      const rules: LifecycleRule[] =
        config.kind !== 'one'
          ? []
          : config.source === b
            ? blocks(b.values.lifecycle_rule).map((r) => ({
                id: r.id,
                enabled: boolAttr(r.enabled, true),
                expirationDays: block(r.expiration)?.days,
                expirationDate: block(r.expiration)?.date,
                noncurrentDays: block(r.noncurrent_version_expiration)?.days,
              }))
            : blocks(config.values.rule).map((r) => {
                const status = strAttr(r.status);
                return {
                  id: r.id,
                  enabled: status.known ? { known: true, value: status.value !== 'Disabled' } : status,
                  expirationDays: block(r.expiration)?.days,
                  expirationDate: block(r.expiration)?.date,
                  noncurrentDays: block(r.noncurrent_version_expiration)?.noncurrent_days,
                };
              });
      for (const r of rules) {
        if (!r.enabled.known) return unresolved(b, 'lifecycle rule status', r.enabled);
        if (!r.enabled.value) continue;
        const name = String(r.id ?? '(no id)');
        const date = strAttr(r.expirationDate);
        if (!date.known) return unresolved(b, 'expiration.date', date);
        if (date.value !== undefined)
          return fail(b, `lifecycle rule ${name} sets expiration.date ${date.value}: on that day every current object expires, whatever its age`);
        for (const [attr, raw] of [
          ['expiration.days', r.expirationDays],
          ['noncurrent_version_expiration.noncurrent_days', r.noncurrentDays],
        ] as const) {
          const v = numAttr(raw, undefined);
          if (!v.known) return unresolved(b, attr, v);
          if (v.value !== undefined && v.value < need) return fail(b, `lifecycle rule ${name} sets ${attr} to ${v.value}, below the required ${need} days`);
        }
      }
      return pass(b, `no lifecycle rule expires objects before ${need} days`);
    }),
};
