import { numAttr } from '../model';
import { fail, forEach, pass, unresolved } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'kms-key-deletion-window',
  title: 'KMS keys have a deletion window of at least 30 days',
  severity: 'medium',
  rationale: 'Deleting the key makes every log encrypted with it unreadable; the longest window gives the most time to notice (CIS 5.7 alarm) and cancel.',
  remediation: {
    text: 'Set deletion_window_in_days to 30 (or leave it unset).',
    cdktf: `new KmsKey(this, 'key', { ..., deletionWindowInDays: 30 });`,
  },
  absentMeans: 'deletion_window_in_days absent means 30 days (provider default): the rule passes.',
  evaluate: ({ model }) =>
    forEach(model.ofType('aws_kms_key'), 'no aws_kms_key in this configuration', (k) => {
      const v = numAttr(k.values.deletion_window_in_days, 30);
      if (!v.known) return unresolved(k, 'deletion_window_in_days', v);
      const days = v.value ?? 30;
      return days >= 30 ? pass(k, `deletion window is ${days} days`) : fail(k, `deletion_window_in_days is ${days}, below 30 days`);
    }),
};
