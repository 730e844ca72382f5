import { createHash } from 'node:crypto';
import { isValid, type ValidationReport } from '../log-validation/report';
import type { AccessAggregate, Issuance, SignIn } from './aggregate';
import type { ReportContext, ReportFilters } from './context';
import { globMatcher } from './glob';
import {
  type AccessReport,
  BURST_PERIOD_MINUTES,
  BURST_THRESHOLD,
  type Counted,
  FINDING_RULES,
  type Finding,
  type FindingRule,
  type MachineRow,
  type SessionRow,
  type Severity,
} from './report';
import { SessionStats } from './session-stats';

/** A console session's calls carry an issue time up to this long after its sign-in event. */
const SIGN_IN_SLACK_MS = 5 * 60 * 1000;
/** An issue time this close to a session start's event time is the same session. */
const ISSUE_SLACK_MS = 60 * 1000;
/** Services whose calls are signing in and starting other sessions, not work. */
const HOP_SERVICES = new Set(['sts', 'signin', 'sso', 'portal.sso']);

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

interface Joined {
  readonly key: string;
  readonly stats: SessionStats;
  readonly issuance?: Issuance;
  readonly signIn?: SignIn;
}

/** The report from the aggregate of every valid log file and the validation's verdict. */
export function buildReport(
  aggregate: AccessAggregate,
  validation: ValidationReport,
  settings: { readonly context: ReportContext; readonly filters: ReportFilters; readonly start: string; readonly end: string },
): AccessReport {
  const { context } = settings;
  const joined = join(aggregate);
  const byKey = new Map(joined.map((j) => [j.key, j]));
  const human = humanity(joined, byKey, context);
  const breakGlass = new Set(context.breakGlassRoleArns);
  const auditors = new Set(context.auditorRoleArns);

  const sessionRows: SessionRow[] = [];
  const findings: Finding[] = [];
  const machineSessions: Joined[] = [];
  for (const j of joined) {
    const row = sessionRow(j, context, breakGlass);
    if (human.get(j.key)) sessionRows.push(row);
    else machineSessions.push(j);
    findings.push(...sessionFindings(j, row, human.get(j.key) === true, context, settings.start, auditors));
  }
  findings.push(...signInFindings(aggregate.signIns));
  const problems = validation.results.filter((r) => !isValid(r));
  for (const p of problems) {
    const where = p.key !== undefined ? `s3://${p.bucket}/${p.key}` : `${p.bucket}: ${p.description ?? 'unknown'}`;
    findings.push(
      finding('log-file-invalid', p.key ?? p.description ?? p.bucket, {
        message: `${p.kind} file ${where}: ${p.problems.map((x) => x.reason).join(', ')}`,
        details: p.problems.map((x) => `${x.reason}: ${x.detail}`),
      }),
    );
  }
  if (validation.summary.logFilesNotChecked > 0) {
    findings.push(
      finding('log-file-invalid', 'not-checked', {
        message: `${validation.summary.logFilesNotChecked} log files not checked: listed by INVALID digests, so their content cannot be trusted`,
        details: [],
      }),
    );
  }

  const visible = filterSessions(joined, sessionRows, settings.filters);
  const shownFindings = findings.filter((f) =>
    f.sessionId === undefined ? f.rule === 'log-file-invalid' || visible.principal(f.principal ?? '') : visible.ids.has(f.sessionId),
  );
  shownFindings.sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.time ?? '').localeCompare(b.time ?? '') || a.id.localeCompare(b.id),
  );
  const sessions = sessionRows.filter((r) => visible.ids.has(r.id)).sort((a, b) => a.when.first.localeCompare(b.when.first) || a.id.localeCompare(b.id));
  const signIns = aggregate.signIns;

  return {
    trailArn: validation.trailArn,
    window: { start: settings.start, end: settings.end },
    integrity: {
      valid: problems.length === 0 && validation.summary.logFilesNotChecked === 0 && validation.summary.digestsValid > 0,
      regions: validation.regions,
      summary: validation.summary,
      problems,
    },
    context,
    filters: settings.filters,
    totals: {
      logFilesRead: validation.summary.logFilesValid,
      logFilesLeftOut: validation.summary.logFilesInvalid + validation.summary.logFilesNotChecked,
      records: aggregate.records,
      recordsOutsideWindow: aggregate.outsideWindow,
      humanSessions: sessionRows.length,
      machineSessions: machineSessions.length,
      serviceCalls: [...aggregate.serviceCalls.values()].reduce((a, b) => a + b, 0),
      consoleSignIns: signIns.filter((s) => s.success).length,
      failedConsoleSignIns: signIns.filter((s) => !s.success).length,
    },
    sessions,
    machines: machineRows(machineSessions.filter((j) => visible.ids.has(sessionId(j.key)))),
    findings: shownFindings,
  };
}

