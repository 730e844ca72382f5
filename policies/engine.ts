/**
 * Runs the standard on models: resolves each model's tier and environment, evaluates every rule at its
 * tier level, applies waivers, and summarizes. Pure apart from the clock (passed in as `today`).
 */
import { basename } from 'node:path';
import { isOrganizationScope, ORGANIZATION_SCOPES, type OrganizationScope, SCOPE_TAG, TIER_TAG } from '../standard/tags';
import { THRESHOLDS } from '../standard/thresholds';
import { isTier, TIERS, type Tier } from '../standard/tiers';
import { InputError } from './load';
import type { Model } from './model';
import { RULES } from './registry';
import { type Level, STANDARD } from './standard';
import { buildTopology } from './topology';
import type { Control, Outcome, Rule, Severity, Status } from './types';
import { findWaiver, validateWaivers, type Waiver } from './waivers';

export interface Result {
  readonly rule: string;
  readonly status: Status;
  /** The rule's own outcome, before level and waivers. */
  readonly outcome: Outcome;
  readonly level: Exclude<Level, 'off'>;
  readonly severity: Severity;
  readonly environment: string;
  readonly tier: Tier;
  /** Terraform address; undefined for environment-level findings. */
  readonly resource?: string;
  readonly constructPath?: string;
  /** File (or stack) the resource was read from. */
  readonly source: string;
  readonly message: string;
  readonly controls: readonly Control[];
  readonly waiver?: Waiver;
}

export interface Summary {
  readonly environments: number;
  readonly rules: number;
  readonly results: number;
  readonly pass: number;
  readonly fail: number;
  readonly unknown: number;
  readonly warn: number;
  readonly waived: number;
  readonly not_applicable: number;
  /** True when nothing failed: no `fail` (level error) and no `unknown` (any level). */
  readonly ok: boolean;
}

export interface Report {
  readonly results: readonly Result[];
  readonly summary: Summary;
  /** Waivers of the checked environments that matched no failing result: candidates for removal. */
  readonly unusedWaivers?: readonly Waiver[];
  /** Declared external resources and where each was relied on; one with no use is listed with none. */
  readonly externals?: readonly { readonly name: string; readonly uses: readonly ExternalUse[] }[];
}

export interface CheckOptions {
  /** Overrides the tier each file declares. */
  readonly tier?: Tier;
  readonly waivers?: readonly Waiver[];
  /** `YYYY-MM-DD`, for waiver expiry. @default - today (UTC) */
  readonly today?: string;
  /** Rules to run. @default - every rule in the standard */
  readonly rules?: readonly Rule[];
  /**
   * Names or ARNs of resources that live outside the checked files (`--external`): a reference to one is
   * not unknown, and rules about it are left to where it is defined. @default - none
   */
  readonly externals?: readonly string[];
}

/** Where a declared external resource was relied on. */
export interface ExternalUse {
  readonly name: string;
  readonly environment: string;
  readonly resource: string;
  readonly attribute: string;
}

const STATUS_ORDER: Readonly<Record<Status, number>> = { fail: 0, unknown: 1, warn: 2, waived: 3, pass: 4, not_applicable: 5 };

/** The environment a model is for: its declared environment tag, else the stack or file name. */
export function environmentOf(model: Model): string {
  if (model.declaredEnvironment) return model.declaredEnvironment;
  const parts = model.source.split(/[\\/]/);
  const file = basename(model.source);
  if (file === 'cdk.tf.json' && parts.length >= 2) return parts[parts.length - 2] as string;
  return file.replace(/(\.plan)?(\.tf)?\.json$/, '');
}

/** The tier to check a model at: `--tier`, else the tier it declares; an input error when neither. */
export function tierOf(model: Model, override?: Tier): Tier {
  if (override) return override;
  if (model.declaredTier === undefined)
    throw new InputError(`${model.source}: the file declares no tier (provider default tag ${TIER_TAG}); pass --tier ${TIERS.join('|')}`);
  if (!isTier(model.declaredTier))
    throw new InputError(`${model.source}: declared tier ${JSON.stringify(model.declaredTier)} is not one of ${TIERS.join(', ')}`);
  return model.declaredTier;
}

