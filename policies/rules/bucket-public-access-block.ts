import { boolAttr } from '../model';
import { configProblem, fail, forEach, pass, unresolved } from '../rule-helpers';
import type { RuleDefinition } from '../types';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

export const rule: RuleDefinition = {
  id: 'bucket-public-access-block',
  title: 'All four S3 Block Public Access settings are on for the log buckets',
  severity: 'critical',
  rationale: 'Block Public Access stops a later ACL or policy change from exposing audit logs to the internet.',
  remediation: {
    text: 'Add exactly one aws_s3_bucket_public_access_block with all four flags true.',
    cdktf: `new S3BucketPublicAccessBlock(this, 'pab', { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });`,
  },
  absentMeans:
    'Each flag absent means false (provider default). No aws_s3_bucket_public_access_block fails: S3 turns the settings on for new buckets, but nothing in the configuration keeps them on.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('logBuckets'), 'no audit or access-log bucket in this configuration', (b) => {
      const config = topology.bucketConfig(b, 'publicAccessBlock');
      const problem = configProblem(b, config, 'public access blocks');
      if (problem) return problem;
      if (config.kind !== 'one') return fail(b, 'no aws_s3_bucket_public_access_block manages this bucket');
      const off: string[] = [];
      for (const f of FLAGS) {
        const v = boolAttr(config.values[f], false);
        if (!v.known) return unresolved(b, f, v);
        if (!v.value) off.push(f);
      }
      if (off.length > 0) return fail(b, `public access block leaves ${off.join(', ')} off (absent means false)`);
      return pass(b, 'all four public access block settings are on');
    }),
};
