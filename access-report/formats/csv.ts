import type { AccessReport, Finding, SessionRow } from '../report';
import { actionList, alarmList, countedList, errorList } from './summary';

/** One table for spreadsheets: a row per session and a row per finding, told apart by `row_type`. */
const COLUMNS = [
  'row_type',
  'id',
  'severity',
  'rule',
  'session_id',
  'kind',
  'source_identity',
  'user',
  'role',
  'principal',
  'via',
  'caller',
  'ticket',
  'started',
  'first_event',
  'last_event',
  'source_ips',
  'user_agents',
  'events',
  'actions',
  'resources',
  'error_codes',
  'access_denied',
  'alarms',
  'message',
] as const;

type Column = (typeof COLUMNS)[number];

/**
 * A cell as RFC 4180 writes it (quoted when it holds a comma, quote or line break), and never a
 * formula: the logs are attacker-controlled text (user agents, session names), and a spreadsheet runs
 * a cell starting with = + - @ as one, so such a cell gets a leading apostrophe (OWASP's advice).
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function sessionCells(row: SessionRow): Partial<Record<Column, string | number>> {
  return {
    row_type: 'session',
    id: row.id,
    kind: row.kind,
    source_identity: row.who.sourceIdentity,
    user: row.who.user,
    role: row.who.role,
    principal: row.who.principal,
    via: row.who.via,
    caller: row.who.caller,
    ticket: row.why.ticket,
    started: row.when.started,
    first_event: row.when.first,
    last_event: row.when.last,
    source_ips: countedList(row.where.sourceIps),
    user_agents: countedList(row.where.userAgents),
    events: row.what.events,
    actions: actionList(row).join('; '),
    resources: countedList(row.what.resources) + (row.what.moreResources ? '; ...' : ''),
    error_codes: errorList(row),
    access_denied: row.results.accessDenied,
    alarms: alarmList(row),
  };
}

function findingCells(f: Finding): Partial<Record<Column, string | number>> {
  return {
    row_type: 'finding',
    id: f.id,
    severity: f.severity,
    rule: f.rule,
    session_id: f.sessionId,
    principal: f.principal,
    first_event: f.time,
    message: [f.message, ...f.details].join('\n'),
  };
}

export function formatCsv(report: AccessReport): string {
  const rows = [...report.sessions.map(sessionCells), ...report.findings.map(findingCells)];
  const lines = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
