import { block, boolAttr, strAttr } from '../model';
import { fail, forEach, pass, unresolved } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-versioning',
  title: 'Versioning is enabled on the audit and access-log buckets',
  severity: 'high',
  rationale: 'Versioning keeps every object version, so an overwrite or delete leaves the original recoverable (and Object Lock requires it).',
  remediation: {
    text: 'Add an aws_s3_bucket_versioning with status "Enabled".',
    cdktf: `new S3BucketVersioningA(this, 'versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });`,
  },
  absentMeans: 'No versioning configuration means versioning is off, unless object_lock_enabled is true (S3 then enables versioning itself).',
  evaluate: ({ topology }) =>
    forEach(topology.logBuckets, 'no audit or access-log bucket in this configuration', (b) => {
      const statuses = topology.splitOf(b, 'aws_s3_bucket_versioning').map((v) => block(v.values.versioning_configuration)?.status);
      for (const s of statuses) {
        const v = strAttr(s);
        if (!v.known) return unresolved(b, 'versioning_configuration.status', v);
        if (v.value !== 'Enabled') return fail(b, `versioning status is ${v.value ?? 'unset'}: overwritten or deleted objects are lost`);
      }
      if (statuses.length > 0) return pass(b, 'versioning is enabled');
      const inline = block(b.values.versioning);
      if (inline && inline.enabled === true) return pass(b, 'versioning is enabled');
      const lock = boolAttr(b.values.object_lock_enabled, false);
      if (lock.known && lock.value) return pass(b, 'versioning is enabled (Object Lock enables it)');
      return fail(b, 'versioning is not enabled (absent means disabled): overwritten or deleted objects are lost');
    }),
};
