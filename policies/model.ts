/**
 * The normalized model every rule reads: one environment's Terraform resources, indexed once by type and
 * address, whatever the input kind (cdktf synth output, plain `*.tf.json`, `terraform show -json`).
 *
 * Attribute values keep the configuration form: references stay `${type.name.attr}` strings, nested blocks
 * may be an object or an array of objects (use `blocks()`), unresolvable values are strings with `${...}`.
 * `count` and `for_each` are evaluated here, once: a resource they remove is not in the model, and a
 * resource whose existence they leave open carries `existence` (see resolver.ts for what that does).
 */

import type { Tier } from '../standard/tiers';
import { hasInterpolation, parseJsonencode } from './expression';

/** `state`: `terraform show -json` of a state (what is deployed), as `auditready verify` reads it. */
export type InputKind = 'cdktf' | 'terraform-json' | 'plan' | 'state';

export interface TfResource {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** `aws_s3_bucket.audit`, `module.stack.aws_s3_bucket.audit[0]` or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** cdktf construct path (`"//".metadata.path`), when the input records it. */
  readonly constructPath?: string;
  /** The `lifecycle` meta-argument, when the input records it (plan JSON does not). */
  readonly lifecycle?: Readonly<Record<string, unknown>>;
  /**
   * Set when `count` or `for_each` is an expression the checker cannot evaluate (the resource may not exist),
   * or when a `dynamic` block generates part of it (what it is cannot be read): either way it is unknown.
   */
  readonly existence?: { readonly expression: string };
  /** How many instances `count` or `for_each` create (1 without them); undefined when that cannot be evaluated. */
  readonly instances?: number;
}

/** What a plan does to one resource (`resource_changes[].change.actions`), with its values before the change. */
export interface PlanChange {
  readonly address: string;
  readonly actions: readonly string[];
}

export interface Model {
  /** File (or synthesized stack) the model was read from. */
  readonly source: string;
  readonly kind: InputKind;
  /** Environment and tier the file declares through the provider's default tags. */
  readonly declaredEnvironment?: string;
  readonly declaredTier?: Tier | string;
  /** The part of an organization's baseline the file declares itself (`auditready:scope`); undefined for an environment. */
  readonly declaredScope?: string;
  /** The aws provider's default tags, when the input records them. */
  readonly defaultTags?: Readonly<Record<string, string>>;
  readonly region?: string;
  /** The account the aws provider is pinned to (`allowed_account_ids` with one entry), when it is. */
  readonly account?: string;
  /** ARN partition of the region (`aws`, `aws-cn`, `aws-us-gov`); undefined when the region is not known. */
  readonly partition?: string;
  readonly resources: readonly TfResource[];
  ofType(type: string): readonly TfResource[];
  /** The resource at `address`; `key` picks one instance of a counted resource (`[0]`, `["a"]`). */
  get(address: string, key?: string): TfResource | undefined;
  /** Whether the input records `lifecycle` meta-arguments. */
  readonly recordsLifecycle: boolean;
  /** `module` blocks of a configuration: their resources are not in this file. */
  readonly moduleCalls: readonly string[];
  /** Plan JSON: the state before the plan (resources with their prior values), and what the plan does to each. */
  readonly before?: Model;
  readonly changes?: readonly PlanChange[];
  /** Computes a value once per model (reference resolution, policy reading, indexes shared by rules). */
  memo<T>(key: string, compute: () => T): T;
}

export interface ModelInit {
  source: string;
  kind: InputKind;
  declaredEnvironment?: string;
  declaredTier?: string;
  declaredScope?: string;
  defaultTags?: Record<string, string>;
  region?: string;
  account?: string;
  resources: TfResource[];
  moduleCalls?: string[];
  before?: Model;
  changes?: PlanChange[];
}

