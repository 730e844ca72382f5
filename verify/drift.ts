/**
 * Drift: what `terraform plan -refresh-only` found changed outside Terraform, attribute by attribute,
 * with the value in the state and the live value. Sensitive values are never shown.
 */

/** One attribute whose live value differs from the state. `path` is dotted, with [n] for list items. */
export interface AttributeDrift {
  readonly path: string;
  /**
   * Whether the configuration sets this attribute. One it does not set is computed by the provider: the
   * `aws_s3_bucket` mirrors of the split bucket resources, say, which Terraform fills in on the first refresh
   * after a deploy. Only managed attributes fail verify; the others are listed.
   */
  readonly managed: boolean;
  /** JSON of the value in the state before refresh; "(absent)" or "(sensitive)". */
  readonly state: string;
  /** JSON of the live value; "(absent)" or "(sensitive)". */
  readonly live: string;
}

export interface ResourceDrift {
  readonly address: string;
  /** `update`, or `delete` when the resource no longer exists. */
  readonly action: 'update' | 'delete';
  readonly attributes: readonly AttributeDrift[];
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string holding a JSON object or array (a policy) is compared by its content, so a diff names the statement that changed. */
function parsedJson(v: Json): Json {
  if (typeof v !== 'string' || !/^\s*[[{]/.test(v)) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

const show = (v: Json): string => (v === undefined ? '(absent)' : JSON.stringify(v));

/**
 * The configuration's expression at one step down, or `leaf` when the expression above is a whole value
 * (a constant or a reference: everything inside it is managed), or undefined when the configuration does not set it.
 */
type Expr = Json | 'leaf' | undefined;
function step(expr: Expr, key: string | number): Expr {
  if (expr === 'leaf') return 'leaf';
  if (expr === undefined) return undefined;
  if (isObject(expr) && ('constant_value' in expr || 'references' in expr)) return 'leaf';
  if (typeof key === 'number') return Array.isArray(expr) ? expr[key] : undefined;
  return isObject(expr) ? expr[key] : undefined;
}

function diff(before: Json, after: Json, sensitive: Json, expr: Expr, path: string, out: AttributeDrift[]): void {
  const managed = expr !== undefined;
  if (sensitive === true) {
    if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, managed, state: '(sensitive)', live: '(sensitive)' });
    return;
  }
  const b = parsedJson(before);
  const a = parsedJson(after);
  if (isObject(b) && isObject(a)) {
    const s = isObject(sensitive) ? sensitive : {};
    for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort())
      diff(b[key], a[key], s[key], step(expr, key), path ? `${path}.${key}` : key, out);
    return;
  }
  if (Array.isArray(b) && Array.isArray(a) && b.length === a.length) {
    const s = Array.isArray(sensitive) ? sensitive : [];
    b.forEach((item, i) => {
      diff(item, a[i], s[i], step(expr, i), `${path}[${i}]`, out);
    });
    return;
  }
  if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ path, managed, state: show(b), live: show(a) });
}

/** The expressions of each resource in the plan's configuration, by address without instance keys. */
function configuredExpressions(plan: Record<string, unknown>): Map<string, Json> {
  const out = new Map<string, Json>();
  const visit = (module: Json, prefix: string) => {
    if (!isObject(module)) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (isObject(r) && typeof r.address === 'string') out.set(prefix + r.address, r.expressions ?? {});
    }
    for (const [name, call] of Object.entries(isObject(module.module_calls) ? module.module_calls : {})) {
      if (isObject(call)) visit(call.module, `${prefix}module.${name}.`);
    }
  };
  visit(isObject(plan.configuration) ? plan.configuration.root_module : undefined, '');
  return out;
}

/** The drift in `terraform show -json` of a refresh-only plan (`resource_drift`). */
export function driftOf(plan: Record<string, unknown>): ResourceDrift[] {
  const entries = Array.isArray(plan.resource_drift) ? plan.resource_drift : [];
  const expressions = configuredExpressions(plan);
  return entries.flatMap((entry: Json): ResourceDrift[] => {
    if (!isObject(entry) || !isObject(entry.change) || typeof entry.address !== 'string') return [];
    const change = entry.change;
    const actions = Array.isArray(change.actions) ? change.actions : [];
    if (actions.includes('delete') || change.after === null) return [{ address: entry.address, action: 'delete', attributes: [] }];
    const attributes: AttributeDrift[] = [];
    // A value sensitive on either side is hidden.
    const sensitive = mergeSensitive(change.before_sensitive, change.after_sensitive);
    // A resource the configuration no longer declares is managed as a whole.
    diff(change.before, change.after, sensitive, expressions.get(entry.address.replace(/\[[^\]]*\]/g, '')) ?? 'leaf', '', attributes);
    return attributes.length > 0 ? [{ address: entry.address, action: 'update', attributes }] : [];
  });
}

function mergeSensitive(a: Json, b: Json): Json {
  if (a === true || b === true) return true;
  if (isObject(a) || isObject(b)) {
    const x = isObject(a) ? a : {};
    const y = isObject(b) ? b : {};
    return Object.fromEntries([...new Set([...Object.keys(x), ...Object.keys(y)])].map((k) => [k, mergeSensitive(x[k], y[k])]));
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = Array.isArray(a) ? a : [];
    const y = Array.isArray(b) ? b : [];
    return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => mergeSensitive(x[i], y[i]));
  }
  return false;
}

/** One line per attribute: `path: state <value> -> live <value>`. */
export function describeAttributes(attributes: readonly AttributeDrift[]): string {
  return attributes.map((a) => `${a.path}: state ${a.state} -> live ${a.live}`).join('; ');
}
