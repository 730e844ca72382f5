import { badge, barChart, type Column, definitionList, html, type Lane, renderPage, section, table, timeline } from '../../html-report';
import type { AccessReport, Finding, MachineRow, SessionRow, Severity } from '../report';
import { severityCounts } from './markdown';
import { actionList, countedList, errorList, fileName, fileProblems, filtersLine, integrityLine, whoOf, whyOf, windowLine } from './summary';

const DAY_MS = 24 * 3600 * 1000;
/** Sessions drawn per day on the timeline; the table lists them all. */
const LANES_PER_DAY = 80;
const DETAILS_SHOWN = 20;
const ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** The report as one self-contained page (html-report): verdict, summary, a timeline per day, findings, sessions. */
export function formatHtml(report: AccessReport, toolVersion: string): string {
  const worst = worstSeverityBySession(report.findings);
  const t = report.totals;
  const integrity = report.integrity.valid
    ? html`<div class="alert ok">${badge('ok', 'intact')} ${integrityLine(report)}</div>`
    : html`<div class="alert">${badge('fail', 'NOT PROVEN INTACT')} ${integrityLine(report)}</div>
${table(
  [
    { heading: 'File', cell: (p) => html`<code>${fileName(p)}</code>` },
    { heading: 'Problem', cell: (p) => fileProblems(p) },
  ],
  report.integrity.problems,
)}`;
  const filters = filtersLine(report);
  const body = [
    section('Integrity of the logs', integrity),
    section(
      'Summary',
      definitionList([
        ['Human sessions', t.humanSessions],
        ['Machine sessions', t.machineSessions],
        ['Calls by AWS services', t.serviceCalls],
        ['Console sign-ins', `${t.consoleSignIns} (${t.failedConsoleSignIns} failed)`],
        ['Records read', `${t.records} in ${t.logFilesRead} log files (${t.recordsOutsideWindow} outside the window)`],
        ['Findings', severityCounts(report.findings)],
        ...(filters !== undefined ? ([['Filtered', filters]] as const) : []),
      ]),
      barChart(
        ORDER.map((s) => ({ label: s, value: report.findings.filter((f) => f.severity === s).length, tone: s })),
        { caption: 'Findings by severity' },
      ),
    ),
    section('Sessions per day', sessionTimelines(report, worst)),
    section('Findings', table(findingColumns(), report.findings, 'No findings.')),
    section('Human sessions', table(sessionColumns(worst), report.sessions, 'No human sessions in the window.')),
    section('Machine activity', table(machineColumns(), report.machines, 'None.')),
    section(
      'Context',
      definitionList([
        ['From', report.context.source],
        ['Ticket tag', report.context.ticketTagKey],
        ['Auditor roles', report.context.auditorRoleArns.join(', ') || 'none named'],
        ['Break-glass roles', report.context.breakGlassRoleArns.join(', ') || 'none named'],
        ['Audit buckets', report.context.auditBuckets.join(', ')],
        ['Change alarms', report.context.changeAlarms.map((a) => a.name).join(', ') || 'none'],
      ]),
    ),
  ];
  return renderPage({
    title: 'Access report',
    subtitle: windowLine(report),
    body,
    footer: `auditready ${toolVersion} access-report. Times are UTC.`,
  });
}

function worstSeverityBySession(findings: readonly Finding[]): Map<string, Severity> {
  const worst = new Map<string, Severity>();
  for (const f of findings) {
    if (f.sessionId === undefined) continue;
    const known = worst.get(f.sessionId);
    if (known === undefined || ORDER.indexOf(f.severity) < ORDER.indexOf(known)) worst.set(f.sessionId, f.severity);
  }
  return worst;
}

