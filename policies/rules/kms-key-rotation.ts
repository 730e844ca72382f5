import { boolAttr, numAttr } from '../model';
import { fail, forEach, notApplicable, pass, unresolved } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'kms-key-rotation',
  title: "KMS keys rotate automatically within the tier's rotation period",
  severity: 'medium',
  rationale: 'Automatic rotation limits how much data one key version protects; CIS 4.6 and FSBP KMS.4 require it.',
  remediation: {
    text: 'Set enable_key_rotation to true, with rotation_period_in_days between 90 and the tier maximum.',
    cdktf: `new KmsKey(this, 'key', { enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30 });`,
  },
  absentMeans: 'enable_key_rotation absent means false (provider default): the rule fails. rotation_period_in_days absent means 365 days.',
  evaluate: ({ model, thresholds, tier }) =>
    forEach(model.ofType('aws_kms_key'), 'no aws_kms_key in this configuration', (k) => {
      const spec = k.values.customer_master_key_spec;
      if (typeof spec === 'string' && spec !== 'SYMMETRIC_DEFAULT') return notApplicable(`${spec} keys cannot rotate automatically`, k);
      const on = boolAttr(k.values.enable_key_rotation, false);
      if (!on.known) return unresolved(k, 'enable_key_rotation', on);
      if (!on.value)
        return fail(
          k,
          `enable_key_rotation is false${k.values.enable_key_rotation === undefined ? ' (absent means false)' : ''}: the key material never rotates`,
        );
      const period = numAttr(k.values.rotation_period_in_days, 365);
      if (!period.known) return unresolved(k, 'rotation_period_in_days', period);
      const days = period.value ?? 365;
      if (days < 90 || days > thresholds.maxKeyRotationDays)
        return fail(k, `rotation_period_in_days is ${days}, outside 90-${thresholds.maxKeyRotationDays} for tier ${tier}`);
      return pass(k, `key rotates every ${days} days`);
    }),
};
