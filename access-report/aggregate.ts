import { type FilterPattern, matchesEvent, parseFilterPattern } from '../policies/filter-pattern';
import { type Actor, actorOf, sessionKeyOf } from './actor';
import { BoundedTally } from './bounded-tally';
import type { ReportContext, ReportFilters } from './context';
import { globMatcher } from './glob';
import { arr, obj, str, strAt, type TrailRecord } from './record-fields';
import { isDenied, LIMITS, SessionStats, type SessionStatsData } from './session-stats';

/** The STS calls that start a role session, and how the report names the way in. */
export const SESSION_STARTS = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'] as const;
export type SessionStart = (typeof SESSION_STARTS)[number];

/** Who started a role session. */
export interface Caller {
  /** `saml` and `web-identity` for AssumeRoleWithSAML and AssumeRoleWithWebIdentity. */
  readonly kind: Actor['kind'] | 'saml' | 'web-identity';
  /** The caller's ARN, or the SAML subject / web identity user. */
  readonly name: string;
  /** The caller's own session (AssumeRole only), to follow a chain of sessions back to a person. */
  readonly sessionKey?: string;
  /** The identity provider, for SAML and web identity. */
  readonly provider?: string;
}

/** A role session as its start recorded it: the context every later call of the session lacks. */
export interface Issuance {
  readonly via: SessionStart;
  readonly time: string;
  readonly roleArn: string;
  readonly sessionArn: string;
  readonly accessKeyId: string;
  readonly sourceIdentity?: string;
  /** Session tags (AssumeRole `tags`, or the `principalTags` of SAML and web identity). */
  readonly tags: Readonly<Record<string, string>>;
  readonly caller: Caller;
  readonly sourceIp?: string;
  readonly userAgent?: string;
}

/** A console sign-in ("AWS Management Console sign-in events"). */
export interface SignIn {
  readonly time: string;
  readonly actor: Actor;
  readonly success: boolean;
  /** `additionalEventData.MFAUsed` is Yes (any case). */
  readonly mfaUsed: boolean;
  readonly sourceIp?: string;
  readonly userAgent?: string;
}

/** The time window and the environment the records are read against. */
export interface AggregateSettings {
  /** ISO times without milliseconds, like CloudTrail's `eventTime`: records outside are context only. */
  readonly start: string;
  readonly end: string;
  readonly context: ReportContext;
  readonly filters: ReportFilters;
}

interface CompiledSettings {
  readonly settings: AggregateSettings;
  readonly alarms: ReadonlyArray<{ readonly name: string; readonly pattern: FilterPattern }>;
  readonly breakGlass: ReadonlySet<string>;
  readonly auditBuckets: ReadonlySet<string>;
  readonly resourceMatches?: (arn: string) => boolean;
}

const PERIOD_MS = 5 * 60 * 1000;

/** Compiles the settings once (alarm patterns parsed: a pattern that cannot be read throws FilterPatternError). */
export function compileSettings(settings: AggregateSettings): CompiledSettings {
  return {
    settings,
    alarms: settings.context.changeAlarms.map((a) => ({ name: a.name, pattern: parseFilterPattern(a.pattern) })),
    breakGlass: new Set(settings.context.breakGlassRoleArns),
    auditBuckets: new Set(settings.context.auditBuckets),
    ...(settings.filters.resource !== undefined ? { resourceMatches: globMatcher(settings.filters.resource) } : {}),
  };
}

/**
 * The access report's running totals: sessions with their calls, the session starts that give them
 * their context, console sign-ins. One aggregate per log file holds that file's contribution until the
 * file's verdict; a valid file's is merged into the run's, an invalid one's dropped. Merging is
 * commutative: the report does not depend on the order files are read in.
 */
export class AccessAggregate {
  readonly sessions = new Map<string, SessionStats>();
  /** Session starts by the access key they issued. */
  readonly issuances = new Map<string, Issuance>();
  readonly signIns: SignIn[] = [];
  /** Calls AWS services made themselves (`invokedBy`), by service. */
  readonly serviceCalls = new Map<string, number>();
  records = 0;
  /** Records of the log files read that fall outside the window (kept only as session context). */
  outsideWindow = 0;
  /** Records without an eventTime: counted, not reported. */
  unreadable = 0;

  constructor(private readonly compiled: CompiledSettings) {}

  add(record: TrailRecord): void {
    this.records++;
    const time = str(record.eventTime);
    if (time === undefined) {
      this.unreadable++;
      return;
    }
    const eventName = str(record.eventName) ?? '';
    const eventSource = str(record.eventSource) ?? '';
    const errorCode = str(record.errorCode);
    if (eventSource === 'sts.amazonaws.com' && errorCode === undefined && (SESSION_STARTS as readonly string[]).includes(eventName)) {
      this.addIssuance(record, eventName as SessionStart, time);
    }
    const { start, end } = this.compiled.settings;
    if (time < start || time > end) {
      this.outsideWindow++;
      return;
    }
    if (eventName === 'ConsoleLogin' && eventSource === 'signin.amazonaws.com') {
      this.addSignIn(record, time);
      return;
    }
    // SAML and web identity users exist only in the call that starts their session.
    if (eventName === 'AssumeRoleWithSAML' || eventName === 'AssumeRoleWithWebIdentity') return;
    const key = sessionKeyOf(record);
    if (key.startsWith('service|')) {
      const service = key.slice('service|'.length);
      this.serviceCalls.set(service, (this.serviceCalls.get(service) ?? 0) + 1);
      return;
    }
    let session = this.sessions.get(key);
    if (!session) {
      session = new SessionStats(actorOf(record));
      this.sessions.set(key, session);
    }
    this.addCall(session, record, time, eventSource, eventName, errorCode);
  }

