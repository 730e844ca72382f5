/**
 * IAM policy documents in the three forms Terraform configuration uses, read into one statement model:
 * a JSON string (possibly with `${...}` inside values), `${jsonencode({...})}`, or a reference to
 * `data.aws_iam_policy_document.<name>.json` (read from the data source's `statement` blocks).
 */

import { ExpressionError, OPAQUE, parseJsonencode, parseTemplate, singleReference } from './expression';
import { managedPolicy } from './iam/managed-policies';
import { parseJsonText } from './json-text';
import { blocks, isObject, type Model, strList } from './model';

export interface Principal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `"Principal": "*"`. */
  readonly type: string;
  readonly identifiers: readonly string[];
}

export interface Condition {
  /** Operator, e.g. `StringEquals`, `Bool`, `ArnLike`. */
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface Statement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly principals: readonly Principal[];
  readonly notPrincipals: readonly Principal[];
  readonly conditions: readonly Condition[];
}

export type PolicyRead =
  | { readonly kind: 'document'; readonly statements: readonly Statement[] }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown'; readonly expression: string };

/** Reads a policy attribute (`policy`, `assume_role_policy`, ...) of a resource in `model`. */
export function readPolicy(model: Model, value: unknown, depth = 0): PolicyRead {
  if (typeof value === 'string' && depth === 0) return model.memo(`policy|${value}`, () => readPolicyUncached(model, value, 0));
  return readPolicyUncached(model, value, depth);
}

function readPolicyUncached(model: Model, value: unknown, depth: number): PolicyRead {
  if (value === undefined || value === null || value === '') return { kind: 'absent' };
  if (isObject(value)) return fromJsonDocument(value, JSON.stringify(value));
  if (typeof value === 'string' && value.includes(OPAQUE)) return { kind: 'unknown', expression: value.split(OPAQUE).join('') };
  if (typeof value !== 'string') return { kind: 'unknown', expression: JSON.stringify(value) };
  if (depth > 4) return { kind: 'unknown', expression: value };
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    try {
      // A policy with a duplicated key: which copy AWS reads is not documented, so it is unknown.
      const parsed = parseJsonText(trimmed);
      return parsed.problem
        ? { kind: 'unknown', expression: `${value} (${parsed.problem.path}: ${parsed.problem.message})` }
        : fromJsonDocument(parsed.value, value);
    } catch {
      return { kind: 'unknown', expression: value };
    }
  }
  const single = singleReference(trimmed);
  if (single && single.prefix === '' && single.suffix === '') {
    const target = model.get(single.ref.address, single.ref.key);
    if (!target) return { kind: 'unknown', expression: value };
    if (target.existence) return { kind: 'unknown', expression: `${value}, whose ${target.existence.expression}` };
    if (target.type === 'aws_iam_policy_document' && target.mode === 'data' && /^(json|minified_json)$/.test(single.ref.attribute)) {
      return fromDataSource(model, target.values, depth);
    }
    if (target.type === 'aws_iam_policy' && single.ref.attribute === 'policy') {
      if (target.mode === 'managed') return readPolicy(model, target.values.policy, depth + 1);
      const arn = typeof target.values.arn === 'string' ? target.values.arn : undefined;
      const managed = arn !== undefined ? managedPolicy(arn) : undefined;
      if (managed) return { kind: 'document', statements: managed.statements };
    }
    return { kind: 'unknown', expression: value };
  }
  const parts = parseTemplate(trimmed);
  if (parts.length === 1 && 'expression' in (parts[0] as object)) {
    try {
      return fromJsonDocument(parseJsonencode((parts[0] as { expression: string }).expression), value);
    } catch (err) {
      if (err instanceof ExpressionError) return { kind: 'unknown', expression: value };
      throw err;
    }
  }
  return { kind: 'unknown', expression: value };
}

/**
 * The statements of an `aws_iam_policy_document` data source, merged as the provider merges them: the
 * source documents, then the `statement` blocks (replacing source statements with the same sid), then the
 * override documents (replacing any statement with the same sid, else added).
 */
function fromDataSource(model: Model, values: Readonly<Record<string, unknown>>, depth: number): PolicyRead {
  const merged: Statement[] = [];
  const put = (list: readonly Statement[], override: boolean): void => {
    for (const s of list) {
      const at = override && s.sid ? merged.findIndex((m) => m.sid === s.sid) : -1;
      if (at >= 0) merged[at] = s;
      else merged.push(s);
    }
  };
  const documents = (keys: readonly string[]): PolicyRead[] => {
    const out: PolicyRead[] = [];
    for (const key of keys) for (const doc of strList(values[key])) out.push(readPolicy(model, doc, depth + 1));
    return out;
  };
  const sources = documents(['source_policy_documents', 'source_json']);
  const overrides = documents(['override_policy_documents', 'override_json']);
  const unknown = [...sources, ...overrides].find((r) => r.kind === 'unknown');
  if (unknown) return unknown;
  for (const r of sources) if (r.kind === 'document') put(r.statements, false);
  const own: Statement[] = [];
  for (const s of blocks(values.statement)) {
    const conditions: Condition[] = [];
    for (const c of blocks(s.condition)) conditions.push({ test: String(c.test ?? ''), variable: String(c.variable ?? ''), values: strList(c.values) });
    const statement: Statement = {
      effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
      actions: strList(s.actions),
      notActions: strList(s.not_actions),
      resources: strList(s.resources),
      notResources: strList(s.not_resources),
      principals: principalBlocks(s.principals),
      notPrincipals: principalBlocks(s.not_principals),
      conditions,
    };
    own.push(typeof s.sid === 'string' && s.sid !== '' ? { sid: s.sid, ...statement } : statement);
  }
  put(own, true);
  for (const r of overrides) if (r.kind === 'document') put(r.statements, true);
  return { kind: 'document', statements: merged };
}

function principalBlocks(value: unknown): Principal[] {
  const out: Principal[] = [];
  for (const p of blocks(value)) out.push({ type: typeof p.type === 'string' ? p.type : '', identifiers: strList(p.identifiers) });
  return out;
}

function jsonPrincipals(p: unknown): Principal[] {
  if (p === undefined || p === null) return [];
  if (p === '*') return [{ type: '*', identifiers: ['*'] }];
  if (!isObject(p)) return [{ type: '?', identifiers: strList(p) }];
  return Object.entries(p).map(([type, ids]) => ({ type, identifiers: strList(ids) }));
}

export function fromJsonDocument(doc: unknown, expression: string): PolicyRead {
  if (!isObject(doc)) return { kind: 'unknown', expression };
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const statements: Statement[] = [];
  for (const s of list) {
    if (!isObject(s)) return { kind: 'unknown', expression };
    const conditions: Condition[] = [];
    if (isObject(s.Condition)) {
      for (const [test, byKey] of Object.entries(s.Condition)) {
        if (!isObject(byKey)) continue;
        for (const [variable, values] of Object.entries(byKey)) conditions.push({ test, variable, values: strList(values) });
      }
    }
    statements.push({
      ...(typeof s.Sid === 'string' ? { sid: s.Sid } : {}),
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: strList(s.Action),
      notActions: strList(s.NotAction),
      resources: strList(s.Resource),
      notResources: strList(s.NotResource),
      principals: jsonPrincipals(s.Principal),
      notPrincipals: jsonPrincipals(s.NotPrincipal),
      conditions,
    });
  }
  return { kind: 'document', statements };
}
