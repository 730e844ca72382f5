/**
 * Loading Terraform JSON of three kinds into the one resource model:
 * - cdktf synthesized stacks (`cdktf.out/stacks/<env>/cdk.tf.json`),
 * - plain Terraform JSON configuration (`*.tf.json`),
 * - `terraform show -json` plan output (planned values, with the configuration filling in unknown values),
 * - `terraform show -json` state output (the deployed values; `auditready verify` reads the refreshed state).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { ENVIRONMENT_TAG, SCOPE_TAG, TIER_TAG } from '../standard/tags';
import { BUCKET_CONFIGS } from './bucket-configs';
import { opaqueExpression, parseTraversal, prefixReferences } from './expression';
import { parseJsonText } from './json-text';
import { block, blocks, createModel, existenceOf, type InputKind, isObject, type Model, type PlanChange, type TfResource } from './model';

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

/**
 * Reads and loads one input. A `*.tf.json` file is one file of a Terraform module, which is its whole
 * directory: every `*.tf.json` beside it is read with it, as one configuration (Terraform merges them). A
 * directory that also holds HCL (`*.tf`) or override files is an input error: check reads neither, and
 * either can change what the JSON says.
 */
export function loadFile(path: string): Model {
  if (!path.endsWith('.tf.json') && !path.endsWith('.tf')) return modelFromDocument(readJson(path), path);
  const dir = dirname(path);
  const files = moduleFiles(dir);
  if (files.length === 1) return modelFromDocument(readJson(path), path);
  const docs = files.map((f) => {
    const doc = readJson(f);
    const kind = detectKind(doc);
    if (kind !== 'cdktf' && kind !== 'terraform-json') throw new InputError(`${f}: not a Terraform JSON configuration, but it is part of the module ${dir}`);
    return doc as Record<string, unknown>;
  });
  return modelFromDocument(mergeModule(docs), `${dir}${sep}`);
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`${path}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseText(text, path);
}

/** Loads the text of one file; `source` names it in messages. */
export function modelFromText(text: string, source: string): Model {
  return modelFromDocument(parseText(text, source), source);
}

function parseText(text: string, source: string): unknown {
  let parsed: ReturnType<typeof parseJsonText>;
  try {
    parsed = parseJsonText(text);
  } catch (err) {
    throw new InputError(`${source}: invalid JSON (${(err as Error).message.split('\n')[0]})`);
  }
  // The file cannot be read as Terraform reads it: refuse it rather than check something else.
  if (parsed.problem) throw new InputError(`${source}: ${parsed.problem.path}: ${parsed.problem.message}`);
  return parsed.value;
}

const OVERRIDE = /(^|_)override\.tf(\.json)?$/;

/** The `*.tf.json` files of the module in `dir`; an input error for HCL or override files. */
function moduleFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    throw new InputError(`${dir}: cannot read directory (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const override = names.find((n) => OVERRIDE.test(n));
  if (override !== undefined)
    throw new InputError(
      `${join(dir, override)}: an override file changes the configuration beside it, which check does not apply; check the plan instead (${PLAN_HINT})`,
    );
  const hcl = names.filter((n) => n.endsWith('.tf'));
  if (hcl.length > 0)
    throw new InputError(
      `${dir}: holds HCL configuration (${hcl.join(', ')}), which is part of the module and which check cannot read; check the plan instead (${PLAN_HINT})`,
    );
  return names.filter((n) => n.endsWith('.tf.json')).map((n) => join(dir, n));
}

const PLAN_HINT = 'terraform plan -out p && terraform show -json p > plan.json';

/** One configuration of a module's files: their blocks side by side, as Terraform reads them. */
function mergeModule(docs: readonly Record<string, unknown>[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const first = docs[0];
  if (first && '//' in first) merged['//'] = first['//'];
  for (const section of ['resource', 'data', 'module']) {
    const parts = docs.flatMap((d) => (section in d ? blocks(d[section]) : []));
    if (parts.length > 0) merged[section] = parts;
  }
  const providers: Record<string, Record<string, unknown>[]> = {};
  for (const d of docs) {
    for (const p of blocks(d.provider)) {
      for (const [name, config] of Object.entries(p)) providers[name] = [...(providers[name] ?? []), ...blocks(config)];
    }
  }
  if (Object.keys(providers).length > 0) merged.provider = providers;
  return merged;
}

/**
 * Files below a path: a file is taken as given; a directory yields every `*.tf.json` and every `*.json` that
 * is a plan, skipping dot-folders and node_modules.
 */
export function expandPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths)
    walkPath(p, (file) => {
      if (!file.endsWith('.tf')) out.push(file);
    });
  return out;
}