/** The ARN partition of a region: `cn-*` is aws-cn, `us-gov-*` aws-us-gov, every other region aws. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

const INSTANCE_KEY = /(\[\d+\]|\["[^"]*"\])$/;

export function createModel(init: ModelInit): Model {
  const byType = new Map<string, TfResource[]>();
  const byAddress = new Map<string, TfResource>();
  const byBase = new Map<string, TfResource[]>();
  for (const r of init.resources) {
    const key = r.mode === 'data' ? `data.${r.type}` : r.type;
    const list = byType.get(key);
    if (list) list.push(r);
    else byType.set(key, [r]);
    byAddress.set(r.address, r);
    if (INSTANCE_KEY.test(r.address)) {
      const base = r.address.replace(INSTANCE_KEY, '');
      byBase.set(base, [...(byBase.get(base) ?? []), r]);
    }
  }
  const empty: readonly TfResource[] = [];
  const memos = new Map<string, unknown>();
  const region = init.region !== undefined && !hasInterpolation(init.region) ? init.region : undefined;
  return {
    memo: <T>(key: string, compute: () => T): T => {
      if (memos.has(key)) return memos.get(key) as T;
      const v = compute();
      memos.set(key, v);
      return v;
    },
    source: init.source,
    kind: init.kind,
    ...(init.declaredEnvironment !== undefined ? { declaredEnvironment: init.declaredEnvironment } : {}),
    ...(init.declaredTier !== undefined ? { declaredTier: init.declaredTier } : {}),
    ...(init.declaredScope !== undefined ? { declaredScope: init.declaredScope } : {}),
    ...(init.defaultTags !== undefined ? { defaultTags: init.defaultTags } : {}),
    ...(region !== undefined ? { region, partition: partitionOfRegion(region) } : {}),
    ...(init.account !== undefined ? { account: init.account } : {}),
    resources: init.resources,
    recordsLifecycle: init.kind === 'cdktf' || init.kind === 'terraform-json',
    moduleCalls: init.moduleCalls ?? [],
    ...(init.before ? { before: init.before } : {}),
    ...(init.changes ? { changes: init.changes } : {}),
    ofType: (type) => byType.get(type) ?? empty,
    get: (address, key) => {
      if (key !== undefined) {
        const instance = byAddress.get(`${address}${key}`);
        if (instance) return instance;
      }
      const direct = byAddress.get(address);
      if (direct) return direct;
      // A plan lists instances (`x[0]`); a reference without a key names the only one, if there is one.
      const instances = byBase.get(address);
      return instances?.length === 1 ? instances[0] : undefined;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Meta-arguments

/** What `count` / `for_each` of a configuration block say about the resource's existence. */
export type Existence =
  | { readonly kind: 'absent' }
  | { readonly kind: 'instances'; readonly count: number }
  | { readonly kind: 'unknown'; readonly expression: string };

/**
 * Evaluates `count` and `for_each` when they are literal: 0, an empty map or an empty set remove the resource;
 * N (or N keys) create N instances. Anything else (a variable, a function of one) leaves existence unknown.
 */
export function existenceOf(body: Readonly<Record<string, unknown>>): Existence {
  const count = body.count;
  if (count !== undefined && count !== null) {
    const raw = typeof count === 'number' ? count : typeof count === 'string' && /^\d+$/.test(count) ? Number(count) : undefined;
    const n = raw !== undefined && Number.isSafeInteger(raw) && raw >= 0 ? raw : undefined;
    if (n === undefined) return { kind: 'unknown', expression: `count = ${typeof count === 'string' ? count : JSON.stringify(count)}` };
    return n === 0 ? { kind: 'absent' } : { kind: 'instances', count: n };
  }
  const forEach = body.for_each;
  if (forEach === undefined || forEach === null) return { kind: 'instances', count: 1 };
  const size = collectionSize(forEach);
  if (size === undefined) return { kind: 'unknown', expression: `for_each = ${typeof forEach === 'string' ? forEach : JSON.stringify(forEach)}` };
  return size === 0 ? { kind: 'absent' } : { kind: 'instances', count: size };
}

