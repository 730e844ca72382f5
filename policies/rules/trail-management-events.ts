import { managementCoverage } from '../event-selectors';
import { fail, forEach, pass } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'trail-management-events',
  title: 'CloudTrail trails record read and write management events',
  severity: 'high',
  rationale: 'Management events are the control-plane record (who changed what); read events show reconnaissance, write events show change.',
  remediation: {
    text: 'Use event selectors with include_management_events true and read_write_type "All" (or an advanced selector on eventCategory Management without a readOnly field).',
    cdktf: `new Cloudtrail(this, 'trail', { ..., eventSelector: [{ readWriteType: 'All', includeManagementEvents: true }] });`,
  },
  absentMeans:
    'No event selectors means all management events are recorded (CloudTrail default); include_management_events absent means true and read_write_type absent means "All".',
  evaluate: ({ topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) => {
      const c = managementCoverage(t);
      if (c.read && c.write) return pass(t, 'read and write management events are recorded');
      const missing = [c.read ? '' : 'read', c.write ? '' : 'write'].filter(Boolean).join(' and ');
      return fail(t, `${missing} management events are not recorded`);
    }),
};