/**
 * Inputs to check below a path, each for `loadFile`: a file as given, but a `*.tf.json` file stands for its
 * module (its folder), once; a directory yields each folder holding `*.tf.json` or `*.tf` files (HCL makes
 * it an input error when loaded) and every `*.json` that is a plan, skipping dot-folders and node_modules.
 */
export function expandInputs(paths: readonly string[]): string[] {
  const out: string[] = [];
  const modules = new Set<string>();
  for (const p of paths)
    walkPath(p, (file) => {
      if (file.endsWith('.tf.json') || file.endsWith('.tf')) {
        if (modules.has(dirname(file))) return;
        modules.add(dirname(file));
      }
      out.push(file);
    });
  return out;
}

function walkPath(p: string, add: (file: string) => void): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(p);
  } catch (err) {
    throw new InputError(`${p}: cannot read path (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (st.isDirectory()) walk(p, add);
  else add(p);
}

function walk(dir: string, add: (file: string) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(full, add);
    } else if (entry.name.endsWith('.tf.json') || entry.name.endsWith('.tf')) {
      add(full);
    } else if (entry.name.endsWith('.json') && looksLikePlan(full)) {
      add(full);
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
  const seen = new Set<string>();
  const add = (mode: 'managed' | 'data', section: unknown): void => {
    for (const typeEntry of blocks(section)) {
      for (const [type, byName] of Object.entries(typeEntry)) {
        if (type === '//') continue;
        for (const named of blocks(byName)) {
          for (const [name, rawBody] of Object.entries(named)) {
            const body = block(rawBody);
            if (!body) continue;
            if (seen.has(`${mode}|${type}.${name}`) || blocks(rawBody).length > 1)
              throw new InputError(`${source}: ${mode === 'data' ? 'data.' : ''}${type}.${name} is declared twice (Terraform refuses a duplicate resource)`);
            seen.add(`${mode}|${type}.${name}`);
            const existence = existenceOf(body);
            // count = 0, an empty for_each: the resource does not exist.
            if (existence.kind === 'absent') continue;
            // Blocks a `dynamic` block generates are not read: the resource is unknown, like one that may not exist.
            const dynamic = existence.kind === 'instances' ? dynamicBlock(body) : undefined;
            // The body is used as is (no copy): `//`, `lifecycle`, `count` are meta-arguments no rule reads as attributes.
            const meta = body['//'];
            const path = isObject(meta) && isObject(meta.metadata) ? meta.metadata.path : undefined;
            resources.push({
              mode,
              type,
              name,
              address: `${mode === 'data' ? 'data.' : ''}${type}.${name}`,
              values: body,
              ...(typeof path === 'string' ? { constructPath: path } : {}),
              lifecycle: block(body.lifecycle) ?? {},
              ...(existence.kind === 'unknown'
                ? { existence: { expression: existence.expression } }
                : dynamic !== undefined
                  ? { existence: { expression: dynamic } }
                  : { instances: existence.count }),
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
  const moduleCalls = blocks(doc.module).flatMap((m) => Object.keys(m));
  return createModel({
    source,
    kind,
    ...declared(tags),
    ...(typeof provider?.region === 'string' ? { region: provider.region } : {}),
    ...pinnedAccount(provider?.allowed_account_ids),
    resources,
    moduleCalls,
  });
}

/**
 * The first `dynamic` block anywhere in a resource body (`dynamic "statement"`, `rule[0].dynamic
 * "noncurrent_version_expiration"`), described for messages; undefined when there is none. Its content is
 * repeated once per `for_each` element, which check does not evaluate: every rule reading the resource is unknown.
 */
function dynamicBlock(body: Readonly<Record<string, unknown>>): string | undefined {
  // Most resources have none: a walk without allocations first, the description only for one that has.
  return hasDynamic(body) ? describeDynamic(body, '') : undefined;
}

function hasDynamic(value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const v of value) if (typeof v === 'object' && v !== null && hasDynamic(v)) return true;
    return false;
  }
  const o = value as Record<string, unknown>;
  for (const key in o) {
    const v = o[key];
    if (typeof v !== 'object' || v === null || key === '//') continue;
    if (key === 'dynamic' || hasDynamic(v)) return true;
  }
  return false;
}

function describeDynamic(body: Readonly<Record<string, unknown>>, path: string): string | undefined {
  for (const [key, value] of Object.entries(body)) {
    if (key === '//') continue;
    if (key === 'dynamic' && (isObject(value) || Array.isArray(value))) {
      const labels = blocks(value).flatMap((d) => Object.keys(d));
      return `dynamic ${labels.map((l) => JSON.stringify(l)).join(', ')} block${path ? ` in ${path}` : ''} (check does not expand dynamic blocks)`;
    }
    const children = Array.isArray(value) ? value.map((v, i) => [`${key}[${i}]`, v] as const) : [[key, value] as const];
    for (const [at, child] of children) {
      if (!isObject(child)) continue;
      const found = describeDynamic(child, path ? `${path}.${at}` : at);
      if (found) return found;
    }
  }
  return undefined;
}

/** The account an `allowed_account_ids` list of one pins the provider to. */
function pinnedAccount(value: unknown): { account?: string } {
  const ids = Array.isArray(value) ? value : [];
  return ids.length === 1 && typeof ids[0] === 'string' && /^\d{12}$/.test(ids[0]) ? { account: ids[0] } : {};
}

function declared(tags: Record<string, unknown>): {
  declaredEnvironment?: string;
  declaredTier?: string;
  declaredScope?: string;
  defaultTags: Record<string, string>;
} {
  const env = tags[ENVIRONMENT_TAG];
  const tier = tags[TIER_TAG];
  const scope = tags[SCOPE_TAG];
  return {
    ...(typeof env === 'string' ? { declaredEnvironment: env } : {}),
    ...(typeof tier === 'string' ? { declaredTier: tier } : {}),
    ...(scope !== undefined ? { declaredScope: typeof scope === 'string' ? scope : JSON.stringify(scope) } : {}),
    defaultTags: Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === 'string')),
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
  const normalized = withoutComputedMirrors(resources);
  const agreed = (tag: string): Record<string, string> => {
    const seen = new Set<string>();
    for (const r of resources) {
      const value = block(r.values.tags_all)?.[tag];
      if (typeof value === 'string') seen.add(value);
    }
    return seen.size === 1 ? { [tag]: [...seen][0] as string } : {};
  };
  return createModel({ source, kind: 'state', ...declared({ ...agreed(ENVIRONMENT_TAG), ...agreed(TIER_TAG) }), resources: normalized });
}

