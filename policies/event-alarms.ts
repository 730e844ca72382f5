/**
 * Alarms on events other than the CIS set (changes to the baseline itself, restores of archived logs): for
 * each CloudTrail record of such an event, built from the configuration's own names (baseline-events.ts), some
 * metric filter on the trail's log group must match it and match no everyday record, and its alarm must fire
 * and reach someone (cis-alarms.ts, filterPath). Which filters match which records depends only on the
 * patterns and the names, so it is computed once per distinct pair and shared across files.
 */
import { type BaselineNames, benignEvents, type LabeledRecord } from './baseline-events';
import { filterPath, filtersOn, standIn } from './cis-alarms';
import type { CloudTrailRecord } from './cloudtrail-record';
import { matchesEvent, tryParseFilterPattern } from './filter-pattern';
import { strList, type TfResource } from './model';
import { fail, pass, unknown } from './rule-helpers';
import type { Topology } from './topology';
import type { Finding } from './types';

/** The baseline's names as CloudTrail records them, once per topology. */
export function baselineNames(topology: Topology): BaselineNames {
  return topology.memo('baseline-names', () => {
    const r = topology.resolver;
    const m = topology.model;
    // Tokens for what the provider does not pin: a name holding one cannot be compared with a pattern's literal.
    const open = [m.account === undefined ? r.account() : '', m.region === undefined ? r.region() : '', m.partition === undefined ? r.partition() : ''].filter(
      (t) => t !== '',
    );
    const raw = (address: string, attribute: string): string => r.materialize(`\${${address}.${attribute}}`) ?? r.token(`${address}.${attribute}`);
    const value = (address: string, attribute: string): string => standIn(raw(address, attribute));
    const whole = (address: string, attribute: string): string | undefined => {
      const v = raw(address, attribute);
      return open.some((t) => v.includes(t)) ? undefined : standIn(v);
    };
    const names = (list: readonly TfResource[], attribute: string): string[] => [...new Set(list.map((x) => value(x.address, attribute)))];
    const topics = new Map<string, TfResource>();
    for (const alarm of topology.model.ofType('aws_cloudwatch_metric_alarm'))
      for (const action of strList(alarm.values.alarm_actions)) {
        const t = r.target(alarm, 'alarm_actions', action, ['aws_sns_topic']);
        if (t.kind === 'resource') topics.set(t.resource.address, t.resource);
      }
    const deliveryRoles = topology.trails.flatMap((t) => {
      const role = topology.trailTarget(t, 'logRole');
      return role.kind === 'resource' ? [role.resource] : [];
    });
    return {
      partition: standIn(r.partition()),
      region: standIn(r.region()),
      account: standIn(r.account()),
      auditBuckets: names(topology.auditBuckets, 'bucket'),
      accessLogBuckets: names(topology.accessLogBuckets, 'bucket'),
      trails: topology.trails.map((t) => {
        const arn = whole(t.address, 'arn');
        return { name: value(t.address, 'name'), ...(arn !== undefined ? { arn } : {}) };
      }),
      logGroups: topology.trailLogGroups.map((g) => {
        const first = filtersOn(topology, g).filters[0]?.filter;
        return { name: value(g.address, 'name'), filter: first ? value(first.address, 'name') : 'auditready-metric-filter' };
      }),
      keys: names(topology.trailKeys, 'arn'),
      topics: [...new Set([...topics.values()].flatMap((t) => whole(t.address, 'arn') ?? []))],
      roles: names([...topology.humanRoles, ...deliveryRoles], 'name'),
      alarms: names(topology.model.ofType('aws_cloudwatch_metric_alarm'), 'alarm_name'),
    };
  });
}

/**
 * For each record, its label and the indexes of the patterns that match it and no everyday record; `unreadable`
 * lists patterns the evaluator cannot read.
 */
interface Matches {
  readonly labels: readonly string[];
  readonly covering: readonly (readonly number[])[];
  readonly unreadable: readonly number[];
}

/**
 * Keyed by the names the records are built from and the patterns: environments written from one template
 * share the answer, and the records (hundreds per environment) are built only when it is not known yet.
 */
const matchCache = new Map<string, Matches>();

function matchesOf(patterns: readonly string[], build: () => readonly LabeledRecord[], benign: () => readonly CloudTrailRecord[], key: string): Matches {
  const cacheKey = `${key}\u0000${patterns.join('\u0000')}`;
  let m = matchCache.get(cacheKey);
  if (!m) {
    const events = build();
    const everyday = benign();
    const unreadable: number[] = [];
    const usable = patterns.map((text, i) => {
      const parsed = tryParseFilterPattern(text);
      if (!parsed.pattern) {
        unreadable.push(i);
        return undefined;
      }
      const p = parsed.pattern;
      return everyday.some((r) => matchesEvent(p, r)) ? undefined : p;
    });
    const covering = events.map((e) => usable.flatMap((p, i) => (p !== undefined && matchesEvent(p, e.record) ? [i] : [])));
    m = { labels: events.map((e) => e.label), covering, unreadable };
    if (matchCache.size > 1_000) matchCache.clear();
    matchCache.set(cacheKey, m);
  }
  return m;
}

/**
 * One finding for a log group: pass when every event `events` builds from the baseline's names raises an
 * alarm that reaches someone; else the first event that does not (a failure before an unknown), with why.
 */
export function evaluateEventAlarms(
  topology: Topology,
  group: TfResource,
  kind: string,
  events: (names: BaselineNames) => readonly LabeledRecord[],
  what: string,
): Finding {
  const names = baselineNames(topology);
  const { filters, uncertain } = filtersOn(topology, group);
  const readable = filters.filter((f) => f.pattern !== undefined) as { filter: TfResource; pattern: string }[];
  const m = matchesOf(
    readable.map((f) => f.pattern),
    () => events(names),
    () => benignEvents(names),
    `${kind}\u0000${JSON.stringify(names)}`,
  );
  let firstUnknown: Finding | undefined;
  const open = filters.length > readable.length || m.unreadable.length > 0 || uncertain !== undefined;
  for (const [i, label] of m.labels.entries()) {
    let best: Finding | undefined;
    for (const index of m.covering[i] ?? []) {
      const path = filterPath(topology, (readable[index] as { filter: TfResource }).filter);
      if (best === undefined || rank(path) < rank(best)) best = path;
      if (best.outcome === 'pass') break;
    }
    if (best?.outcome === 'pass') continue;
    if (best === undefined && open) {
      firstUnknown ??= unknown(
        group,
        `whether an alarm fires on ${label} cannot be resolved (a filter pattern cannot be read or resolved); unknown values fail closed`,
      );
      continue;
    }
    if (best === undefined) return fail(group, `no alarm fires on ${label}`);
    if (best.outcome === 'fail') return fail(group, `${label}: ${best.message}`);
    firstUnknown ??= unknown(group, `${label}: ${best.message}`);
  }
  const count = m.labels.length;
  return firstUnknown ?? pass(group, `${what} raise an alarm that reaches a subscribed, encrypted topic (${count} event${count === 1 ? '' : 's'} checked)`);
}

const rank = (f: Finding): number => (f.outcome === 'pass' ? 0 : f.outcome === 'unknown' ? 1 : 2);
