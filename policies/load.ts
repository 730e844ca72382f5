/**
 * Loading Terraform JSON of three kinds into the one resource model:
 * - cdktf synthesized stacks (`cdktf.out/stacks/<env>/cdk.tf.json`),
 * - plain Terraform JSON configuration (`*.tf.json`),
 * - `terraform show -json` plan output (planned values, with the configuration filling in unknown values),
 * - `terraform show -json` state output (the deployed values; `auditready verify` reads the refreshed state).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT_TAG, TIER_TAG } from '../standard/tags';
import { block, blocks, createModel, type InputKind, isObject, type Model, type TfResource } from './model';

/** A file that cannot be read as one of the supported kinds. The message names the file and the problem. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Recognizes the kind of a parsed JSON document, or undefined when it is none of the supported kinds. */
export function detectKind(doc: unknown): InputKind | undefined {
  if (!isObject(doc)) return undefined;
  if (typeof doc.format_version === 'string' && ('planned_values' in doc || 'configuration' in doc)) return 'plan';
  if (typeof doc.format_version === 'string' && typeof doc.terraform_version === 'string' && 'values' in doc) return 'state';
  const meta = isObject(doc['//']) && isObject(doc['//'].metadata) ? doc['//'].metadata : undefined;
  if (meta && typeof meta.stackName === 'string') return 'cdktf';
  if (['resource', 'data', 'provider', 'terraform', 'module', 'variable', 'output', 'locals'].some((k) => k in doc)) return 'terraform-json';
  return undefined;
}

/** Builds the model of one parsed document. `source` names it in messages. */
export function modelFromDocument(doc: unknown, source: string): Model {
  const kind = detectKind(doc);
  if (!kind) throw new InputError(`${source}: not a cdktf stack, Terraform JSON configuration or terraform show -json plan`);
  if (kind === 'plan') return fromPlan(doc as Record<string, unknown>, source);
  if (kind === 'state') return fromState(doc as Record<string, unknown>, source);
  return fromConfiguration(doc as Record<string, unknown>, source, kind);
}

/** Reads and loads one file. */
export function loadFile(path: string): Model {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`${path}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path}: invalid JSON (${(err as Error).message.split('\n')[0]})`);
  }
  return modelFromDocument(doc, path);
}

/**
 * Files to check below a path: a file is taken as given; a directory yields every `*.tf.json` and every
 * `*.json` that is a plan, skipping dot-folders and node_modules.
 */
export function expandPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch (err) {
      throw new InputError(`${p}: cannot read path (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    if (st.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(full, out);
    } else if (entry.name.endsWith('.tf.json')) {
      out.push(full);
    } else if (entry.name.endsWith('.json') && looksLikePlan(full)) {
      out.push(full);
    }
  }
}

function looksLikePlan(path: string): boolean {
  try {
    const head = readFileSync(path, 'utf8').slice(0, 4096);
    return /"format_version"/.test(head) && /"(planned_values|terraform_version)"/.test(head);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration (cdktf and *.tf.json)

function providerTags(providerBlock: Record<string, unknown> | undefined): Record<string, unknown> {
  const tags = block(providerBlock?.default_tags)?.tags;
  return isObject(tags) ? tags : {};
}

/** The default (unaliased) `aws` provider configuration. */
function awsProvider(provider: unknown): Record<string, unknown> | undefined {
  if (!isObject(provider)) return undefined;
  const list = blocks(provider.aws);
  return list.find((p) => p.alias === undefined) ?? list[0];
}

function fromConfiguration(doc: Record<string, unknown>, source: string, kind: InputKind): Model {
  const resources: TfResource[] = [];
  const add = (mode: 'managed' | 'data', section: unknown): void => {
    for (const typeEntry of blocks(section)) {
      for (const [type, byName] of Object.entries(typeEntry)) {
        if (type === '//') continue;
        for (const named of blocks(byName)) {
          for (const [name, rawBody] of Object.entries(named)) {
            const body = block(rawBody);
            if (!body) continue;
            // The body is used as is (no copy): `//` and `lifecycle` are meta-arguments no rule reads as attributes.
            const values = body;
            const meta = body['//'];
            const lifecycle = body.lifecycle;
            const path = isObject(meta) && isObject(meta.metadata) ? meta.metadata.path : undefined;
            const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
            resources.push({
              mode,
              type,
              name,
              address,
              values,
              ...(typeof path === 'string' ? { constructPath: path } : {}),
              lifecycle: block(lifecycle) ?? {},
            });
          }
        }
      }
    }
  };
  add('managed', doc.resource);
  add('data', doc.data);
  const provider = awsProvider(doc.provider);
  const tags = providerTags(provider);
  return createModel({
    source,
    kind,
    ...declared(tags),
    ...(typeof provider?.region === 'string' ? { region: provider.region } : {}),
    resources,
  });
}

