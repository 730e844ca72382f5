import { s3DataCoverage } from '../event-selectors';
import { target } from '../model';
import { fail, forEach, notApplicable, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'trail-s3-data-events',
  title: 'CloudTrail records read and write S3 data events on the audit bucket',
  severity: 'high',
  rationale:
    'S3 server access logs are best-effort and unencrypted; object-level data events give a KMS-encrypted, Object-Locked record of every read and write of the audit logs themselves.',
  remediation: {
    text: 'Add an event selector with a data_resource of type AWS::S3::Object on "<audit bucket arn>/" and read_write_type "All".',
    cdktf: `eventSelector: [{ readWriteType: 'All', includeManagementEvents: true, dataResource: [{ type: 'AWS::S3::Object', values: [\`\${auditBucket.arn}/\`] }] }]`,
  },
  absentMeans: 'No data_resource (or no advanced selector on eventCategory Data) means no data events: the rule fails.',
  evaluate: ({ model, topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) => {
      const bucket = target(model, t.values.s3_bucket_name, ['aws_s3_bucket']);
      if (!bucket) return notApplicable("the trail's bucket is not defined in this configuration", t);
      const c = s3DataCoverage(model, t, bucket);
      if (c.read && c.write) return pass(t, `read and write S3 data events on ${bucket.address} are recorded`);
      if (c.unknown) return unknown(t, `${c.unknown} cannot be resolved; unknown values fail closed`);
      const missing = [c.read ? '' : 'read', c.write ? '' : 'write'].filter(Boolean).join(' and ');
      return fail(t, `${missing} S3 data events on ${bucket.address} are not recorded`);
    }),
};
