/**
 * What a change does to the logging posture: the base and the head of every environment compared through
 * the standard's results, the effective settings, the access and assume matrices, the waivers, what a plan
 * replaces or destroys, and any other resource change. Each change is classified; the whole is weakening
 * when any change weakens, else strengthening when any strengthens, else neutral. It fails (exit 1) when a
 * weakening is not covered by a head waiver.
 */
import type { AccessMatrix, Cell } from '../../policies/access/matrix';
import { stackAccessMatrix } from '../../policies/access/stack-matrix';
import { BUCKET_CONFIGS, type BucketConfigKind } from '../../policies/bucket-configs';
import { check, environmentOf, type Result } from '../../policies/engine';
import { InputError } from '../../policies/load';
import type { Model } from '../../policies/model';
import { effectiveSettings } from '../../policies/posture/effective-settings';
import { resourceLines } from '../../policies/posture/resource-lines';
import type { Setting, SettingValue } from '../../policies/posture/setting';
import { RULES } from '../../policies/registry';
import { buildTopology } from '../../policies/topology';
import type { Status } from '../../policies/types';
import { validateWaivers, type Waiver } from '../../policies/waivers';
import { type Change, coveringWaiver, type Direction } from './change';

/** One side of the comparison: a model per environment, the waivers that side carries, and what it declares external. */
export interface Side {
  readonly models: readonly Model[];
  readonly waivers: readonly Waiver[];
  /**
   * Names and ARNs of resources defined in another stack (`auditready check --external`): a log archive's
   * bucket and key, which an organization's management stack names. @default none
   */
  readonly externals?: readonly string[];
}

export interface EnvironmentDiff {
  readonly name: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly verdict: Direction;
  readonly changes: readonly Change[];
}

export interface PostureDiff {
  readonly verdict: Direction;
  /** True when every weakening is covered by a head waiver (or there is none): the diff passes. */
  readonly ok: boolean;
  readonly environments: readonly EnvironmentDiff[];
  readonly summary: { readonly weakening: number; readonly covered: number; readonly strengthening: number; readonly neutral: number };
}

export interface DiffOptions {
  /** `YYYY-MM-DD`, for waiver expiry. @default today (UTC) */
  readonly today?: string;
}

const FAILING: ReadonlySet<Status> = new Set(['fail', 'unknown']);

/** Models by environment; two models for one environment are an input error. */
function byEnvironment(models: readonly Model[], side: string): Map<string, Model> {
  const out = new Map<string, Model>();
  for (const m of models) {
    const name = environmentOf(m);
    const other = out.get(name);
    if (other) throw new InputError(`${side}: two inputs for environment ${name}: ${other.source} and ${m.source}`);
    out.set(name, m);
  }
  return out;
}

export function verdictOf(changes: readonly Pick<Change, 'direction'>[]): Direction {
  if (changes.some((c) => c.direction === 'weakening')) return 'weakening';
  return changes.some((c) => c.direction === 'strengthening') ? 'strengthening' : 'neutral';
}

/** Compares the two sides. Throws InputError for invalid head waivers or an input without a tier. */
export function diffPostures(base: Side, head: Side, options: DiffOptions = {}): PostureDiff {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const known = new Set(RULES.map((r) => r.id));
  const headErrors = validateWaivers(head.waivers, known, today);
  if (headErrors.length > 0) throw new InputError(`invalid head waivers: ${headErrors.join('; ')}`);
  // The base's waivers may have expired since: those no longer apply, as on the base branch today.
  const baseWaivers = base.waivers.filter((w) => validateWaivers([w], known, today).length === 0);
  const baseModels = byEnvironment(base.models, 'base');
  const headModels = byEnvironment(head.models, 'head');
  const names = [...new Set([...baseModels.keys(), ...headModels.keys()])].sort();
  const environments = names.map((name) => {
    const changes = compareEnvironment(
      name,
      { model: baseModels.get(name), stacks: base.models, waivers: baseWaivers, externals: base.externals ?? [] },
      { model: headModels.get(name), stacks: head.models, waivers: head.waivers, externals: head.externals ?? [] },
      today,
    ).map((c): Change => {
      const coveredBy = coveringWaiver(c, head.waivers);
      return coveredBy ? { ...c, coveredBy } : c;
    });
    const status: EnvironmentDiff['status'] = !baseModels.has(name)
      ? 'added'
      : !headModels.has(name)
        ? 'removed'
        : changes.length > 0
          ? 'changed'
          : 'unchanged';
    return { name, status, verdict: verdictOf(changes), changes };
  });
  const all = environments.flatMap((e) => e.changes);
  const weakening = all.filter((c) => c.direction === 'weakening');
  return {
    verdict: verdictOf(all),
    ok: weakening.every((c) => c.coveredBy !== undefined),
    environments,
    summary: {
      weakening: weakening.length,
      covered: weakening.filter((c) => c.coveredBy).length,
      strengthening: all.filter((c) => c.direction === 'strengthening').length,
      neutral: all.filter((c) => c.direction === 'neutral').length,
    },
  };
}

