import type { FileResult } from '../../log-validation/report';
import type { AccessReport, Counted, SessionRow } from '../report';

/** Phrases every format shares, so that the formats say the same thing in the same words. */

/** The integrity verdict in one line. */
export function integrityLine(report: AccessReport): string {
  const s = report.integrity.summary;
  if (report.integrity.valid) {
    return `Logs proven intact: ${s.digestsValid} digest files and ${s.logFilesValid} log files valid (regions ${report.integrity.regions.join(', ') || 'none'}).`;
  }
  const n = report.integrity.problems.length;
  return (
    `LOGS NOT PROVEN INTACT: ${n} ${n === 1 ? 'file' : 'files'} INVALID or missing` +
    (s.logFilesNotChecked > 0 ? `, ${s.logFilesNotChecked} log files not checked` : '') +
    '. Their events are not in this report.'
  );
}

/** Where a file is, or what is missing. */
export function fileName(result: FileResult): string {
  return result.key !== undefined ? `s3://${result.bucket}/${result.key}` : `${result.bucket}: ${result.description ?? 'unknown'}`;
}

export function fileProblems(result: FileResult): string {
  return result.problems.map((p) => `${p.reason}: ${p.detail}`).join('; ');
}

/** `value (count)` items, joined. */
export function countedList(items: readonly Counted[], separator = '; '): string {
  return items.map((i) => `${i.value} (${i.count})`).join(separator);
}

/** `service:Action xN` for every action of a session. */
export function actionList(row: SessionRow): string[] {
  return Object.entries(row.what.byService).flatMap(([service, actions]) => Object.entries(actions).map(([action, n]) => `${service}:${action} x${n}`));
}

export function errorList(row: SessionRow): string {
  return Object.entries(row.results.errors)
    .map(([code, n]) => `${code} (${n})`)
    .join('; ');
}

export function alarmList(row: SessionRow): string {
  return Object.entries(row.alarms)
    .map(([name, n]) => `${name} (${n})`)
    .join('; ');
}

/** Who, in one phrase. */
export function whoOf(row: SessionRow): string {
  const name = row.who.sourceIdentity ?? row.who.user ?? row.who.principal ?? row.id;
  const role = row.who.role !== undefined ? ` as ${row.who.role.slice(row.who.role.lastIndexOf('/') + 1)}` : '';
  return `${name}${role}`;
}

/** Why, in one phrase. */
export function whyOf(row: SessionRow): string {
  if (row.why.ticket !== undefined) return `${row.why.tagKey}=${row.why.ticket}`;
  return row.why.startSeen || row.kind !== 'role' ? `no ${row.why.tagKey}` : 'start not in the logs read';
}

export function windowLine(report: AccessReport): string {
  return `${report.trailArn}, ${report.window.start} to ${report.window.end}`;
}

export function filtersLine(report: AccessReport): string | undefined {
  const parts = [
    report.filters.principal !== undefined ? `--principal ${report.filters.principal}` : undefined,
    report.filters.resource !== undefined ? `--resource ${report.filters.resource}` : undefined,
  ].filter((p) => p !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}