/**
 * In a state, `aws_s3_bucket` holds read-only copies of what its split resources set (the provider reads
 * versioning, encryption, lifecycle, logging, policy and ACL grants into the deprecated arguments on every
 * refresh), so every bucket would seem configured twice. A copy is left out where the split resource of
 * that kind manages the bucket, and so is the owner's own FULL_CONTROL grant, which every bucket has (with
 * ACLs disabled, it is the only grant). What no split resource manages stays: it was set inline or by hand.
 */
function withoutComputedMirrors(resources: readonly TfResource[]): TfResource[] {
  const managed = new Set(resources.filter((r) => typeof r.values.bucket === 'string').map((r) => `${r.type}|${r.values.bucket}`));
  return resources.map((r) => {
    if (r.type !== 'aws_s3_bucket' || r.mode !== 'managed') return r;
    const values: Record<string, unknown> = { ...r.values };
    for (const spec of Object.values(BUCKET_CONFIGS)) {
      if (managed.has(`${spec.type}|${r.values.bucket}`)) for (const attribute of spec.inline) delete values[attribute];
    }
    if (managed.has(`aws_s3_bucket_object_lock_configuration|${r.values.bucket}`)) {
      values.object_lock_configuration = blocks(values.object_lock_configuration).map(({ rule: _rule, ...rest }) => rest);
    }
    const grants = blocks(values.grant);
    if ((values.acl === null || values.acl === undefined) && grants.length === 1 && isOwnerOnly(grants[0] as Record<string, unknown>)) delete values.grant;
    return { ...r, values };
  });
}