/** One environment on one side: its model (none when it is not there), its side's stacks, waivers and externals. */
interface EnvironmentSide {
  readonly model: Model | undefined;
  readonly stacks: readonly Model[];
  readonly waivers: readonly Waiver[];
  readonly externals: readonly string[];
}

/** What a removed stack took with it, by the scope it declares. */
const WHAT_GOES: Readonly<Record<string, string>> = {
  environment: 'its trail, log buckets, key, alarms and roles are',
  'organization-management': "the organization trail, its log group and alarms, the SCPs and RCPs and the management account's roles are",
  'organization-log-archive': "the organization's log archive (its buckets, key and roles) is",
};
const kindOf = (m: Model): string => (m.declaredScope ? 'organization stack' : 'environment');

function compareEnvironment(name: string, baseSide: EnvironmentSide, headSide: EnvironmentSide, today: string): Omit<Change, 'coveredBy'>[] {
  const { model: base, waivers: baseWaivers } = baseSide;
  const { model: head, waivers: headWaivers } = headSide;
  const out: Omit<Change, 'coveredBy'>[] = [];
  if (base && !head) {
    const trails = buildTopology(base, baseSide.externals).trails;
    out.push({
      environment: name,
      kind: 'environment',
      direction: 'weakening',
      text: `${kindOf(base)} ${name} removed: ${WHAT_GOES[base.declaredScope ?? ''] ?? WHAT_GOES.environment} no longer in the configuration`,
      ...(trails[0] ? { resource: trails[0].address } : {}),
      rules: ['trail-present'],
    });
    return out;
  }
  if (head && !base) {
    // A new environment weakens nothing that was there: only what fails in it counts.
    out.push({ environment: name, kind: 'environment', direction: 'neutral', text: `${kindOf(head)} ${name} added`, rules: [] });
    out.push(...ruleChanges(name, [], results(headSide)));
    out.push(...waiverChanges(name, baseWaivers, headWaivers));
    return out;
  }
  out.push(...ruleChanges(name, results(baseSide), results(headSide)));
  out.push(...waiverChanges(name, baseWaivers, headWaivers));
  const before = base ? effectiveSettings(base, baseSide.externals) : [];
  const after = head ? effectiveSettings(head, headSide.externals) : [];
  const settings = settingChanges(name, before, after);
  out.push(...settings);
  out.push(
    ...accessChanges(
      name,
      base ? stackAccessMatrix(base, baseSide.stacks, baseSide.externals) : undefined,
      head ? stackAccessMatrix(head, headSide.stacks, headSide.externals) : undefined,
    ),
  );
  if (head) out.push(...planChanges(name, head, headSide.externals));
  out.push(...resourceChanges(name, base, head, describedBy(settings, head, headSide.externals)));
  return out;

  function results(side: EnvironmentSide): readonly Result[] {
    if (!side.model) return [];
    const externals = side.externals.length > 0 ? { externals: side.externals } : {};
    return check([side.model], { waivers: side.waivers.filter((w) => w.environment === name), today, ...externals }).results.map((r) => ({
      ...r,
      environment: name,
    }));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The standard's results

const resultKey = (r: Result): string => `${r.rule}|${r.resource ?? ''}`;

function ruleChanges(environment: string, before: readonly Result[], after: readonly Result[]): Omit<Change, 'coveredBy'>[] {
  const old = new Map(before.map((r) => [resultKey(r), r]));
  const out: Omit<Change, 'coveredBy'>[] = [];
  for (const r of after) {
    const was = old.get(resultKey(r));
    const from: Status | undefined = was?.status;
    if (from === r.status) continue;
    const where = r.resource ?? 'the environment';
    const base = {
      environment,
      kind: 'rule' as const,
      ...(r.resource !== undefined ? { resource: r.resource } : {}),
      rules: [r.rule],
      ...(from ? { before: from } : {}),
      after: r.status,
    };
    if (FAILING.has(r.status) && (from === undefined || !FAILING.has(from)))
      out.push({
        ...base,
        direction: 'weakening',
        text: `${r.rule} newly ${r.status === 'unknown' ? 'unknown (fails closed)' : 'failing'} on ${where}: ${r.message}`,
      });
    else if (r.status === 'waived' && from !== 'waived')
      out.push({
        ...base,
        direction: 'weakening',
        text: `${r.rule} newly waived on ${where}${from && FAILING.has(from) ? ' (was failing)' : ''}: ${r.message}`,
      });
    else if (r.status === 'warn' && from !== 'warn' && (from === undefined || !FAILING.has(from)))
      out.push({ ...base, direction: 'weakening', text: `${r.rule} newly warning on ${where}: ${r.message}` });
    else if (r.status === 'pass' && from !== undefined && from !== 'not_applicable')
      out.push({ ...base, direction: 'strengthening', text: `${r.rule} newly passing on ${where} (was ${from}): ${r.message}` });
  }
  return out;
}

function waiverChanges(environment: string, before: readonly Waiver[], after: readonly Waiver[]): Omit<Change, 'coveredBy'>[] {
  const key = (w: Waiver) => JSON.stringify([w.rule, w.resource, w.environment, w.reason, w.expires, w.approver]);
  const old = new Set(before.filter((w) => w.environment === environment).map(key));
  const now = new Set(after.filter((w) => w.environment === environment).map(key));
  const describe = (w: Waiver) => `${w.rule} on ${w.resource}, approved by ${w.approver} until ${w.expires}: ${w.reason}`;
  return [
    ...after
      .filter((w) => w.environment === environment && !old.has(key(w)))
      .map((w) => ({
        environment,
        kind: 'waiver' as const,
        direction: 'weakening' as const,
        text: `waiver added: ${describe(w)}`,
        resource: w.resource,
        rules: [w.rule],
      })),
    ...before
      .filter((w) => w.environment === environment && !now.has(key(w)))
      .map((w) => ({
        environment,
        kind: 'waiver' as const,
        direction: 'neutral' as const,
        text: `waiver removed: ${describe(w)}`,
        resource: w.resource,
        rules: [w.rule],
      })),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Effective settings

const asNumber = (v: SettingValue): number | undefined => (typeof v === 'number' ? v : v === 'never' ? Number.POSITIVE_INFINITY : undefined);

/** Which way a scalar setting moved from `a` to `b`. */
function scalarDirection(s: Setting, a: SettingValue, b: SettingValue): Direction {
  if (b === null) return 'weakening';
  if (a === null) return 'neutral';
  const strength = s.strength;
  if (strength === 'neutral') return 'neutral';
  if (strength === 'fixed') return 'weakening';
  if (typeof strength === 'object') {
    const i = strength.order.indexOf(String(a));
    const j = strength.order.indexOf(String(b));
    if (i < 0 || j < 0) return 'weakening';
    return j > i ? 'strengthening' : j < i ? 'weakening' : 'neutral';
  }
  if (strength === 'on' || strength === 'off') {
    const stronger = strength === 'on';
    return b === stronger ? 'strengthening' : a === stronger ? 'weakening' : 'neutral';
  }
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === undefined || y === undefined) return 'weakening';
  if (x === y) return 'neutral';
  return y > x === (strength === 'higher') ? 'strengthening' : 'weakening';
}

const members = (v: SettingValue | undefined): readonly string[] => (Array.isArray(v) ? v : []);

function settingChanges(environment: string, before: readonly Setting[], after: readonly Setting[]): Omit<Change, 'coveredBy'>[] {
  const old = new Map(before.map((s) => [s.key, s]));
  const now = new Map(after.map((s) => [s.key, s]));
  const out: Omit<Change, 'coveredBy'>[] = [];
  for (const key of [...new Set([...old.keys(), ...now.keys()])]) {
    const a = old.get(key);
    const b = now.get(key);
    const s = (b ?? a) as Setting;
    const common = { environment, kind: 'setting' as const, ...(s.resource !== undefined ? { resource: s.resource } : {}), rules: s.rules };
    if (s.strength === 'members-grant' || s.strength === 'members-protect') {
      if (a?.value === null || b?.value === null) {
        if (JSON.stringify(a?.value) !== JSON.stringify(b?.value))
          out.push({
            ...common,
            direction: b?.value === null ? 'weakening' : 'neutral',
            text: `${s.group}: ${s.label} ${b?.value === null ? 'can no longer be resolved' : `now: ${b?.text}`}`,
            ...(a ? { before: a.text } : {}),
            ...(b ? { after: b.text } : {}),
          });
        continue;
      }
      const was = new Set(members(a?.value));
      const is = new Set(members(b?.value));
      const grant = s.strength === 'members-grant';
      const phrases = s.phrases ?? { added: `${s.label} now includes`, removed: `${s.label} no longer includes` };
      for (const m of is)
        if (!was.has(m)) out.push({ ...common, direction: grant ? 'weakening' : 'strengthening', text: `${s.group} ${phrases.added} ${m}`, after: m });
      for (const m of was)
        if (!is.has(m)) out.push({ ...common, direction: grant ? 'strengthening' : 'weakening', text: `${s.group} ${phrases.removed} ${m}`, before: m });
      continue;
    }
    if (a && b) {
      if (JSON.stringify(a.value) === JSON.stringify(b.value)) continue;
      const x = asNumber(a.value);
      const y = asNumber(b.value);
      const verb = x !== undefined && y !== undefined ? (y > x ? 'raised' : 'lowered') : 'changed';
      out.push({
        ...common,
        direction: scalarDirection(s, a.value, b.value),
        text: `${s.group}: ${s.label} ${verb} from ${a.text} to ${b.text}`,
        before: a.text,
        after: b.text,
      });
    } else if (a) {
      out.push({
        ...common,
        direction: s.strength === 'neutral' ? 'neutral' : 'weakening',
        text: s.strength === 'fixed' ? `${s.group}: ${s.label} removed (${a.text})` : `${s.group}: ${s.label} no longer set (was ${a.text})`,
        before: a.text,
      });
    } else if (b) {
      out.push({
        ...common,
        direction: s.strength === 'fixed' ? 'strengthening' : 'neutral',
        text: s.strength === 'fixed' ? `${s.group}: ${s.label} added (${b.text})` : `${s.group}: ${s.label} set to ${b.text}`,
        after: b.text,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Who can do what

const can = (cell: Cell): string => (cell === 'allow' ? 'can' : cell === 'deny' ? 'cannot' : 'may or may not (unknown)');

function cellDirection(from: Cell, to: Cell): Direction {
  if (to === 'unknown' || to === 'allow') return 'weakening';
  return from === 'deny' ? 'neutral' : 'strengthening';
}

function accessChanges(environment: string, before: AccessMatrix | undefined, after: AccessMatrix | undefined): Omit<Change, 'coveredBy'>[] {
  const out: Omit<Change, 'coveredBy'>[] = [];
  const b = before?.kind === 'matrix' ? before : undefined;
  const a = after?.kind === 'matrix' ? after : undefined;
  if (before && after && (before.kind === 'unavailable') !== (after.kind === 'unavailable')) {
    out.push({
      environment,
      kind: 'access',
      direction: after.kind === 'unavailable' ? 'weakening' : 'neutral',
      text: after.kind === 'unavailable' ? `the access matrix can no longer be computed: ${after.reason}` : 'the access matrix can now be computed',
      rules: [],
    });
  }
  if (!a) return out;
  const label = new Map([...(b?.columns ?? []), ...a.columns].map((c) => [c.id, c.label]));
  for (const row of a.rows) {
    const old = b?.rows.find((r) => r.row.id === row.row.id);
    for (const [column, cell] of Object.entries(row.cells)) {
      // A caller new to the matrix (a newly named principal) could do nothing before.
      const was: Cell = old?.cells[column] ?? (b ? 'deny' : cell);
      if (was === cell) continue;
      const first = row.row.steps[0]?.on;
      const target = first ? a.targets[first] : undefined;
      out.push({
        environment,
        kind: 'access',
        direction: cellDirection(was, cell),
        text: `${label.get(column) ?? column} ${cell === 'allow' ? 'can now' : cell === 'deny' ? 'can no longer' : 'may or may not (unknown)'} ${row.row.what}`,
        ...(target ? { resource: target } : {}),
        rules: [],
        before: can(was),
        after: can(cell),
      });
    }
  }
  const assumeKey = (c: (typeof a.assume)[number]) => `${c.role}|${c.caller}|${c.principal}|${c.row.id}`;
  const old = new Map((b?.assume ?? []).map((c) => [assumeKey(c), c.cell]));
  for (const c of a.assume) {
    const was: Cell = old.get(assumeKey(c)) ?? (b ? 'deny' : c.cell);
    if (was === c.cell) continue;
    const who = c.principal === c.caller ? c.caller : `${c.caller} ${c.principal}`;
    out.push({
      environment,
      kind: 'assume',
      direction: cellDirection(was, c.cell),
      text: `${who} ${c.cell === 'allow' ? 'can now' : c.cell === 'deny' ? 'can no longer' : 'may or may not (unknown)'} assume ${c.role} ${c.row.what}`,
      ...(a.roles[c.role] !== undefined ? { resource: a.roles[c.role] as string } : {}),
      rules: ['iam-human-trust-scope', 'iam-human-mfa', 'iam-human-access-context'],
      before: can(was),
      after: can(c.cell),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Plans and other resource changes

function planChanges(environment: string, head: Model, externals: readonly string[]): Omit<Change, 'coveredBy'>[] {
  if (!head.changes) return [];
  const topology = buildTopology(head, externals);
  const before = head.before ? buildTopology(head.before, externals) : topology;
  const baseline = new Set([...before.trails, ...before.logBuckets].map((r) => r.address));
  if (head.before) for (const r of [...before.trailKeys, ...before.trailLogGroups]) baseline.add(r.address);
  const out: Omit<Change, 'coveredBy'>[] = [];
  for (const c of head.changes) {
    if (!c.actions.includes('delete')) continue;
    const replaced = c.actions.includes('create');
    const core = baseline.has(c.address);
    out.push({
      environment,
      kind: 'plan',
      direction: core ? 'weakening' : 'neutral',
      text: `the plan ${replaced ? 'replaces' : 'destroys'} ${c.address}${core ? ' (a resource of the logging baseline)' : ''}`,
      resource: c.address,
      rules: ['plan-no-baseline-destroy'],
    });
  }
  return out;
}

/** Resources whose change a setting change already describes: its resource, and a bucket's split configurations. */
function describedBy(settings: readonly Omit<Change, 'coveredBy'>[], head: Model | undefined, externals: readonly string[]): Set<string> {
  const out = new Set(settings.flatMap((c) => (c.resource ? [c.resource] : [])));
  if (!head) return out;
  const topology = buildTopology(head, externals);
  for (const address of [...out]) {
    const bucket = head.get(address);
    if (bucket?.type !== 'aws_s3_bucket') continue;
    for (const kind of Object.keys(BUCKET_CONFIGS) as BucketConfigKind[]) {
      const c = topology.bucketConfig(bucket, kind);
      if (c.kind === 'one') out.add(c.source.address);
    }
  }
  return out;
}

function resourceChanges(environment: string, base: Model | undefined, head: Model | undefined, described: ReadonlySet<string>): Omit<Change, 'coveredBy'>[] {
  if (!base || !head) return [];
  const old = new Map(resourceLines(base).map((l) => [l.address, l]));
  const now = new Map(resourceLines(head).map((l) => [l.address, l]));
  const out: Omit<Change, 'coveredBy'>[] = [];
  const neutral = (address: string, text: string, before?: string, after?: string) =>
    out.push({
      environment,
      kind: 'resource',
      direction: 'neutral',
      text,
      resource: address,
      rules: [],
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
    });
  for (const [address, line] of now) {
    const was = old.get(address);
    if (was === undefined) {
      neutral(address, `${address} added`, undefined, line.line);
      continue;
    }
    if (was.line === line.line || described.has(address)) continue;
    const a = was.attributes ?? {};
    const b = line.attributes ?? {};
    const changed = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
    neutral(address, `${address}: ${changed.map((k) => `${k} changed from ${a[k] ?? '(not set)'} to ${b[k] ?? '(not set)'}`).join('; ')}`, was.line, line.line);
  }
  for (const [address, line] of old) if (!now.has(address)) neutral(address, `${address} removed`, line.line);
  return out;
}
