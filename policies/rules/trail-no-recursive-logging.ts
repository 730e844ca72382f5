import { recordsDelivery } from '../event-selectors';
import { trailLogPrefix } from '../log-bucket-access';
import { fail, forEach, notApplicable, pass, unknown, unresolvedTarget } from '../rule-helpers';
import type { Finding, RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'trail-no-recursive-logging',
  title: 'The trail does not record its own log deliveries as data events',
  severity: 'low',
  rationale:
    'A trail that records S3 data events on the bucket it delivers to logs each of its own PutObject deliveries, and then the delivery of that record, and so on: AWS documents this as recursive logging. It multiplies data-event cost and buries the reads and deletes that matter. Record reads, deletes and retention changes on the audit bucket, and leave out PutObject (only the trail may put objects there: bucket-writes-only-trail).',
  remediation: {
    text: 'Use advanced event selectors on the audit bucket: one for reads (readOnly true), one for writes with eventName not_equals PutObject.',
    cdktf: `advancedEventSelector: [{ name: 'Changes to the audit logs except deliveries', fieldSelector: [{ field: 'eventCategory', equalTo: ['Data'] }, { field: 'resources.type', equalTo: ['AWS::S3::Object'] }, { field: 'resources.ARN', startsWith: [\`\${bucket.arn}/\`] }, { field: 'readOnly', equalTo: ['false'] }, { field: 'eventName', notEquals: ['PutObject'] }] }]`,
  },
  absentMeans:
    'No data events on the audit bucket record no deliveries: the rule passes (trail-s3-data-events fails). Classic event selectors with a data_resource on the audit bucket and read_write_type All or WriteOnly record them: the rule fails.',
  evaluate: ({ topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t): Finding => {
      const bucket = topology.trailTarget(t, 'bucket');
      if (bucket.kind === 'unknown') return unresolvedTarget(t, 's3_bucket_name', bucket);
      if (bucket.kind !== 'resource') return notApplicable('the trail delivers to no bucket in this configuration', t);
      const prefix = trailLogPrefix(topology, t, topology.bucketArn(bucket.resource));
      if (prefix === undefined) return unknown(t, 's3_key_prefix cannot be resolved; unknown values fail closed');
      const r = topology.resolver;
      const logFile = `${prefix}${r.account()}/CloudTrail/${r.region()}/2026/01/01/${r.account()}_CloudTrail_${r.region()}_20260101T0000Z_a1b2c3d4e5f6a7b8.json.gz`;
      const recorded = recordsDelivery(topology, t, logFile);
      if (recorded === 'yes')
        return fail(t, `the trail records its own PutObject deliveries to ${bucket.resource.address} (${prefix}): each delivery is logged again, recursively`);
      if (recorded === 'maybe') return unknown(t, 'whether the trail records its own deliveries cannot be resolved; unknown values fail closed');
      return pass(t, `the trail does not record its own deliveries to ${bucket.resource.address}`);
    }),
};
