import { checkBool, forEach } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'trail-log-file-validation',
  title: 'CloudTrail log-file validation is on',
  severity: 'high',
  rationale: 'Signed digest files let an auditor prove that no log file was changed or deleted after delivery.',
  remediation: {
    text: 'Set enable_log_file_validation to true.',
    cdktf: `new Cloudtrail(this, 'trail', { ..., enableLogFileValidation: true });`,
  },
  absentMeans: 'enable_log_file_validation absent means false (provider default): the rule fails.',
  evaluate: ({ topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) =>
      checkBool(t, 'enable_log_file_validation', false, true, 'tampering with delivered log files cannot be detected'),
    ),
};