/** The organization scope a model declares, or undefined for an environment; an input error when the tag holds anything else. */
export function scopeOf(model: Model): OrganizationScope | undefined {
  if (model.declaredScope === undefined) return undefined;
  if (!isOrganizationScope(model.declaredScope))
    throw new InputError(
      `${model.source}: declared scope ${JSON.stringify(model.declaredScope)} (provider default tag ${SCOPE_TAG}) is not one of ${ORGANIZATION_SCOPES.join(', ')}`,
    );
  return model.declaredScope;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Evaluates one model. Throws InputError when its tier cannot be determined. */
export function checkModel(model: Model, options: CheckOptions = {}, externalUses: ExternalUse[] = []): Result[] {
  const tier = tierOf(model, options.tier);
  const scope = scopeOf(model);
  const environment = environmentOf(model);
  const topology = buildTopology(model, options.externals ?? []);
  const ctx = { model, topology, tier, thresholds: THRESHOLDS[tier] };
  const waivers = options.waivers ?? [];
  const out: Result[] = [];
  for (const rule of options.rules ?? RULES) {
    const level = STANDARD[rule.id]?.[tier] ?? 'off';
    if (level === 'off') continue;
    const findings =
      rule.scope !== undefined && rule.scope !== scope
        ? [
            {
              outcome: 'not_applicable' as const,
              message: `applies to files declaring ${SCOPE_TAG} = ${rule.scope}; this one declares ${scope ?? 'no scope (an environment)'}`,
            },
          ]
        : rule.evaluate(ctx);
    for (const f of findings) {
      const failing = f.outcome === 'fail' || f.outcome === 'unknown';
      // A warn-level rule's failure is a warning; an unknown value fails the audit at any level.
      let status: Status = f.outcome === 'fail' && level === 'warn' ? 'warn' : f.outcome;
      const waiver = failing ? findWaiver(waivers, rule.id, f.resource, environment) : undefined;
      if (waiver) status = 'waived';
      const resource = f.resource !== undefined ? model.get(f.resource) : undefined;
      out.push({
        rule: rule.id,
        status,
        outcome: f.outcome,
        level,
        severity: rule.severity,
        environment,
        tier,
        ...(f.resource !== undefined ? { resource: f.resource } : {}),
        ...(resource?.constructPath !== undefined ? { constructPath: resource.constructPath } : {}),
        source: model.source,
        message: f.message,
        controls: rule.controls,
        ...(waiver ? { waiver } : {}),
      });
    }
  }
  for (const u of topology.resolver.externalUses()) externalUses.push({ ...u, environment });
  return out;
}

/** Problems with an --external list: empty names, interpolations and wildcards (one name declares one resource). */
export function validateExternals(externals: readonly string[]): string[] {
  return externals.flatMap((e) => {
    if (e.trim() === '') return ['--external: an empty name'];
    if (/[*?]/.test(e)) return [`--external ${e}: contains a wildcard; name exactly one resource`];
    if (e.includes('${')) return [`--external ${e}: an expression; give the resource's literal name or ARN`];
    return [];
  });
}

/**
 * Checks models one at a time (an iterable, so files can be loaded lazily and dropped once checked);
 * validates the waivers first (invalid waivers are input errors).
 */
export function check(models: Iterable<Model>, options: CheckOptions = {}): Report {
  const today = options.today ?? todayUtc();
  const waivers = options.waivers ?? [];
  const errors = validateWaivers(waivers, new Set((options.rules ?? RULES).map((r) => r.id)), today);
  if (errors.length > 0) throw new InputError(`invalid waivers: ${errors.join('; ')}`);
  const externalErrors = validateExternals(options.externals ?? []);
  if (externalErrors.length > 0) throw new InputError(externalErrors.join('; '));
  const results: Result[] = [];
  const environments = new Set<string>();
  const uses: ExternalUse[] = [];
  for (const m of models) {
    environments.add(environmentOf(m));
    for (const r of checkModel(m, { ...options, today, waivers }, uses)) results.push(r);
  }
  // Plain code-unit comparison: localeCompare costs a second on 68,000 results.
  const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  results.sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || cmp(a.environment, b.environment) || cmp(a.rule, b.rule) || cmp(a.resource ?? '', b.resource ?? ''),
  );
  const used = new Set(results.map((r) => r.waiver).filter((w): w is Waiver => w !== undefined));
  const unusedWaivers = waivers.filter((w) => environments.has(w.environment) && !used.has(w));
  return {
    results,
    summary: summarize(results, environments.size, new Set(results.map((r) => r.rule)).size),
    ...(unusedWaivers.length > 0 ? { unusedWaivers } : {}),
    ...((options.externals ?? []).length > 0
      ? { externals: [...new Set(options.externals)].map((name) => ({ name, uses: uses.filter((u) => u.name === name) })) }
      : {}),
  };
}

export function summarize(results: readonly Result[], environments: number, rules: number): Summary {
  const count = (s: Status): number => results.filter((r) => r.status === s).length;
  const fail = count('fail');
  const unknown = count('unknown');
  return {
    environments,
    rules,
    results: results.length,
    pass: count('pass'),
    fail,
    unknown,
    warn: count('warn'),
    waived: count('waived'),
    not_applicable: count('not_applicable'),
    ok: fail + unknown === 0,
  };
}