export function sessionId(key: string): string {
  return `s-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
}

/** Each session with the call that started it and its console sign-in, when those are in the logs read. */
function join(aggregate: AccessAggregate): Joined[] {
  const sessions = new Map(aggregate.sessions);
  // Console sign-ins: the session whose calls carry an issue time just after the sign-in, else one of its own.
  const byArn = new Map<string, Array<[string, SessionStats]>>();
  for (const [key, stats] of sessions) {
    if (stats.actor.arn === undefined || stats.actor.issuedAt === undefined) continue;
    byArn.set(stats.actor.arn, [...(byArn.get(stats.actor.arn) ?? []), [key, stats]]);
  }
  const signInOf = new Map<string, SignIn>();
  const signIns = [...aggregate.signIns].filter((s) => s.success).sort((a, b) => a.time.localeCompare(b.time));
  for (const signIn of signIns) {
    const at = Date.parse(signIn.time);
    const arn = signIn.actor.arn ?? '-';
    const candidates = (byArn.get(arn) ?? [])
      .map(([key, stats]) => ({ key, gap: Date.parse(stats.actor.issuedAt as string) - at }))
      .filter((c) => c.gap >= -5000 && c.gap <= SIGN_IN_SLACK_MS && !signInOf.has(c.key))
      .sort((a, b) => Math.abs(a.gap) - Math.abs(b.gap) || a.key.localeCompare(b.key));
    const key = candidates[0]?.key ?? `${arn}|${signIn.time}`;
    if (!sessions.has(key)) {
      const stats = new SessionStats({ ...signIn.actor, sessionKey: key, issuedAt: signIn.time });
      stats.first = signIn.time;
      stats.last = signIn.time;
      sessions.set(key, stats);
    }
    signInOf.set(key, signIn);
  }
  // Session starts: by an access key the session used, else by its ARN and issue time.
  const startsByArn = new Map<string, Issuance[]>();
  for (const issuance of aggregate.issuances.values()) startsByArn.set(issuance.sessionArn, [...(startsByArn.get(issuance.sessionArn) ?? []), issuance]);
  return [...sessions].map(([key, stats]) => {
    let issuance: Issuance | undefined;
    for (const k of stats.accessKeys.values()) issuance ??= aggregate.issuances.get(k);
    if (!issuance && stats.actor.arn !== undefined && stats.actor.issuedAt !== undefined) {
      const at = Date.parse(stats.actor.issuedAt);
      issuance = (startsByArn.get(stats.actor.arn) ?? [])
        .filter((i) => Math.abs(Date.parse(i.time) - at) <= ISSUE_SLACK_MS)
        .sort((a, b) => Math.abs(Date.parse(a.time) - at) - Math.abs(Date.parse(b.time) - at))[0];
    }
    const signIn = signInOf.get(key);
    return { key, stats, ...(issuance ? { issuance } : {}), ...(signIn ? { signIn } : {}) };
  });
}

/**
 * Which sessions a person is behind: the root user, IAM users, Identity Center users; role sessions
 * with a source identity, started through SAML, signed in to the console, of an Identity Center
 * permission set or one of the environment's human roles, or started by a session a person is behind.
 * The rest (roles AWS services or unknown callers assumed) are machines.
 */
function humanity(joined: readonly Joined[], byKey: ReadonlyMap<string, Joined>, context: ReportContext): Map<string, boolean> {
  const humanRoles = new Set([...context.auditorRoleArns, ...context.breakGlassRoleArns, ...context.humanRoleArns]);
  const result = new Map<string, boolean>();
  const decide = (j: Joined, seen: Set<string>): boolean => {
    const known = result.get(j.key);
    if (known !== undefined) return known;
    const { actor } = j.stats;
    const issuance = j.issuance;
    let human: boolean;
    if (actor.kind === 'root' || actor.kind === 'iam-user' || actor.kind === 'identity-center-user' || actor.kind === 'federated-user') human = true;
    else if (actor.kind !== 'role') human = false;
    else if (j.stats.sourceIdentities.size > 0 || issuance?.sourceIdentity !== undefined || j.signIn !== undefined) human = true;
    else if (issuance?.via === 'AssumeRoleWithSAML') human = true;
    else if (actor.roleArn !== undefined && (humanRoles.has(actor.roleArn) || isIdentityCenterRole(actor.roleArn))) human = true;
    else if (issuance?.caller.kind === 'iam-user' || issuance?.caller.kind === 'root' || issuance?.caller.kind === 'identity-center-user') human = true;
    else if (issuance?.caller.sessionKey !== undefined && !seen.has(issuance.caller.sessionKey)) {
      const caller = byKey.get(issuance.caller.sessionKey);
      human = caller !== undefined && decide(caller, new Set([...seen, j.key]));
    } else human = false;
    result.set(j.key, human);
    return human;
  };
  for (const j of joined) decide(j, new Set());
  return result;
}

/** An IAM Identity Center permission set's role (`aws-reserved/sso.amazonaws.com/.../AWSReservedSSO_*`). */
function isIdentityCenterRole(roleArn: string): boolean {
  return roleArn.includes(':role/aws-reserved/sso.amazonaws.com/') && roleArn.slice(roleArn.lastIndexOf('/') + 1).startsWith('AWSReservedSSO_');
}

function counted(entries: ReadonlyArray<{ readonly value: string; readonly count: number }>): Counted[] {
  return entries.map((e) => ({ value: e.value, count: e.count }));
}

function sessionRow(j: Joined, context: ReportContext, breakGlass: ReadonlySet<string>): SessionRow {
  const { stats, issuance, signIn } = j;
  const { actor } = stats;
  const sourceIdentity = [...stats.sourceIdentities].sort()[0] ?? issuance?.sourceIdentity;
  const user = issuance && issuance.via !== 'AssumeRole' ? issuance.caller.name : actor.userName;
  const via =
    issuance?.via ??
    (signIn ? 'console sign-in' : actor.kind === 'iam-user' || actor.kind === 'root' ? (actor.issuedAt ? 'console session' : 'access key') : undefined);
  const byService: Record<string, Record<string, number>> = {};
  for (const service of [...stats.actions.keys()].sort()) {
    const actions = stats.actions.get(service) as Map<string, number>;
    byService[service] = Object.fromEntries([...actions].sort(([a], [b]) => a.localeCompare(b)));
  }
  const services = Object.keys(byService);
  const tags = issuance?.tags ?? {};
  const ticket = Object.hasOwn(tags, context.ticketTagKey) ? tags[context.ticketTagKey] : undefined;
  return {
    id: sessionId(j.key),
    kind: actor.kind === 'service' ? 'unknown' : actor.kind,
    who: {
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      ...(user !== undefined ? { user } : {}),
      ...(actor.arn !== undefined ? { principal: actor.arn } : issuance ? { principal: issuance.sessionArn } : {}),
      ...(actor.roleArn !== undefined ? { role: actor.roleArn } : issuance ? { role: issuance.roleArn } : {}),
      ...(via !== undefined ? { via } : {}),
      ...(issuance ? { caller: issuance.caller.name } : {}),
    },
    why: { tagKey: context.ticketTagKey, ...(ticket !== undefined ? { ticket } : {}), tags, startSeen: issuance !== undefined },
    when: {
      ...(actor.issuedAt !== undefined ? { started: actor.issuedAt } : issuance ? { started: issuance.time } : {}),
      first: stats.first,
      last: stats.last,
    },
    where: { sourceIps: counted(stats.sourceIps.entries()), userAgents: counted(stats.userAgents.entries()) },
    what: {
      events: stats.events,
      byService,
      resources: counted(stats.resources.entries().sort((a, b) => (a.value < b.value ? -1 : 1))),
      moreResources: stats.resources.dropped,
    },
    results: { errors: Object.fromEntries([...stats.errors].sort(([a], [b]) => a.localeCompare(b))), accessDenied: stats.denied },
    alarms: Object.fromEntries([...stats.alarmHits].map(([name, hits]) => [name, hits.total] as const).sort(([a], [b]) => a.localeCompare(b))),
    mfa: stats.mfa || signIn?.mfaUsed === true,
    breakGlass: actor.roleArn !== undefined && breakGlass.has(actor.roleArn),
    hop: services.length > 0 && services.every((s) => HOP_SERVICES.has(s)),
  };
}

/** Who a session is, in one phrase: the source identity, else the user, else the ARN. */
function principalOf(row: SessionRow): string {
  return row.who.sourceIdentity ?? row.who.user ?? row.who.principal ?? row.id;
}

function sessionFindings(j: Joined, row: SessionRow, human: boolean, context: ReportContext, windowStart: string, auditors: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  const { stats } = j;
  const about = { sessionId: row.id, time: row.when.first, principal: principalOf(row) };
  const role = row.who.role !== undefined ? ` (${row.who.role})` : '';
  const actionList = Object.entries(row.what.byService).flatMap(([service, actions]) => Object.entries(actions).map(([a, n]) => `${service}:${a} x${n}`));
  if (row.kind === 'root') {
    out.push(
      finding('root-activity', row.id, {
        ...about,
        message: `root user: ${row.what.events} calls from ${row.where.sourceIps.map((i) => i.value).join(', ') || 'a console sign-in'}`,
        details: actionList,
      }),
    );
  }
  if (human && !row.hop && row.kind !== 'root') {
    if (row.who.sourceIdentity === undefined) {
      out.push(
        finding('session-without-source-identity', row.id, {
          ...about,
          message: `${describe(row)} made ${row.what.events} calls without a source identity`,
          details: actionList,
        }),
      );
    }
    if (row.why.ticket === undefined) {
      const before = !row.why.startSeen && row.kind === 'role' && (row.when.started ?? row.when.first) < windowStart;
      if (before) {
        out.push(
          finding('session-context-before-window', row.id, {
            ...about,
            message: `${describe(row)} started at ${row.when.started ?? '?'}, before the window: its ${context.ticketTagKey} tag is in earlier logs (widen --start-time)`,
            details: [],
          }),
        );
      } else {
        const why =
          row.kind === 'role'
            ? row.why.startSeen
              ? `its ${row.who.via ?? 'start'} carried no ${context.ticketTagKey} tag`
              : `the call that started it is not in the logs of the window`
            : `an ${row.kind} cannot carry session tags: the calls were made without a role session`;
        out.push(
          finding('session-without-ticket', row.id, { ...about, message: `${describe(row)}: no ${context.ticketTagKey} (${why})`, details: actionList }),
        );
      }
    }
  }
  if (row.breakGlass) {
    out.push(
      finding('break-glass-session', row.id, {
        ...about,
        message: `${describe(row)} used break-glass${role}; ${context.ticketTagKey}: ${row.why.ticket ?? 'none'}; ${row.what.events} calls, ${row.results.accessDenied} refused`,
        details: stats.calls.values().map((c) => c.replace(/\t/g, ' ')),
      }),
    );
  }
  if (stats.auditReads.total > 0 && !(row.who.role !== undefined && auditors.has(row.who.role))) {
    out.push(
      finding('audit-bucket-read', row.id, {
        ...about,
        message: `${describe(row)} read ${stats.auditReads.total} audit log objects${role} without being an auditor`,
        details: stats.auditReads.values(),
      }),
    );
  }
  const bursts = [...stats.deniedByPeriod].filter(([, n]) => n >= BURST_THRESHOLD).sort(([a], [b]) => a - b);
  if (bursts.length > 0) {
    out.push(
      finding('access-denied-burst', row.id, {
        ...about,
        time: new Date(bursts[0]?.[0] as number).toISOString().replace('.000Z', 'Z'),
        message: `${describe(row)}: ${bursts.length} ${BURST_PERIOD_MINUTES}-minute period(s) with ${BURST_THRESHOLD} or more refused calls (${stats.denied} refused in all)`,
        details: bursts.map(([at, n]) => `${new Date(at).toISOString().replace('.000Z', 'Z')}: ${n} refused`),
      }),
    );
  }
  if (stats.alarmHits.size > 0) {
    const names = [...stats.alarmHits.keys()].sort();
    out.push(
      finding('baseline-change', row.id, {
        ...about,
        message: `${describe(row)}${role} made calls the baseline's change alarms watch: ${names.map((n) => `${n} (${stats.alarmHits.get(n)?.total})`).join(', ')}`,
        details: names.flatMap((n) => (stats.alarmHits.get(n)?.values() ?? []).map((v) => `${n}: ${v}`)),
      }),
    );
  }
  return out;
}

