/**
 * The normalized model every rule reads: one environment's Terraform resources, indexed once by type and
 * address, whatever the input kind (cdktf synth output, plain `*.tf.json`, `terraform show -json`).
 *
 * Attribute values keep the configuration form: references stay `${type.name.attr}` strings, nested blocks
 * may be an object or an array of objects (use `blocks()`), unresolvable values are strings with `${...}`.
 */

import type { Tier } from '../standard/tiers';
import { hasInterpolation, parseTraversal, type Reference, singleReference } from './expression';

/** `state`: `terraform show -json` of a state (what is deployed), as `auditready verify` reads it. */
export type InputKind = 'cdktf' | 'terraform-json' | 'plan' | 'state';

export interface TfResource {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** `aws_s3_bucket.audit` or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** cdktf construct path (`"//".metadata.path`), when the input records it. */
  readonly constructPath?: string;
  /** The `lifecycle` meta-argument, when the input records it (plan JSON does not). */
  readonly lifecycle?: Readonly<Record<string, unknown>>;
}

export interface Model {
  /** File (or synthesized stack) the model was read from. */
  readonly source: string;
  readonly kind: InputKind;
  /** Environment and tier the file declares through the provider's default tags. */
  readonly declaredEnvironment?: string;
  readonly declaredTier?: Tier | string;
  readonly region?: string;
  readonly resources: readonly TfResource[];
  ofType(type: string): readonly TfResource[];
  get(address: string): TfResource | undefined;
  /** Whether the input records `lifecycle` meta-arguments. */
  readonly recordsLifecycle: boolean;
  /** Computes a value once per model (reference resolution, policy reading, indexes shared by rules). */
  memo<T>(key: string, compute: () => T): T;
}

export function createModel(init: {
  source: string;
  kind: InputKind;
  declaredEnvironment?: string;
  declaredTier?: string;
  region?: string;
  resources: TfResource[];
}): Model {
  const byType = new Map<string, TfResource[]>();
  const byAddress = new Map<string, TfResource>();
  for (const r of init.resources) {
    const key = r.mode === 'data' ? `data.${r.type}` : r.type;
    const list = byType.get(key);
    if (list) list.push(r);
    else byType.set(key, [r]);
    byAddress.set(r.address, r);
  }
  const empty: readonly TfResource[] = [];
  const memos = new Map<string, unknown>();
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
    ...(init.region !== undefined ? { region: init.region } : {}),
    resources: init.resources,
    recordsLifecycle: init.kind === 'cdktf' || init.kind === 'terraform-json',
    ofType: (type) => byType.get(type) ?? empty,
    get: (address) => byAddress.get(address),
  };
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

/** A boolean attribute; absent (undefined or null) gives `absent`, the provider default. */
export function boolAttr(value: unknown, absent: boolean): Known<boolean> {
  if (value === undefined || value === null) return { known: true, value: absent };
  if (typeof value === 'boolean') return { known: true, value };
  if (value === 'true' || value === 'false') return { known: true, value: value === 'true' };
  return { known: false, expression: String(typeof value === 'string' ? value : JSON.stringify(value)) };
}

/** A number attribute; absent gives `absent` (which may be undefined: "not set"). */
export function numAttr(value: unknown, absent: number | undefined): Known<number | undefined> {
  if (value === undefined || value === null) return { known: true, value: absent };
  if (typeof value === 'number') return { known: true, value };
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return { known: true, value: Number(value) };
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

// ---------------------------------------------------------------------------------------------------------------
// Reference resolution

/** Literal names and ARNs of the resources of one type, for inputs where a reference became a literal. */
function literalIndex(model: Model, type: string): Map<string, TfResource> {
  return model.memo(`literals|${type}`, () => {
    const index = new Map<string, TfResource>();
    for (const r of model.ofType(type)) {
      const v = r.values;
      const keys = type === 'aws_s3_bucket' ? [v.bucket, typeof v.bucket === 'string' ? `arn:aws:s3:::${v.bucket}` : undefined, v.arn] : [v.arn, v.id, v.name];
      for (const k of keys) if (typeof k === 'string' && !hasInterpolation(k) && !index.has(k)) index.set(k, r);
    }
    return index;
  });
}

export type Resolution =
  | { readonly kind: 'resource'; readonly resource: TfResource; readonly ref: Reference; readonly prefix: string; readonly suffix: string }
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown'; readonly expression: string };

/**
 * Resolves an attribute value that should point to a resource of one of `types`: a reference
 * (`${aws_s3_bucket.a.id}`, possibly with text around it), or a literal matched against the resources'
 * names and ARNs. A reference to something outside the model, or any other expression, is unknown.
 */
export function resolve(model: Model, value: unknown, types: readonly string[]): Resolution {
  if (value === undefined || value === null || value === '') return { kind: 'absent' };
  if (typeof value !== 'string') return { kind: 'unknown', expression: JSON.stringify(value) };
  return model.memo(`resolve|${types.join(',')}|${value}`, () => resolveString(model, value, types));
}

function resolveString(model: Model, value: string, types: readonly string[]): Resolution {
  if (value.includes('${')) {
    const single = singleReference(value);
    if (!single) return { kind: 'unknown', expression: value };
    const target = model.get(single.ref.address);
    if (!target) return { kind: 'unknown', expression: value };
    return { kind: 'resource', resource: target, ref: single.ref, prefix: single.prefix, suffix: single.suffix };
  }
  for (const type of types) {
    const index = literalIndex(model, type);
    const direct = index.get(value);
    if (direct) return { kind: 'resource', resource: direct, ref: parseTraversal(direct.address) as Reference, prefix: '', suffix: '' };
    if (type === 'aws_s3_bucket') {
      const m = /^(arn:[^:]+:s3:::[^/]+)(\/.*)$/.exec(value);
      const bucket = m ? index.get(m[1] as string) : undefined;
      if (bucket) return { kind: 'resource', resource: bucket, ref: parseTraversal(bucket.address) as Reference, prefix: '', suffix: m?.[2] as string };
    }
  }
  return { kind: 'literal', value };
}

/** The resource a value points to, when it is one of `types`; else undefined. */
export function target(model: Model, value: unknown, types: readonly string[]): TfResource | undefined {
  const r = resolve(model, value, types);
  return r.kind === 'resource' && types.includes(r.resource.type) ? r.resource : undefined;
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