  /** Plain data for another thread (structured clone keeps Maps and Sets). */
  toData(): AggregateData {
    return {
      sessions: [...this.sessions].map(([key, stats]) => [key, stats.toData()] as const),
      issuances: this.issuances,
      signIns: this.signIns,
      serviceCalls: this.serviceCalls,
      records: this.records,
      outsideWindow: this.outsideWindow,
      unreadable: this.unreadable,
    };
  }

  /** Adds what another thread's aggregate holds (see toData). */
  mergeData(data: AggregateData): void {
    const other = new AccessAggregate(this.compiled);
    for (const [key, stats] of data.sessions) other.sessions.set(key, SessionStats.fromData(stats));
    for (const [key, issuance] of data.issuances) other.issuances.set(key, issuance);
    other.signIns.push(...data.signIns);
    for (const [service, n] of data.serviceCalls) other.serviceCalls.set(service, n);
    other.records = data.records;
    other.outsideWindow = data.outsideWindow;
    other.unreadable = data.unreadable;
    this.merge(other);
  }

  merge(other: AccessAggregate): void {
    for (const [key, stats] of other.sessions) {
      const mine = this.sessions.get(key);
      if (mine) mine.merge(stats);
      else this.sessions.set(key, stats);
    }
    for (const [key, issuance] of other.issuances) {
      const mine = this.issuances.get(key);
      if (!mine || issuance.time < mine.time) this.issuances.set(key, issuance);
    }
    this.signIns.push(...other.signIns);
    for (const [service, n] of other.serviceCalls) this.serviceCalls.set(service, (this.serviceCalls.get(service) ?? 0) + n);
    this.records += other.records;
    this.outsideWindow += other.outsideWindow;
    this.unreadable += other.unreadable;
  }

  private addCall(session: SessionStats, record: TrailRecord, time: string, eventSource: string, eventName: string, errorCode: string | undefined): void {
    const { compiled } = this;
    const { actor } = session;
    session.events++;
    if (session.first === '' || time < session.first) session.first = time;
    if (time > session.last) session.last = time;
    // What may differ between the calls of one session: its access keys (a console session rotates them).
    const identity = obj(record.userIdentity);
    const context = obj(identity?.sessionContext);
    const sourceIdentity = str(context?.sourceIdentity);
    if (sourceIdentity !== undefined) session.sourceIdentities.add(sourceIdentity);
    const accessKeyId = str(identity?.accessKeyId);
    if (accessKeyId !== undefined) session.accessKeys.add(accessKeyId);
    if (strAt(context, 'attributes', 'mfaAuthenticated') === 'true') session.mfa = true;
    session.sourceIps.add(str(record.sourceIPAddress) ?? '-');
    session.userAgents.add(str(record.userAgent) ?? '-');
    const service = eventSource.endsWith('.amazonaws.com') ? eventSource.slice(0, -'.amazonaws.com'.length) : eventSource;
    let actions = session.actions.get(service);
    if (!actions) {
      actions = new Map();
      session.actions.set(service, actions);
    }
    actions.set(eventName, (actions.get(eventName) ?? 0) + 1);

    const resources = resourcesOf(record);
    for (const arn of resources) session.resources.add(arn);
    if (compiled.resourceMatches && resources.some(compiled.resourceMatches)) session.resourceMatches++;

    if (errorCode !== undefined) {
      session.errors.set(errorCode, (session.errors.get(errorCode) ?? 0) + 1);
      if (isDenied(errorCode)) {
        session.denied++;
        const ms = Date.parse(time);
        if (!Number.isNaN(ms)) {
          const period = ms - (ms % PERIOD_MS);
          session.deniedByPeriod.set(period, (session.deniedByPeriod.get(period) ?? 0) + 1);
        }
      }
    }
    const params = obj(record.requestParameters);
    const bucket = str(params?.bucketName);
    // Reading the logs: a read-only data event on an object of an audit bucket.
    if (bucket !== undefined && compiled.auditBuckets.has(bucket) && record.eventCategory === 'Data' && record.readOnly === true) {
      session.auditReads.add(`${bucket}/${str(params?.key) ?? ''}`);
    }
    const resource = resources[0] ?? '-';
    // A change is a call that is not read-only; the alarms that watch changes say which ones touch the baseline.
    if (record.readOnly !== true && compiled.alarms.length > 0) {
      for (const alarm of compiled.alarms) {
        if (!matchesEvent(alarm.pattern, record)) continue;
        let hits = session.alarmHits.get(alarm.name);
        if (!hits) {
          hits = new BoundedTally(LIMITS.alarmExamples);
          session.alarmHits.set(alarm.name, hits);
        }
        hits.add(`${time} ${service}:${eventName} ${resource}${errorCode !== undefined ? ` (${errorCode})` : ''}`);
      }
    }
    if (actor.roleArn !== undefined && compiled.breakGlass.has(actor.roleArn)) {
      session.calls.add(`${time}\t${service}:${eventName}\t${resource}\t${errorCode ?? 'ok'}`);
    }
  }

