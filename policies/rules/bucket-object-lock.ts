import { block, boolAttr, strAttr } from '../model';
import { configProblem, fail, forEach, pass, retentionDays, unresolved } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-object-lock',
  title: "The audit bucket has Object Lock with the tier's mode and minimum default retention",
  severity: 'critical',
  rationale: 'Object Lock makes delivered log versions immutable (WORM) for the retention period; COMPLIANCE mode cannot be bypassed by anyone, root included.',
  remediation: {
    text: "Create the bucket with object_lock_enabled true and add exactly one aws_s3_bucket_object_lock_configuration whose default retention has the tier's mode and at least its minimum days.",
    cdktf: `new S3Bucket(this, 'bucket', { objectLockEnabled: true });
new S3BucketObjectLockConfigurationA(this, 'lock', { bucket: bucket.id, rule: { defaultRetention: { mode: 'COMPLIANCE', days: 365 } } });`,
  },
  absentMeans:
    'object_lock_enabled absent means false, unless an aws_s3_bucket_object_lock_configuration enables it (its object_lock_enabled defaults to Enabled); no object lock configuration means no default retention: the rule fails. Two configurations for one bucket fail (AWS keeps the last one applied).',
  evaluate: ({ topology, thresholds, tier }) =>
    forEach(topology.subjects('auditBuckets'), 'no audit bucket (no trail delivers to a bucket in this configuration)', (b) => {
      const inline = block(b.values.object_lock_configuration);
      const enabledAttr = boolAttr(b.values.object_lock_enabled, false);
      if (!enabledAttr.known) return unresolved(b, 'object_lock_enabled', enabledAttr);
      const config = topology.bucketConfig(b, 'objectLock');
      const problem = configProblem(b, config, 'Object Lock configurations');
      if (problem) return problem;
      // An Object Lock configuration put on an existing (versioned) bucket enables Object Lock: its
      // object_lock_enabled takes only "Enabled", the provider default.
      const split = config.kind === 'one' && config.values !== b.values ? strAttr(config.values.object_lock_enabled) : undefined;
      if (split && !split.known) return unresolved(b, 'object_lock_enabled of the Object Lock configuration', split);
      const enabled = enabledAttr.value || inline?.object_lock_enabled === 'Enabled' || (split !== undefined && (split.value ?? 'Enabled') === 'Enabled');
      if (!enabled) return fail(b, 'object_lock_enabled is false (absent means false): log objects can be overwritten or deleted');
      const retention = config.kind === 'one' ? block(block(config.values === b.values ? inline?.rule : config.values.rule)?.default_retention) : undefined;
      if (!retention) return fail(b, 'Object Lock has no default retention: new log objects are not locked');
      const modeAttr = strAttr(retention.mode);
      const days = retentionDays(retention.days, retention.years);
      if (!modeAttr.known || modeAttr.value === undefined || (days === undefined && (retention.days !== undefined || retention.years !== undefined)))
        return unresolved(b, 'default_retention', { known: false, expression: JSON.stringify(retention) });
      const mode = modeAttr.value;
      if (!(thresholds.objectLockModes as readonly string[]).includes(mode))
        return fail(b, `default retention mode ${mode} is not allowed for tier ${tier} (allowed: ${thresholds.objectLockModes.join(', ')})`);
      if (days === undefined || days < thresholds.minRetentionDays)
        return fail(b, `default retention of ${days ?? 0} days is below the ${tier} minimum of ${thresholds.minRetentionDays} days`);
      return pass(b, `Object Lock ${mode} retention of ${days} days`);
    }),
};
