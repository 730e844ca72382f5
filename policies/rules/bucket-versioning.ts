import { block, boolAttr, strAttr } from '../model';
import { configProblem, fail, forEach, pass, unresolved } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-versioning',
  title: 'Versioning is enabled on the audit and access-log buckets',
  severity: 'high',
  rationale: 'Versioning keeps every object version, so an overwrite or delete leaves the original recoverable (and Object Lock requires it).',
  remediation: {
    text: 'Add exactly one aws_s3_bucket_versioning with status "Enabled".',
    cdktf: `new S3BucketVersioningA(this, 'versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });`,
  },
  absentMeans:
    'No versioning configuration means versioning is off, unless object_lock_enabled is true (S3 then enables versioning itself). Two configurations for one bucket fail.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('logBuckets'), 'no audit or access-log bucket in this configuration', (b) => {
      const config = topology.bucketConfig(b, 'versioning');
      const problem = configProblem(b, config, 'versioning configurations');
      if (problem) return problem;
      if (config.kind === 'one' && config.source !== b) {
        const v = strAttr(block(config.values.versioning_configuration)?.status);
        if (!v.known) return unresolved(b, 'versioning_configuration.status', v);
        if (v.value !== 'Enabled') return fail(b, `versioning status is ${v.value ?? 'unset'}: overwritten or deleted objects are lost`);
        return pass(b, 'versioning is enabled');
      }
      if (config.kind === 'one') {
        const inline = boolAttr(block(b.values.versioning)?.enabled, false);
        if (!inline.known) return unresolved(b, 'versioning.enabled', inline);
        if (inline.value) return pass(b, 'versioning is enabled');
      }
      const lock = boolAttr(b.values.object_lock_enabled, false);
      if (!lock.known) return unresolved(b, 'object_lock_enabled', lock);
      if (lock.value) return pass(b, 'versioning is enabled (Object Lock enables it)');
      return fail(b, 'versioning is not enabled (absent means disabled): overwritten or deleted objects are lost');
    }),
};
