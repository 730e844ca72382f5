import { managementCoverage } from '../event-selectors';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'trail-management-events',
  title: 'CloudTrail trails record read and write management events from every event source',
  severity: 'high',
  rationale: 'Management events are the control-plane record (who changed what); read events show reconnaissance, write events show change.',
  remediation: {
    text: 'Use event selectors with include_management_events true, read_write_type "All" and no excluded event sources (or an advanced selector on eventCategory Management with no other field).',
    cdktf: `new Cloudtrail(this, 'trail', { ..., eventSelector: [{ readWriteType: 'All', includeManagementEvents: true }] });`,
  },
  absentMeans:
    'No event selectors means all management events are recorded (CloudTrail default); include_management_events absent means true and read_write_type absent means "All".',
  evaluate: ({ topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) => {
      const c = managementCoverage(topology, t);
      if (c.result === 'yes') return pass(t, 'read and write management events are recorded');
      if (c.result === 'maybe') return unknown(t, `which management events are recorded cannot be resolved: ${c.reason}; unknown values fail closed`);
      return fail(t, `${c.missing.join('; ')} are not recorded`);
    }),
};