/** Size of a literal map or set: a JSON object or array, or `${toset([...])}` / `${tomap({...})}` of literals. */
function collectionSize(value: unknown): number | undefined {
  if (Array.isArray(value)) return new Set(value.map((v) => JSON.stringify(v))).size;
  if (isObject(value)) return Object.keys(value).length;
  if (typeof value !== 'string') return undefined;
  const m = /^\$\{\s*(toset|tomap)\(([\s\S]*)\)\s*\}$/.exec(value);
  if (!m) return undefined;
  try {
    const literal = parseJsonencode(`jsonencode(${m[2] as string})`);
    if (JSON.stringify(literal).includes('${')) return undefined;
    return collectionSize(literal);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Value helpers

/** Nested blocks as a list, whether written as one object, a list of objects, or absent. */
const NO_BLOCKS: Record<string, unknown>[] = [];

export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) {
    for (const v of value) if (!isObject(v)) return value.filter((x): x is Record<string, unknown> => isObject(x));
    return value as Record<string, unknown>[];
  }
  if (isObject(value)) return [value];
  return NO_BLOCKS;
}

/** The first nested block, or undefined. */
export function block(value: unknown): Record<string, unknown> | undefined {
  return blocks(value)[0];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value that is known, or unresolvable (with the expression that could not be resolved). */
export type Known<T> = { readonly known: true; readonly value: T } | { readonly known: false; readonly expression: string };

const isUnresolved = (v: unknown): v is string => typeof v === 'string' && hasInterpolation(v);

/** A boolean attribute; absent (undefined or null) gives `absent`, the provider default. Terraform reads "true"/"false" as booleans. */
export function boolAttr(value: unknown, absent: boolean): Known<boolean> {
  if (value === undefined || value === null) return { known: true, value: absent };
  if (typeof value === 'boolean') return { known: true, value };
  if (value === 'true' || value === 'false') return { known: true, value: value === 'true' };
  return { known: false, expression: String(typeof value === 'string' ? value : JSON.stringify(value)) };
}

/** A number attribute; absent gives `absent` (which may be undefined: "not set"). Numeric strings are numbers. */
export function numAttr(value: unknown, absent: number | undefined): Known<number | undefined> {
  if (value === undefined || value === null) return { known: true, value: absent };
  // Digits beyond a double's range (a 400-digit string) read as Infinity: Terraform refuses them, check cannot judge them.
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isFinite(n)) return { known: true, value: n };
  return { known: false, expression: typeof value === 'string' ? value : JSON.stringify(value) };
}

/** A plain string attribute (no interpolation); absent gives undefined. */
export function strAttr(value: unknown): Known<string | undefined> {
  if (value === undefined || value === null) return { known: true, value: undefined };
  if (typeof value === 'string') return isUnresolved(value) ? { known: false, expression: value } : { known: true, value };
  if (typeof value === 'number' || typeof value === 'boolean') return { known: true, value: String(value) };
  return { known: false, expression: JSON.stringify(value) };
}

/** A list of strings; a single string counts as a list of one. */
export function strList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    // The common case, a list of strings, is returned as is (callers only read it).
    let allStrings = true;
    for (const v of value) if (typeof v !== 'string') allStrings = false;
    if (allStrings) return value as string[];
    const out: string[] = [];
    for (const v of value) if (v !== null && v !== undefined) out.push(typeof v === 'string' ? v : JSON.stringify(v));
    return out;
  }
  return [typeof value === 'string' ? value : JSON.stringify(value)];
}

/** Tags of a resource, including the provider default tags when the input records them (`tags_all`). */
export function tagsOf(resource: TfResource): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['tags_all', 'tags']) {
    const t = resource.values[key];
    if (isObject(t)) for (const [k, v] of Object.entries(t)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}