  private addIssuance(record: TrailRecord, via: SessionStart, time: string): void {
    const request = obj(record.requestParameters);
    const response = obj(record.responseElements);
    const accessKeyId = strAt(response, 'credentials', 'accessKeyId');
    const sessionArn = strAt(response, 'assumedRoleUser', 'arn');
    const roleArn = str(request?.roleArn);
    if (accessKeyId === undefined || sessionArn === undefined || roleArn === undefined) return;
    const sourceIdentity = str(request?.sourceIdentity) ?? str(response?.sourceIdentity);
    const sourceIp = str(record.sourceIPAddress);
    const userAgent = str(record.userAgent);
    const issuance: Issuance = {
      via,
      time,
      roleArn,
      sessionArn,
      accessKeyId,
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      tags: via === 'AssumeRole' ? tagList(request?.tags) : tagMap(request?.principalTags),
      caller: callerOf(record, via),
      ...(sourceIp !== undefined ? { sourceIp } : {}),
      ...(userAgent !== undefined ? { userAgent } : {}),
    };
    const known = this.issuances.get(accessKeyId);
    if (!known || time < known.time) this.issuances.set(accessKeyId, issuance);
  }

  private addSignIn(record: TrailRecord, time: string): void {
    const actor = actorOf(record);
    const sourceIp = str(record.sourceIPAddress);
    const userAgent = str(record.userAgent);
    this.signIns.push({
      time,
      actor,
      success: strAt(obj(record.responseElements), 'ConsoleLogin') === 'Success',
      mfaUsed: (strAt(obj(record.additionalEventData), 'MFAUsed') ?? '').toLowerCase() === 'yes',
      ...(sourceIp !== undefined ? { sourceIp } : {}),
      ...(userAgent !== undefined ? { userAgent } : {}),
    });
  }
}

/** An aggregate as plain data, to pass between threads. */
export interface AggregateData {
  readonly sessions: ReadonlyArray<readonly [string, SessionStatsData]>;
  readonly issuances: ReadonlyMap<string, Issuance>;
  readonly signIns: readonly SignIn[];
  readonly serviceCalls: ReadonlyMap<string, number>;
  readonly records: number;
  readonly outsideWindow: number;
  readonly unreadable: number;
}

/** Every resource a record names: its `resources` ARNs, else the S3 bucket and object of the request. */
export function resourcesOf(record: TrailRecord): string[] {
  const out: string[] = [];
  for (const r of arr(record.resources)) {
    const arn = str(obj(r)?.ARN) ?? str(obj(r)?.arn);
    if (arn !== undefined) out.push(arn);
  }
  if (out.length === 0) {
    const params = obj(record.requestParameters);
    const bucket = str(params?.bucketName);
    if (bucket !== undefined) {
      const key = str(params?.key);
      out.push(key !== undefined ? `arn:aws:s3:::${bucket}/${key}` : `arn:aws:s3:::${bucket}`);
    }
  }
  // The object before its bucket: the object is what a data event is about.
  return out.sort((a, b) => b.length - a.length);
}

function callerOf(record: TrailRecord, via: SessionStart): Caller {
  const identity = obj(record.userIdentity);
  if (via !== 'AssumeRole') {
    const provider = str(identity?.identityProvider);
    return {
      kind: via === 'AssumeRoleWithSAML' ? 'saml' : 'web-identity',
      name: str(identity?.userName) ?? str(identity?.principalId) ?? '-',
      ...(provider !== undefined ? { provider } : {}),
    };
  }
  const actor = actorOf(record);
  return {
    kind: actor.kind,
    name: actor.arn ?? actor.service ?? '-',
    ...(actor.kind !== 'service' ? { sessionKey: actor.sessionKey } : {}),
  };
}

/** AssumeRole's `tags`: a list of `{ key, value }` (either case, as the API's and CloudTrail's spellings differ). */
function tagList(value: unknown): Record<string, string> {
  const tags: Array<[string, string]> = [];
  for (const t of arr(value)) {
    const tag = obj(t);
    const key = str(tag?.key) ?? str(tag?.Key);
    const v = tag?.value ?? tag?.Value;
    if (key !== undefined && typeof v === 'string') tags.push([key, v]);
  }
  // fromEntries defines own properties: a tag named __proto__ stays a tag.
  return Object.fromEntries(tags);
}

/** `principalTags` of SAML and web identity: an object of key to value. */
function tagMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(value) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
