import type { Actor } from './actor';
import { BoundedTally, type TallyData } from './bounded-tally';

/** How many values of each kind a session keeps (the smallest, with exact counts; see BoundedTally). */
export const LIMITS = {
  accessKeys: 8,
  sourceIps: 20,
  userAgents: 10,
  resources: 50,
  auditObjects: 50,
  alarmExamples: 5,
  /** Every call of a break-glass session is listed, up to this many. */
  breakGlassCalls: 2000,
} as const;

/**
 * The CIS 5.1 definition of an unauthorized call (`*UnauthorizedOperation` or `AccessDenied*`), the
 * same the unauthorized-API-calls alarm counts.
 */
export function isDenied(errorCode: string): boolean {
  return errorCode.endsWith('UnauthorizedOperation') || errorCode.startsWith('AccessDenied');
}

/** What a session's calls added up to, built while the records stream by. */
export class SessionStats {
  readonly sourceIdentities = new Set<string>();
  readonly accessKeys = new BoundedTally(LIMITS.accessKeys);
  first = '';
  last = '';
  events = 0;
  readonly sourceIps = new BoundedTally(LIMITS.sourceIps);
  readonly userAgents = new BoundedTally(LIMITS.userAgents);
  /** service (without `.amazonaws.com`) -> action -> count. */
  readonly actions = new Map<string, Map<string, number>>();
  readonly resources = new BoundedTally(LIMITS.resources);
  readonly errors = new Map<string, number>();
  denied = 0;
  /** Refused calls per 5-minute period, by the period's start (ms since the epoch). */
  readonly deniedByPeriod = new Map<number, number>();
  /** Objects of the audit bucket this session read, as `bucket/key`. */
  readonly auditReads = new BoundedTally(LIMITS.auditObjects);
  /** Change alarm name -> its matching calls, as `time call resource`. */
  readonly alarmHits = new Map<string, BoundedTally>();
  /** Every call, as `time \t service:action \t resource \t result`, for break-glass sessions. */
  readonly calls = new BoundedTally(LIMITS.breakGlassCalls);
  /** Calls that named a resource matching --resource. */
  resourceMatches = 0;
  mfa = false;

  constructor(readonly actor: Actor) {}

  /** Plain data for another thread (structured clone keeps Maps and Sets). */
  toData(): SessionStatsData {
    return {
      actor: this.actor,
      sourceIdentities: this.sourceIdentities,
      accessKeys: this.accessKeys.toData(),
      first: this.first,
      last: this.last,
      events: this.events,
      sourceIps: this.sourceIps.toData(),
      userAgents: this.userAgents.toData(),
      actions: this.actions,
      resources: this.resources.toData(),
      errors: this.errors,
      denied: this.denied,
      deniedByPeriod: this.deniedByPeriod,
      auditReads: this.auditReads.toData(),
      alarmHits: new Map([...this.alarmHits].map(([name, hits]) => [name, hits.toData()])),
      calls: this.calls.toData(),
      resourceMatches: this.resourceMatches,
      mfa: this.mfa,
    };
  }

  static fromData(d: SessionStatsData): SessionStats {
    const s = new SessionStats(d.actor);
    for (const v of d.sourceIdentities) s.sourceIdentities.add(v);
    s.accessKeys.merge(BoundedTally.fromData(d.accessKeys));
    s.first = d.first;
    s.last = d.last;
    s.events = d.events;
    s.sourceIps.merge(BoundedTally.fromData(d.sourceIps));
    s.userAgents.merge(BoundedTally.fromData(d.userAgents));
    for (const [k, v] of d.actions) s.actions.set(k, v);
    s.resources.merge(BoundedTally.fromData(d.resources));
    for (const [k, v] of d.errors) s.errors.set(k, v);
    s.denied = d.denied;
    for (const [k, v] of d.deniedByPeriod) s.deniedByPeriod.set(k, v);
    s.auditReads.merge(BoundedTally.fromData(d.auditReads));
    for (const [k, v] of d.alarmHits) s.alarmHits.set(k, BoundedTally.fromData(v));
    s.calls.merge(BoundedTally.fromData(d.calls));
    s.resourceMatches = d.resourceMatches;
    s.mfa = d.mfa;
    return s;
  }

  merge(other: SessionStats): void {
    for (const s of other.sourceIdentities) this.sourceIdentities.add(s);
    this.accessKeys.merge(other.accessKeys);
    if (other.events > 0) {
      if (this.first === '' || other.first < this.first) this.first = other.first;
      if (other.last > this.last) this.last = other.last;
    }
    this.events += other.events;
    this.sourceIps.merge(other.sourceIps);
    this.userAgents.merge(other.userAgents);
    for (const [service, actions] of other.actions) {
      const mine = this.actions.get(service) ?? new Map<string, number>();
      for (const [action, n] of actions) mine.set(action, (mine.get(action) ?? 0) + n);
      this.actions.set(service, mine);
    }
    this.resources.merge(other.resources);
    for (const [code, n] of other.errors) this.errors.set(code, (this.errors.get(code) ?? 0) + n);
    this.denied += other.denied;
    for (const [period, n] of other.deniedByPeriod) this.deniedByPeriod.set(period, (this.deniedByPeriod.get(period) ?? 0) + n);
    this.auditReads.merge(other.auditReads);
    for (const [name, hits] of other.alarmHits) {
      const mine = this.alarmHits.get(name);
      if (mine) mine.merge(hits);
      else this.alarmHits.set(name, hits);
    }
    this.calls.merge(other.calls);
    this.resourceMatches += other.resourceMatches;
    this.mfa ||= other.mfa;
  }
}

/** SessionStats as plain data, to pass between threads. */
export interface SessionStatsData {
  readonly actor: Actor;
  readonly sourceIdentities: ReadonlySet<string>;
  readonly accessKeys: TallyData;
  readonly first: string;
  readonly last: string;
  readonly events: number;
  readonly sourceIps: TallyData;
  readonly userAgents: TallyData;
  readonly actions: ReadonlyMap<string, Map<string, number>>;
  readonly resources: TallyData;
  readonly errors: ReadonlyMap<string, number>;
  readonly denied: number;
  readonly deniedByPeriod: ReadonlyMap<number, number>;
  readonly auditReads: TallyData;
  readonly alarmHits: ReadonlyMap<string, TallyData>;
  readonly calls: TallyData;
  readonly resourceMatches: number;
  readonly mfa: boolean;
}