function declared(tags: Record<string, unknown>): { declaredEnvironment?: string; declaredTier?: string } {
  const env = tags[ENVIRONMENT_TAG];
  const tier = tags[TIER_TAG];
  return {
    ...(typeof env === 'string' ? { declaredEnvironment: env } : {}),
    ...(typeof tier === 'string' ? { declaredTier: tier } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// State JSON (`terraform show -json` without a plan, or a plan's `prior_state`)

/**
 * Every value is what Terraform last read from AWS: references are resolved to names and ARNs (rules match
 * them as literals), policies are JSON strings. The provider's default tags are in each resource's
 * `tags_all`: the environment and tier are declared when all tagged resources agree on them.
 */
function fromState(doc: Record<string, unknown>, source: string): Model {
  const resources: TfResource[] = [];
  const collect = (module: unknown): void => {
    if (!isObject(module)) return;
    for (const r of blocks(module.resources)) {
      const mode = r.mode === 'data' ? 'data' : 'managed';
      resources.push({
        mode,
        type: String(r.type),
        name: String(r.name),
        address: String(r.address),
        values: isObject(r.values) ? r.values : {},
      });
    }
    for (const child of blocks(module.child_modules)) collect(child);
  };
  collect(isObject(doc.values) ? doc.values.root_module : undefined);
  const agreed = (tag: string): Record<string, string> => {
    const seen = new Set<string>();
    for (const r of resources) {
      const value = block(r.values.tags_all)?.[tag];
      if (typeof value === 'string') seen.add(value);
    }
    return seen.size === 1 ? { [tag]: [...seen][0] as string } : {};
  };
  return createModel({ source, kind: 'state', ...declared({ ...agreed(ENVIRONMENT_TAG), ...agreed(TIER_TAG) }), resources });
}

// ---------------------------------------------------------------------------------------------------------------
// Plan JSON (`terraform show -json`)

/** A value Terraform could not know at plan time and the configuration does not say. */
export const UNKNOWN_VALUE = '${(known after apply)}';

interface PlanResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  values: Record<string, unknown>;
  unknown: unknown;
}

function fromPlan(doc: Record<string, unknown>, source: string): Model {
  const found = new Map<string, PlanResource>();
  const collect = (module: unknown, unknownOf: (address: string) => unknown): void => {
    if (!isObject(module)) return;
    for (const r of blocks(module.resources)) {
      const address = String(r.address);
      if (found.has(address)) continue;
      found.set(address, {
        address,
        mode: r.mode === 'data' ? 'data' : 'managed',
        type: String(r.type),
        name: String(r.name),
        values: isObject(r.values) ? r.values : {},
        unknown: unknownOf(address),
      });
    }
    for (const child of blocks(module.child_modules)) collect(child, unknownOf);
  };
  const changes = new Map<string, Record<string, unknown>>();
  for (const rc of blocks(doc.resource_changes)) {
    if (typeof rc.address === 'string' && isObject(rc.change)) changes.set(rc.address, rc);
  }
  const unknownOf = (address: string): unknown => {
    const change = changes.get(address)?.change;
    return isObject(change) ? change.after_unknown : undefined;
  };
  collect(isObject(doc.planned_values) ? doc.planned_values.root_module : undefined, unknownOf);
  // Data sources read during apply appear only in resource_changes; those read during plan in prior_state.
  for (const [address, rc] of changes) {
    if (found.has(address)) continue;
    const change = rc.change as Record<string, unknown>;
    const actions = Array.isArray(change.actions) ? change.actions : [];
    if (actions.length === 1 && actions[0] === 'delete') continue;
    found.set(address, {
      address,
      mode: rc.mode === 'data' ? 'data' : 'managed',
      type: String(rc.type),
      name: String(rc.name),
      values: isObject(change.after) ? change.after : {},
      unknown: change.after_unknown,
    });
  }
  const prior = isObject(doc.prior_state) && isObject(doc.prior_state.values) ? doc.prior_state.values.root_module : undefined;
  collect(prior, () => undefined);

  const configuration = isObject(doc.configuration) ? doc.configuration : {};
  const expressions = new Map<string, Record<string, unknown>>();
  const collectConfig = (module: unknown, prefix: string): void => {
    if (!isObject(module)) return;
    for (const r of blocks(module.resources)) {
      if (typeof r.address === 'string' && isObject(r.expressions)) expressions.set(prefix + r.address, r.expressions);
    }
    const calls = isObject(module.module_calls) ? module.module_calls : {};
    for (const [name, call] of Object.entries(calls)) {
      if (isObject(call)) collectConfig(call.module, `${prefix}module.${name}.`);
    }
  };
  collectConfig(configuration.root_module, '');

  const resources: TfResource[] = [];
  for (const r of found.values()) {
    const configAddress = r.address.replace(/\[[^\]]*\]/g, '');
    const expr = expressions.get(configAddress) ?? {};
    resources.push({
      mode: r.mode,
      type: r.type,
      name: r.name,
      address: r.address,
      values: mergeObject(r.values, r.unknown, expr),
    });
  }

  const providerConfig = isObject(configuration.provider_config) ? configuration.provider_config : {};
  const aws = isObject(providerConfig.aws) && isObject(providerConfig.aws.expressions) ? providerConfig.aws.expressions : {};
  const tagsExpr = block(aws.default_tags)?.tags;
  const tags = isObject(tagsExpr) && isObject(tagsExpr.constant_value) ? tagsExpr.constant_value : {};
  const regionExpr = aws.region;
  const region = isObject(regionExpr) && typeof regionExpr.constant_value === 'string' ? regionExpr.constant_value : undefined;
  return createModel({
    source,
    kind: 'plan',
    ...declared(tags),
    ...(region !== undefined ? { region } : {}),
    resources,
  });
}

/** True when an `after_unknown` value marks anything inside as unknown. */
function anyUnknown(u: unknown): boolean {
  if (u === true) return true;
  if (Array.isArray(u)) return u.some(anyUnknown);
  if (isObject(u)) return Object.values(u).some(anyUnknown);
  return false;
}

/**
 * The configuration's own text for an attribute: its constant (JSON syntax keeps `${...}`), or its reference.
 * An attribute the configuration does not set is computed by the provider: absent, as in the configuration.
 */
function fromExpression(expr: unknown): unknown {
  if (expr === undefined) return undefined;
  if (isObject(expr)) {
    if ('constant_value' in expr) return expr.constant_value;
    const refs = Array.isArray(expr.references) ? expr.references : [];
    if (refs.length > 0 && typeof refs[0] === 'string') return `\${${refs[0]}}`;
  }
  return UNKNOWN_VALUE;
}

/**
 * Planned values where Terraform knows them; where it does not, the configuration's expression for the same
 * attribute, so that references (`${aws_s3_bucket.a.arn}`) read the same as in the configuration.
 */
function mergeObject(values: Record<string, unknown>, unknown: unknown, expr: Record<string, unknown>): Record<string, unknown> {
  const u = isObject(unknown) ? unknown : {};
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(values), ...Object.keys(u)]);
  for (const key of keys) {
    out[key] = mergeValue(values[key], u[key], expr[key]);
  }
  return out;
}

function mergeValue(value: unknown, unknown: unknown, expr: unknown): unknown {
  if (!anyUnknown(unknown)) return value;
  // A nested block list: the configuration gives one expression object per block.
  if (Array.isArray(expr) && (Array.isArray(value) || value === undefined || value === null)) {
    const vals = Array.isArray(value) ? value : [];
    const us = Array.isArray(unknown) ? unknown : [];
    const n = Math.max(vals.length, us.length);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const e = expr[i];
      const v = vals[i];
      if (isObject(e) && !('constant_value' in e) && !('references' in e)) out.push(mergeObject(isObject(v) ? v : {}, us[i], e));
      else out.push(us[i] === true || anyUnknown(us[i]) ? fromExpression(e) : v);
    }
    return out;
  }
  return fromExpression(expr);
}