/** Successful console sign-ins of IAM users and the root user without MFA (federated users' MFA is their identity provider's). */
function signInFindings(signIns: readonly SignIn[]): Finding[] {
  return signIns
    .filter((s) => s.success && !s.mfaUsed && (s.actor.kind === 'iam-user' || s.actor.kind === 'root'))
    .map((s) => {
      const who = s.actor.kind === 'root' ? 'root user' : (s.actor.userName ?? s.actor.arn ?? '?');
      return finding('console-signin-without-mfa', `${s.actor.arn ?? who}@${s.time}`, {
        time: s.time,
        principal: who,
        ...(s.actor.kind === 'root' ? { severity: 'critical' as const } : {}),
        message: `${who} signed in to the console without MFA from ${s.sourceIp ?? '?'}`,
        details: [`user agent: ${s.userAgent ?? '?'}`],
      });
    });
}

function describe(row: SessionRow): string {
  const who = row.who.sourceIdentity ?? row.who.user ?? row.who.principal ?? row.id;
  return `${row.kind === 'role' ? 'session of' : row.kind} ${who}`;
}

function finding(
  rule: FindingRule,
  subject: string,
  f: {
    readonly message: string;
    readonly details: readonly string[];
    readonly sessionId?: string;
    readonly time?: string;
    readonly principal?: string;
    readonly severity?: Severity;
  },
): Finding {
  const { severity, ...rest } = f;
  return { id: `${rule}:${subject}`, rule, severity: severity ?? FINDING_RULES[rule].severity, ...rest };
}

