import type { AccessReport } from '../report';
import { severityCounts } from './markdown';
import { actionList, countedList, errorList, fileName, fileProblems, integrityLine, whoOf, whyOf, windowLine } from './summary';

/** The report for a terminal: the verdict on the logs, then one line per finding and per session. */
export function formatText(report: AccessReport): string {
  const out: string[] = [`Access report for ${windowLine(report)}`, integrityLine(report)];
  for (const p of report.integrity.problems) out.push(`  INVALID\t${fileName(p)}\t${fileProblems(p)}`);
  const t = report.totals;
  out.push(
    `Context: ${report.context.source}, ticket tag "${report.context.ticketTagKey}"`,
    `${t.humanSessions} human sessions, ${t.machineSessions} machine sessions, ${t.serviceCalls} AWS service calls, ` +
      `${t.consoleSignIns} console sign-ins (${t.failedConsoleSignIns} failed), ${t.records} records`,
    '',
    `Findings: ${severityCounts(report.findings)}`,
  );
  for (const f of report.findings) out.push(`  ${f.severity.toUpperCase().padEnd(8)} ${f.id}  ${f.message}`);
  out.push('', 'Sessions:');
  for (const s of report.sessions) {
    out.push(
      `  ${s.id}  ${s.when.first} – ${s.when.last}  ${whoOf(s)}  [${whyOf(s)}]  from ${countedList(s.where.sourceIps, ', ') || '-'}  ` +
        `${s.what.events} calls: ${actionList(s).join(', ')}${errorList(s) ? `  errors: ${errorList(s)}` : ''}`,
    );
  }
  if (report.machines.length > 0) {
    out.push('', 'Machine activity:');
    for (const m of report.machines) out.push(`  ${m.principal}  ${m.sessions} sessions, ${m.events} calls, ${m.accessDenied} refused, ${m.first} – ${m.last}`);
  }
  return `${out.join('\n')}\n`;
}