/** One timeline per UTC day of the window: each session a lane, coloured by its worst finding (green without). */
function sessionTimelines(report: AccessReport, worst: ReadonlyMap<string, Severity>) {
  const start = Date.parse(report.window.start);
  const end = Date.parse(report.window.end);
  const days = [];
  for (let day = start - (start % DAY_MS); day < end; day += DAY_MS) {
    // The part of the day inside the window: a short window gets a finer axis.
    const from = new Date(Math.max(day, start));
    const to = new Date(Math.min(day + DAY_MS, end));
    const active = report.sessions.filter((s) => Date.parse(s.when.first) < to.getTime() && Date.parse(s.when.last) >= day);
    if (active.length === 0) continue;
    const lanes: Lane[] = active.slice(0, LANES_PER_DAY).map((s) => ({
      label: whoOf(s),
      spans: [
        {
          start: new Date(Math.max(day, Date.parse(s.when.first))),
          end: new Date(Math.min(to.getTime(), Date.parse(s.when.last))),
          tone: worst.get(s.id) ?? 'ok',
          title: `${s.id} ${whoOf(s)}: ${s.when.first} – ${s.when.last}, ${s.what.events} calls, ${whyOf(s)}`,
        },
      ],
    }));
    const more = active.length > LANES_PER_DAY ? ` (the first ${LANES_PER_DAY} of ${active.length} sessions)` : '';
    days.push(
      html`<h3>${from.toISOString().slice(0, 10)}</h3>${timeline(lanes, { from, to }, { caption: `${active.length} sessions${more}; colour: worst finding, green none` })}`,
    );
  }
  return days.length > 0 ? days : html`<p class="empty">No human sessions in the window.</p>`;
}

function list(items: readonly string[], limit?: number) {
  const shown = limit !== undefined ? items.slice(0, limit) : items;
  if (shown.length === 0) return '';
  const more = shown.length < items.length ? html`<li>… ${items.length - shown.length} more (see --format json)</li>` : '';
  return html`<ul class="compact">${shown.map((i) => html`<li>${i}</li>`)}${more}</ul>`;
}

function findingColumns(): Column<Finding>[] {
  return [
    { heading: 'Severity', cell: (f) => badge(f.severity) },
    { heading: 'Finding', cell: (f) => html`<code>${f.id}</code>` },
    { heading: 'Who', cell: (f) => f.principal ?? '' },
    { heading: 'When', cell: (f) => f.time ?? '' },
    { heading: 'What', cell: (f) => html`${f.message}${list(f.details, f.rule === 'break-glass-session' ? undefined : DETAILS_SHOWN)}` },
  ];
}

function sessionColumns(worst: ReadonlyMap<string, Severity>): Column<SessionRow>[] {
  return [
    { heading: 'Session', cell: (s) => html`<code>${s.id}</code> ${worst.has(s.id) ? badge(worst.get(s.id) as Severity) : badge('ok', 'no finding')}` },
    {
      heading: 'Who',
      cell: (s) =>
        html`${whoOf(s)}${s.who.via !== undefined ? html`<br>via ${s.who.via}` : ''}${s.who.caller !== undefined ? html`<br>by <code>${s.who.caller}</code>` : ''}${s.mfa ? html`<br>MFA` : ''}`,
    },
    { heading: 'Why', cell: (s) => whyOf(s) },
    { heading: 'When', cell: (s) => html`${s.when.first}<br>${s.when.last}` },
    {
      heading: 'From',
      cell: (s) =>
        html`${list(s.where.sourceIps.map((i) => `${i.value} (${i.count})`))}${list(
          s.where.userAgents.map((u) => `${u.value} (${u.count})`),
          3,
        )}`,
    },
    { heading: 'What', cell: (s) => html`${s.what.events} calls${list(actionList(s), DETAILS_SHOWN)}` },
    {
      heading: 'Resources',
      cell: (s) =>
        html`${list(
          s.what.resources.map((r) => `${r.value} (${r.count})`),
          10,
        )}${s.what.moreResources ? '…' : ''}`,
    },
    { heading: 'Results', cell: (s) => html`${errorList(s) || 'ok'}${s.results.accessDenied > 0 ? html`<br>${s.results.accessDenied} refused` : ''}` },
  ];
}

function machineColumns(): Column<MachineRow>[] {
  return [
    { heading: 'Principal', cell: (m) => html`<code>${m.principal}</code>` },
    { heading: 'Sessions', cell: (m) => m.sessions, numeric: true },
    { heading: 'Calls', cell: (m) => m.events, numeric: true },
    { heading: 'First', cell: (m) => m.first },
    { heading: 'Last', cell: (m) => m.last },
    { heading: 'Refused', cell: (m) => m.accessDenied, numeric: true },
    { heading: 'Errors', cell: (m) => countedList(Object.entries(m.errors).map(([value, count]) => ({ value, count }))) },
  ];
}
