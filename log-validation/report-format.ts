import { type FileResult, isValid, type ValidationReport } from './report';

/**
 * The report as text: one line per INVALID file (and per valid one when verbose), tab-separated
 * like `aws cloudtrail validate-logs`, then the summary counts.
 */
export function formatReportText(report: ValidationReport, verbose: boolean): string {
  const lines: string[] = [];
  lines.push(`Validating log files for trail ${report.trailArn} between ${report.startTime} and ${report.endTime}`);
  for (const result of report.results) {
    if (isValid(result) && !verbose) continue;
    lines.push(formatResultLine(result));
  }
  const s = report.summary;
  lines.push('');
  lines.push(`Regions: ${report.regions.length > 0 ? report.regions.join(', ') : 'none'} (from ${report.regionsFrom})`);
  lines.push(`Digest files: ${s.digestsValid} valid, ${s.digestsInvalid} INVALID`);
  if (s.backfillDigestsValid + s.backfillDigestsInvalid > 0) {
    lines.push(`Backfill digest files: ${s.backfillDigestsValid} valid, ${s.backfillDigestsInvalid} INVALID`);
  }
  lines.push(`Log files: ${s.logFilesValid} valid, ${s.logFilesInvalid} INVALID, ${s.logFilesNotChecked} not checked (listed by an INVALID digest)`);
  lines.push(`Uncompressed log data hashed: ${s.uncompressedBytesHashed} bytes`);
  return `${lines.join('\n')}\n`;
}

/** The report as one JSON document, every file included. */
export function formatReportJson(report: ValidationReport): string {
  const results = report.results.map((r) => ({ ...r, status: isValid(r) ? 'valid' : 'INVALID' }));
  return `${JSON.stringify({ ...report, results }, null, 2)}\n`;
}

function formatResultLine(result: FileResult): string {
  const kind = { digest: 'Digest file', 'backfill digest': '(backfill) Digest file', log: 'Log file' }[result.kind];
  const where = result.key !== undefined ? `s3://${result.bucket}/${result.key}` : `(${result.description ?? 'unknown'})`;
  if (isValid(result)) return `${kind}\t${where}\tvalid`;
  const reasons = result.problems.map((p) => `${p.reason}: ${p.detail}`).join('; ');
  return `${kind}\t${where}\tINVALID: ${reasons}`;
}
