import { s3DataCoverage } from '../event-selectors';
import type { TfResource } from '../model';
import { bucketRefusesOtherWriters, fail, forEach, pass, unknown, unresolvedTarget } from '../rule-helpers';
import type { Topology } from '../topology';
import type { RuleDefinition } from '../types';

/** Whether the only events not recorded are writes named PutObject: the trail's own deliveries. */
function onlyDeliveriesExcluded(missing: readonly { eventName: string; readOnly: string }[] | undefined): boolean {
  return missing !== undefined && missing.length > 0 && missing.every((e) => e.eventName === 'PutObject' && e.readOnly === 'false');
}

/**
 * The object prefixes the bucket policy names (Resource and NotResource, without the trailing `*`): witnesses,
 * so a prefix the policy opens to another writer (the verify canary) is checked unless its writes are recorded.
 */
function policyPrefixes(topology: Topology, bucket: TfResource): string[] {
  const policy = topology.bucketPolicy(bucket);
  if (policy.kind !== 'document') return [];
  const objects = `${topology.bucketArn(bucket)}/`;
  return policy.statements
    .flatMap((s) => [...s.written.resources, ...s.written.notResources])
    .filter((r) => r.startsWith(objects))
    .map((r) => r.replace(/\*+$/, ''));
}

export const rule: RuleDefinition = {
  id: 'trail-s3-data-events',
  title: 'CloudTrail records every read and write S3 data event on the audit bucket',
  severity: 'high',
  rationale:
    'S3 server access logs are best-effort and unencrypted; object-level data events give a KMS-encrypted, Object-Locked record of every read and write of the audit logs themselves.',
  remediation: {
    text: 'Add an event selector with a data_resource of type AWS::S3::Object on "<audit bucket arn>/" and read_write_type "All" (or advanced selectors that exclude no event name or object of the bucket; PutObject may be left out only when the bucket policy denies it to everyone but this trail).',
    cdktf: `eventSelector: [{ readWriteType: 'All', includeManagementEvents: true, dataResource: [{ type: 'AWS::S3::Object', values: [\`\${auditBucket.arn}/\`] }] }]`,
  },
  absentMeans:
    "No data_resource (or no advanced selector on eventCategory Data) means no data events: the rule fails. Advanced selectors may leave out PutObject (the trail's own deliveries, which would be logged recursively) only when the bucket policy denies s3:PutObject to every request not from this trail; for an organization trail whose bucket is the log archive's (declared --external), that policy is checked in the log archive's file.",
  evaluate: ({ model, topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) => {
      const bucket = topology.trailTarget(t, 'bucket');
      if (bucket.kind === 'unknown') return unresolvedTarget(t, 's3_bucket_name', bucket);
      if (bucket.kind === 'absent' || bucket.kind === 'aws-managed') return fail(t, 's3_bucket_name does not name a bucket');
      const target =
        bucket.kind === 'resource'
          ? { arn: topology.bucketArn(bucket.resource), label: bucket.resource.address }
          : { arn: bucket.name.startsWith('arn:') ? bucket.name : `arn:${topology.resolver.partition()}:s3:::${bucket.name}`, label: bucket.name };
      const c = s3DataCoverage(topology, t, target, bucket.kind === 'resource' ? policyPrefixes(topology, bucket.resource) : []);
      if (c.result === 'yes') return pass(t, `read and write S3 data events on ${target.label} are recorded`);
      if (c.result === 'no' && bucket.kind === 'resource' && onlyDeliveriesExcluded(c.missingNames)) {
        // Recording the trail's own deliveries would log each delivery again (recursive logging). Leaving
        // PutObject out is safe only when the bucket lets no one but this trail put objects.
        const others = bucketRefusesOtherWriters(topology, bucket.resource, c.missingArns ?? [`${target.arn}/`]);
        if (others === 'yes')
          return pass(t, `S3 data events on ${target.label} are recorded except PutObject, which the bucket policy allows to this trail alone`);
        if (others === 'maybe') return unknown(t, 'whether the bucket lets only this trail put objects cannot be resolved; unknown values fail closed');
      }
      if (c.result === 'no' && bucket.kind === 'external' && model.declaredScope === 'organization-management' && onlyDeliveriesExcluded(c.missingNames))
        // The organization's log archive is another file: that its bucket lets only the organization trail put objects is checked there.
        return pass(
          t,
          `S3 data events on ${target.label} are recorded except PutObject; the bucket is the log archive's, whose file must let only this trail put objects (org-bucket-policy-organization-scoped)`,
        );
      if (c.result === 'maybe') return unknown(t, `which S3 data events are recorded cannot be resolved: ${c.reason}; unknown values fail closed`);
      return fail(t, `${c.missing.join('; ')} are not recorded`);
    }),
};