/** Sessions the filters let through, and whether a principal matches --principal. */
function filterSessions(
  joined: readonly Joined[],
  rows: readonly SessionRow[],
  filters: ReportFilters,
): { ids: Set<string>; principal: (name: string) => boolean } {
  const principalMatches = filters.principal !== undefined ? globMatcher(filters.principal) : undefined;
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const ids = new Set<string>();
  for (const j of joined) {
    const id = sessionId(j.key);
    const row = rowById.get(id);
    const names = [
      ...j.stats.sourceIdentities,
      j.stats.actor.arn,
      j.stats.actor.roleArn,
      j.stats.actor.userName,
      row?.who.user,
      row?.who.caller,
      j.issuance?.sourceIdentity,
    ].filter((n): n is string => n !== undefined);
    if (principalMatches && !names.some(principalMatches)) continue;
    if (filters.resource !== undefined && j.stats.resourceMatches === 0) continue;
    ids.add(id);
  }
  return { ids, principal: (name) => filters.resource === undefined && (principalMatches === undefined || principalMatches(name)) };
}

function machineRows(sessions: readonly Joined[]): MachineRow[] {
  const byPrincipal = new Map<string, { sessions: number; events: number; first: string; last: string; denied: number; errors: Map<string, number> }>();
  for (const j of sessions) {
    const { stats } = j;
    const principal = stats.actor.roleArn ?? stats.actor.arn ?? stats.actor.sessionKey;
    const row = byPrincipal.get(principal) ?? { sessions: 0, events: 0, first: stats.first, last: stats.last, denied: 0, errors: new Map() };
    row.sessions++;
    row.events += stats.events;
    if (stats.first < row.first) row.first = stats.first;
    if (stats.last > row.last) row.last = stats.last;
    row.denied += stats.denied;
    for (const [code, n] of stats.errors) row.errors.set(code, (row.errors.get(code) ?? 0) + n);
    byPrincipal.set(principal, row);
  }
  return [...byPrincipal]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([principal, r]) => ({
      principal,
      sessions: r.sessions,
      events: r.events,
      first: r.first,
      last: r.last,
      accessDenied: r.denied,
      errors: Object.fromEntries([...r.errors].sort(([a], [b]) => a.localeCompare(b))),
    }));
}
