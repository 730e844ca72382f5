import { numAttr } from '../model';
import { fail, forEach, pass, unresolved } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'iam-human-session-length',
  title: "Human role sessions last no longer than the tier's maximum",
  severity: 'medium',
  rationale: 'Short sessions limit how long stolen session credentials stay useful.',
  remediation: {
    text: "Set max_session_duration to at most the tier's maximum (3600 seconds in prod).",
    cdktf: `new IamRole(this, 'auditor', { ..., maxSessionDuration: 3600 });`,
  },
  absentMeans: 'max_session_duration absent means 3600 seconds (provider default): passes in every tier.',
  evaluate: ({ topology, thresholds, tier }) =>
    forEach(topology.humanRoles, 'no human role in this configuration', (role) => {
      const v = numAttr(role.values.max_session_duration, 3600);
      if (!v.known) return unresolved(role, 'max_session_duration', v);
      const seconds = v.value ?? 3600;
      return seconds <= thresholds.maxSessionSeconds
        ? pass(role, `sessions last at most ${seconds} seconds`)
        : fail(role, `max_session_duration is ${seconds}, above the ${tier} maximum of ${thresholds.maxSessionSeconds} seconds`);
    }),
};
