import { block, strAttr } from '../model';
import { configProblem, fail, forEach, pass, unknown, unresolved } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-acls-disabled',
  title: 'ACLs are disabled on the log buckets (object ownership BucketOwnerEnforced)',
  severity: 'medium',
  rationale: 'With ACLs disabled, only the bucket policy grants access, so access to audit logs is reviewable in one place.',
  remediation: {
    text: 'Add exactly one aws_s3_bucket_ownership_controls with object_ownership "BucketOwnerEnforced" and remove any aws_s3_bucket_acl.',
    cdktf: `new S3BucketOwnershipControls(this, 'ownership', { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });`,
  },
  absentMeans: 'No aws_s3_bucket_ownership_controls fails: S3 uses BucketOwnerEnforced for new buckets, but nothing in the configuration keeps it so.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('logBuckets'), 'no audit or access-log bucket in this configuration', (b) => {
      const acl = topology.bucketConfig(b, 'acl');
      if (acl.kind === 'unknown') return unknown(b, `ACLs cannot be resolved: ${acl.reason}; unknown values fail closed`);
      if (acl.kind !== 'none') return fail(b, 'an ACL is set on the bucket: access is granted outside the bucket policy');
      const controls = topology.bucketConfig(b, 'ownership');
      const problem = configProblem(b, controls, 'ownership controls');
      if (problem) return problem;
      if (controls.kind !== 'one') return fail(b, 'no aws_s3_bucket_ownership_controls manages this bucket');
      const ownership = strAttr(block(controls.values.rule)?.object_ownership);
      if (!ownership.known) return unresolved(b, 'object_ownership', ownership);
      if (ownership.value !== 'BucketOwnerEnforced') return fail(b, `object ownership is ${String(ownership.value)}: ACLs are enabled`);
      return pass(b, 'object ownership is BucketOwnerEnforced');
    }),
};
