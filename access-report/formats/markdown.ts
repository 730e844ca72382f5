import { markdownCell } from '../../policies/markdown-cell';
import type { AccessReport, Finding } from '../report';
import { actionList, countedList, errorList, fileName, fileProblems, filtersLine, integrityLine, whoOf, whyOf, windowLine } from './summary';

/** Details listed under a finding, beyond which the JSON has them all (a break-glass session's calls are always listed whole). */
const DETAILS_SHOWN = 20;

const cell = (text: string | number | undefined) => markdownCell(String(text ?? '')).replace(/`/g, "'");

/** The report for a ticket or a pull request: the verdict on the logs first, then findings, sessions and machines. */
export function formatMarkdown(report: AccessReport): string {
  const out: string[] = [];
  out.push(`# Access report: ${windowLine(report)}`, '');
  out.push(report.integrity.valid ? `> ${integrityLine(report)}` : `> **${integrityLine(report)}**`, '');
  if (!report.integrity.valid) {
    out.push('| File | Problem |', '| --- | --- |');
    for (const p of report.integrity.problems) out.push(`| ${cell(fileName(p))} | ${cell(fileProblems(p))} |`);
    out.push('');
  }
  const c = report.context;
  out.push(
    `Context (${c.source}): ticket tag \`${c.ticketTagKey}\`; auditors ${c.auditorRoleArns.join(', ') || 'none named'}; ` +
      `break-glass ${c.breakGlassRoleArns.join(', ') || 'none named'}; audit buckets ${c.auditBuckets.join(', ')}; ${c.changeAlarms.length} change alarms.`,
  );
  const filters = filtersLine(report);
  if (filters !== undefined) out.push('', `Filtered: ${filters}.`);
  const t = report.totals;
  out.push(
    '',
    '## Summary',
    '',
    `- ${t.humanSessions} human sessions, ${t.machineSessions} machine sessions, ${t.serviceCalls} calls by AWS services`,
    `- ${t.consoleSignIns} console sign-ins, ${t.failedConsoleSignIns} failed`,
    `- ${t.records} records in ${t.logFilesRead} log files (${t.recordsOutsideWindow} outside the window); ${t.logFilesLeftOut} log files left out`,
    `- findings: ${severityCounts(report.findings)}`,
    '',
    '## Findings',
    '',
  );
  if (report.findings.length === 0) out.push('None.');
  for (const f of report.findings) {
    out.push(`- **${f.severity}** \`${f.id}\`${f.time !== undefined ? ` ${f.time}` : ''}: ${cell(f.message)}`);
    const shown = f.rule === 'break-glass-session' ? f.details : f.details.slice(0, DETAILS_SHOWN);
    for (const d of shown) out.push(`  - ${cell(d)}`);
    if (shown.length < f.details.length) out.push(`  - ... ${f.details.length - shown.length} more (see --format json)`);
  }
  out.push('', '## Sessions', '');
  if (report.sessions.length === 0) out.push('None.');
  else {
    out.push('| Session | Who | Why | When (UTC) | From | What | Results |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const s of report.sessions) {
      const via = s.who.via !== undefined ? ` via ${s.who.via}` : '';
      const caller = s.who.caller !== undefined ? ` by ${s.who.caller}` : '';
      out.push(
        `| ${s.id} | ${cell(`${whoOf(s)}${via}${caller}`)} | ${cell(whyOf(s))} | ${s.when.first} – ${s.when.last} | ${cell(countedList(s.where.sourceIps))} | ` +
          `${cell(`${s.what.events} calls: ${actionList(s).join(', ')}`)} | ${cell(errorList(s) || 'ok')} |`,
      );
    }
  }
  out.push('', '## Machine activity', '');
  if (report.machines.length === 0) out.push('None.');
  else {
    out.push('| Principal | Sessions | Calls | First | Last | Refused |', '| --- | ---: | ---: | --- | --- | ---: |');
    for (const m of report.machines) out.push(`| ${cell(m.principal)} | ${m.sessions} | ${m.events} | ${m.first} | ${m.last} | ${m.accessDenied} |`);
  }
  return `${out.join('\n')}\n`;
}

export function severityCounts(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  return ['critical', 'high', 'medium', 'low', 'info']
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(', ');
}
