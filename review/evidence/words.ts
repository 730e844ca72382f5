import type { RequirementStatus } from './control-matrix';
import type { Evidence } from './evidence';

/** A result as a word, the same in every format. */
export const STATUS_WORDS: Readonly<Record<RequirementStatus, string>> = {
  pass: 'pass',
  fail: 'fail',
  unknown: 'unknown',
  warn: 'warn',
  waived: 'waived',
  not_applicable: 'not applicable',
  'not run': 'not run',
};

/** How many environments meet the standard, and the verify and validate-logs verdicts when given. */
export function summaryLine(evidence: Evidence): string {
  const ok = evidence.environments.filter((e) => e.ok).length;
  const parts = [`${ok} of ${evidence.environments.length} environment(s) meet the standard`];
  if (evidence.verify) parts.push(`verify ${evidence.verify.ok ? 'passed' : 'failed'}`);
  if (evidence.validateLogs) parts.push(`validate-logs ${evidence.validateLogs.valid ? 'found every file valid' : 'found invalid files'}`);
  return parts.join('; ');
}
