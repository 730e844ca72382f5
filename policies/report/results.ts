import type { Result } from '../engine';

/** Whether a result fails the check (exit 1): a failure, or a value that cannot be resolved. */
export function isFailing(r: Result): boolean {
  return r.status === 'fail' || r.status === 'unknown';
}

/** Whether a report shows the result without --verbose: everything but passes and results that do not apply. */
export function needsAttention(r: Result): boolean {
  return r.status !== 'pass' && r.status !== 'not_applicable';
}

/** Results grouped by environment: environments in name order, results in report order within each. */
export function byEnvironment(results: readonly Result[]): [environment: string, results: Result[]][] {
  const groups = new Map<string, Result[]>();
  for (const r of results) groups.set(r.environment, [...(groups.get(r.environment) ?? []), r]);
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}
