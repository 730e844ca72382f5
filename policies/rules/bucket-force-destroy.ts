import { checkBool, forEach } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-force-destroy',
  title: 'The log buckets cannot be force-destroyed with their contents',
  severity: 'high',
  rationale: 'force_destroy lets terraform destroy delete every object version in the bucket first; audit evidence must not vanish with a mistaken destroy.',
  remediation: {
    text: 'Set force_destroy to false (or leave it unset).',
    cdktf: `new S3Bucket(this, 'bucket', { ..., forceDestroy: false });`,
  },
  absentMeans: 'force_destroy absent means false (provider default): the rule passes.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('logBuckets'), 'no audit or access-log bucket in this configuration', (b) =>
      checkBool(b, 'force_destroy', false, false, 'terraform destroy deletes every log object with the bucket'),
    ),
};
