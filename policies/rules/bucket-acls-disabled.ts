import { block } from '../model';
import { fail, forEach, pass } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-acls-disabled',
  title: 'ACLs are disabled on the log buckets (object ownership BucketOwnerEnforced)',
  severity: 'medium',
  rationale: 'With ACLs disabled, only the bucket policy grants access, so access to audit logs is reviewable in one place.',
  remediation: {
    text: 'Add an aws_s3_bucket_ownership_controls with object_ownership "BucketOwnerEnforced" and remove any aws_s3_bucket_acl.',
    cdktf: `new S3BucketOwnershipControls(this, 'ownership', { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });`,
  },
  absentMeans: 'No aws_s3_bucket_ownership_controls fails: S3 uses BucketOwnerEnforced for new buckets, but nothing in the configuration keeps it so.',
  evaluate: ({ topology }) =>
    forEach(topology.logBuckets, 'no audit or access-log bucket in this configuration', (b) => {
      if (topology.splitOf(b, 'aws_s3_bucket_acl').length > 0 || (typeof b.values.acl === 'string' && b.values.acl !== ''))
        return fail(b, 'an ACL is set on the bucket: access is granted outside the bucket policy');
      const controls = topology.splitOf(b, 'aws_s3_bucket_ownership_controls');
      if (controls.length === 0) return fail(b, 'no aws_s3_bucket_ownership_controls manages this bucket');
      const ownership = controls.map((c) => block(c.values.rule)?.object_ownership);
      const bad = ownership.find((o) => o !== 'BucketOwnerEnforced');
      if (bad !== undefined || ownership.length === 0) return fail(b, `object ownership is ${String(bad)}: ACLs are enabled`);
      return pass(b, 'object ownership is BucketOwnerEnforced');
    }),
};
