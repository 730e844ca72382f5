import { allowed } from '../iam/evaluate';
import type { TfResource } from '../model';
import { organizationFolders } from '../organization-folders';
import { bucketRefusesOtherWriters, configProblem, fail, forEach, pass, unknown } from '../rule-helpers';
import type { Topology } from '../topology';
import type { Finding, RuleDefinition } from '../types';

function check(topology: Topology, bucket: TfResource): Finding {
  const policy = topology.bucketPolicy(bucket);
  const problem = configProblem(bucket, policy, 'bucket policies');
  if (problem) return problem;
  if (policy.kind !== 'document') return fail(bucket, 'no bucket policy: the organization trail cannot deliver');
  const arn = topology.bucketArn(bucket);
  const cloudTrailWrites = (prefix: string) =>
    allowed(policy.statements, {
      principal: { kind: 'service', service: 'cloudtrail' },
      action: 's3:PutObject',
      resource: { kind: 'prefix', prefix: `${arn}/${prefix}` },
    }).result;
  const folders = organizationFolders(policy.statements, arn).map((f) => f.prefix);
  if (folders.length === 0)
    return fail(bucket, 'no statement lets CloudTrail write under AWSLogs/<organization id>/: an organization trail cannot deliver here');
  if (folders.length > 1) return fail(bucket, `CloudTrail may write for several organizations (${folders.join(', ')}): one log archive, one organization`);
  const folder = folders[0] as string;
  const inside = cloudTrailWrites(folder);
  if (inside === 'no') return fail(bucket, `CloudTrail's write under ${folder} is denied: the organization trail cannot deliver`);
  // Anywhere else: an account's own folder (with and without the trail's prefix), another organization's, another prefix.
  const trailPrefix = folder.slice(0, folder.indexOf('AWSLogs/'));
  const beside = ['AWSLogs/123456789012/', `${trailPrefix}AWSLogs/111122223333/`, `${trailPrefix}AWSLogs/o-zzzzzzzzzz/`, 'other/'].map(cloudTrailWrites);
  if (beside.includes('yes')) return fail(bucket, `CloudTrail may write outside ${folder}: the bucket takes trails other than the organization's`);
  const others = bucketRefusesOtherWriters(topology, bucket);
  if (others === 'no')
    return fail(
      bucket,
      'the bucket policy does not deny s3:PutObject to every request not made for its trail: anyone allowed in IAM could add or overwrite log files',
    );
  if (inside === 'maybe' || beside.includes('maybe') || others === 'maybe')
    return unknown(bucket, 'who may write where in the bucket cannot be resolved; unknown values fail closed');
  return pass(bucket, `CloudTrail writes only under ${folder}, and nothing else may put objects`);
}

export const rule: RuleDefinition = {
  id: 'org-bucket-policy-organization-scoped',
  title: "The log archive's bucket policy lets CloudTrail write only under AWSLogs/<organization id>/, and nothing else write at all",
  severity: 'high',
  scope: 'organization-log-archive',
  rationale:
    "An organization trail writes every account's logs under AWSLogs/<organization id>/. A log archive that also admits account folders or other prefixes takes trails that are not the organization's; one that lets other principals put objects lets them add or overwrite evidence (and the organization trail, which leaves its own deliveries out of its data events, would not record them).",
  remediation: {
    text: 'Let cloudtrail.amazonaws.com put objects only on <bucket>/[<prefix>/]AWSLogs/<organization id>/*, bound by aws:SourceArn to the organization trail, and deny s3:PutObject to every request whose aws:SourceArn is not that trail.',
    cdktf: `new AuditLogBucket(this, 'audit-bucket', { ..., trailArn: organizationTrailArn, organizationId: 'o-a1b2c3d4e5' });`,
  },
  absentMeans:
    "No bucket policy, or no statement for CloudTrail under AWSLogs/<organization id>/, means the organization trail cannot deliver: the rule fails. The log archive's audit buckets are the buckets whose policy lets CloudTrail put objects.",
  evaluate: ({ topology }) => {
    const buckets = topology.subjects('auditBuckets');
    // A log archive is for the organization trail: without a bucket it may deliver to, it fails rather than not applying.
    if (buckets.resources.length === 0 && buckets.unresolved.length === 0)
      return [fail(undefined, 'no bucket in this log archive lets CloudTrail put objects: the organization trail has nowhere to deliver')];
    return forEach(buckets, '', (b) => check(topology, b));
  },
};