const isOwnerOnly = (g: Record<string, unknown>): boolean =>
  g.type === 'CanonicalUser' && !g.uri && Array.isArray(g.permissions) && g.permissions.length === 1 && g.permissions[0] === 'FULL_CONTROL';

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

/** `module.a.module.b["k"].` of `module.a.module.b["k"].aws_x.y[0]`: the path references inside it are relative to. */
function modulePathOf(address: string): string {
  const m = /^((?:module\.[A-Za-z_][A-Za-z0-9_-]*(?:\[[^\]]*\])?\.)*)/.exec(address);
  return m ? (m[1] as string) : '';
}

/** The configuration address of an instance: instance keys removed. */
function configAddressOf(address: string): string {
  return address.replace(/\[(?:\d+|"[^"]*")\]/g, '');
}

function fromPlan(doc: Record<string, unknown>, source: string): Model {
  // An errored plan stopped part-way; an incomplete one (deferred changes) leaves resources out: neither is what will be applied.
  if (doc.errored === true)
    throw new InputError(`${source}: the plan is errored (terraform could not finish planning); fix the errors and check a complete plan`);
  if (doc.complete === false)
    throw new InputError(`${source}: the plan is incomplete ("complete": false, changes deferred to a later plan); check a complete plan`);
  const changes = new Map<string, Record<string, unknown>>();
  for (const rc of blocks(doc.resource_changes)) {
    if (typeof rc.address === 'string' && isObject(rc.change)) changes.set(rc.address, rc);
  }
  const actionsOf = (rc: Record<string, unknown>): string[] => {
    const change = rc.change as Record<string, unknown>;
    return Array.isArray(change.actions) ? change.actions.filter((a): a is string => typeof a === 'string') : [];
  };

  // The state after the apply: planned values (which leave out what the plan deletes) and data sources.
  const found = new Map<string, PlanResource>();
  const collect = (module: unknown, modes: readonly ('managed' | 'data')[], unknownOf: (address: string) => unknown): void => {
    if (!isObject(module)) return;
    for (const r of blocks(module.resources)) {
      const address = String(r.address);
      const mode = r.mode === 'data' ? 'data' : 'managed';
      if (found.has(address) || !modes.includes(mode)) continue;
      found.set(address, {
        address,
        mode,
        type: String(r.type),
        name: String(r.name),
        values: isObject(r.values) ? r.values : {},
        unknown: unknownOf(address),
      });
    }
    for (const child of blocks(module.child_modules)) collect(child, modes, unknownOf);
  };
  const unknownOf = (address: string): unknown => {
    const change = changes.get(address)?.change;
    return isObject(change) ? change.after_unknown : undefined;
  };
  collect(isObject(doc.planned_values) ? doc.planned_values.root_module : undefined, ['managed', 'data'], unknownOf);
  // Data sources read during apply appear only in resource_changes; those read during plan in prior_state.
  for (const [address, rc] of changes) {
    if (found.has(address) || rc.mode !== 'data') continue;
    const change = rc.change as Record<string, unknown>;
    if (actionsOf(rc).every((a) => a === 'delete')) continue;
    found.set(address, {
      address,
      mode: 'data',
      type: String(rc.type),
      name: String(rc.name),
      values: isObject(change.after) ? change.after : {},
      unknown: change.after_unknown,
    });
  }
  const priorModule = isObject(doc.prior_state) && isObject(doc.prior_state.values) ? doc.prior_state.values.root_module : undefined;
  collect(priorModule, ['data'], () => undefined);

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
    const expr = expressions.get(configAddressOf(r.address)) ?? {};
    resources.push({
      mode: r.mode,
      type: r.type,
      name: r.name,
      address: r.address,
      values: mergeObject(r.values, r.unknown, expr, modulePathOf(r.address)),
    });
  }

  // The state before the apply, and what the plan does to each resource.
  const beforeResources: TfResource[] = [];
  const planChanges: PlanChange[] = [];
  for (const [address, rc] of changes) {
    const change = rc.change as Record<string, unknown>;
    planChanges.push({ address, actions: actionsOf(rc) });
    if (!isObject(change.before)) continue;
    beforeResources.push({
      mode: rc.mode === 'data' ? 'data' : 'managed',
      type: String(rc.type),
      name: String(rc.name),
      address,
      values: change.before,
    });
  }

  const providerConfig = isObject(configuration.provider_config) ? configuration.provider_config : {};
  const awsKey = 'aws' in providerConfig ? 'aws' : Object.keys(providerConfig).find((k) => /(^|:)aws$/.test(k));
  const awsConfig = awsKey !== undefined ? providerConfig[awsKey] : undefined;
  const aws = isObject(awsConfig) && isObject(awsConfig.expressions) ? awsConfig.expressions : {};
  const constant = (e: unknown): unknown => (isObject(e) ? e.constant_value : undefined);
  const tagsExpr = block(aws.default_tags)?.tags;
  const tags = isObject(constant(tagsExpr)) ? (constant(tagsExpr) as Record<string, unknown>) : {};
  const region = typeof constant(aws.region) === 'string' ? (constant(aws.region) as string) : undefined;
  const scope = { ...declared(tags), ...(region !== undefined ? { region } : {}), ...pinnedAccount(constant(aws.allowed_account_ids)) };
  const before = createModel({ source, kind: 'plan', ...scope, resources: beforeResources });
  return createModel({ source, kind: 'plan', ...scope, resources, before, changes: planChanges });
}

/** True when an `after_unknown` value marks anything inside as unknown. */
function anyUnknown(u: unknown): boolean {
  if (u === true) return true;
  if (Array.isArray(u)) return u.some(anyUnknown);
  if (isObject(u)) return Object.values(u).some(anyUnknown);
  return false;
}

/** Strings of a constant with their references rewritten from module `module`. */
function inModule(value: unknown, module: string): unknown {
  if (module === '') return value;
  if (typeof value === 'string') return prefixReferences(value, module);
  if (Array.isArray(value)) return value.map((v) => inModule(v, module));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inModule(v, module)]));
  return value;
}

/**
 * The configuration's own text for an attribute whose value the plan does not know. JSON configuration keeps
 * its text (`constant_value` with `${...}`); an HCL expression is recorded only as its references, which
 * are not the value (`"${x.arn}:*"` records just `x.arn`): it becomes an opaque expression (see OPAQUE).
 * An attribute the configuration does not set is computed by the provider: absent, as in the configuration.
 */
function fromExpression(expr: unknown, module: string): unknown {
  if (expr === undefined) return undefined;
  if (isObject(expr)) {
    if ('constant_value' in expr) return inModule(expr.constant_value, module);
    const refs = (Array.isArray(expr.references) ? expr.references : []).filter((r): r is string => typeof r === 'string');
    // Terraform lists `x.arn` and then `x`: keep the most specific of each.
    const specific = refs.filter((r) => !refs.some((o) => o !== r && o.startsWith(`${r}.`)));
    if (specific.length > 0)
      return opaqueExpression(specific.map((r) => (parseTraversal(r) ? (prefixReferences(`\${${r}}`, module).slice(2, -1) as string) : r)));
  }
  return UNKNOWN_VALUE;
}

/**
 * Planned values where Terraform knows them; where it does not, the configuration's expression for the same
 * attribute, so that references (`${aws_s3_bucket.a.arn}`) read the same as in the configuration.
 */
function mergeObject(values: Record<string, unknown>, unknown: unknown, expr: Record<string, unknown>, module: string): Record<string, unknown> {
  const u = isObject(unknown) ? unknown : {};
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(values), ...Object.keys(u)]);
  for (const key of keys) {
    out[key] = mergeValue(values[key], u[key], expr[key], module);
  }
  return out;
}

function mergeValue(value: unknown, unknown: unknown, expr: unknown, module: string): unknown {
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
      if (isObject(e) && !('constant_value' in e) && !('references' in e)) out.push(mergeObject(isObject(v) ? v : {}, us[i], e, module));
      else out.push(us[i] === true || anyUnknown(us[i]) ? fromExpression(e, module) : v);
    }
    return out;
  }
  // A list attribute with some elements known: each unknown element from the expression (JSON configuration lists them).
  if (Array.isArray(unknown) && Array.isArray(value) && isObject(expr) && Array.isArray(expr.constant_value)) {
    const constants = inModule(expr.constant_value, module) as unknown[];
    return value.map((v, i) => (anyUnknown(unknown[i]) ? constants[i] : v));
  }
  return fromExpression(expr, module);
}
