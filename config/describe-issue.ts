import type * as v from 'valibot';
import type { ConfigKind, ConfigProblem } from './config-error';
import { PRINCIPAL_TYPES } from './environment-schema';

type Issue = v.BaseIssue<unknown>;

/** The parts of a valibot schema that lead to nested schemas. */
export interface AnySchema {
  readonly type: string;
  readonly wrapped?: AnySchema;
  readonly entries?: Record<string, AnySchema>;
  readonly item?: AnySchema;
  readonly value?: AnySchema;
}

/**
 * One schema issue as a problem a person can act on: the field's path, the value found and what is
 * allowed there (for an unknown field, the fields `root` allows at that place).
 */
export function describeIssue(kind: ConfigKind, subject: string, input: unknown, issue: Issue, root: AnySchema): ConfigProblem {
  const path = (issue.path ?? []).map((p) => String(p.key));
  const value = valueAt(input, path);
  const unknownKey = issue.type === 'strict_object' && issue.expected === 'never';
  return {
    subject,
    field: joinPath(path) || `(${kind})`,
    value: value === undefined ? '(missing)' : JSON.stringify(value),
    allowed: unknownKey ? `unknown field; allowed fields: ${allowedKeysAt(root, path.slice(0, -1)).join(', ')}` : allowedOf(issue, path, value),
  };
}

function allowedOf(issue: Issue, path: readonly string[], value: unknown): string {
  if (issue.kind === 'schema') {
    if (value === undefined) return 'required field is missing';
    if (issue.type === 'variant') {
      const types = `${PRINCIPAL_TYPES.map((t) => `"${t}"`).join(' | ')}`;
      return path.at(-1) === 'type' ? `allowed: ${types}` : `must be an object { "type": ..., "arn": ... } with type ${types}`;
    }
    if (issue.type === 'picklist') {
      const values = (issue.expected ?? '').replace(/^\(|\)$/g, '');
      return path.at(-1) === 'logGroupRetentionDays'
        ? `allowed: one of the CloudWatch Logs retention values (${values.split(' | ').join(', ')})`
        : `allowed: ${values}`;
    }
    if (issue.type === 'strict_object' || issue.type === 'object') return `expected an object, got ${typeOf(value)}`;
    return `expected ${issue.expected}`;
  }
  switch (issue.type) {
    case 'min_value':
      return `must be at least ${String(issue.requirement)}`;
    case 'max_value':
      return `must be at most ${String(issue.requirement)}`;
    case 'min_length':
      return `must have at least ${String(issue.requirement)} ${typeof issue.input === 'string' ? 'characters' : 'items'}`;
    case 'max_length':
      return `must have at most ${String(issue.requirement)} ${typeof issue.input === 'string' ? 'characters' : 'items'}`;
    case 'integer':
      return 'must be a whole number';
    default:
      return issue.message;
  }
}

function allowedKeysAt(root: AnySchema, path: readonly string[]): string[] {
  let schema: AnySchema | undefined = root;
  for (const part of path) {
    schema = unwrap(schema);
    if (schema.entries) schema = schema.entries[part];
    else if (schema.item) schema = schema.item;
    else if (schema.value) schema = schema.value;
    if (!schema) return [];
  }
  schema = unwrap(schema);
  return schema.entries ? Object.keys(schema.entries) : [];
}

/** Optional and default wrappers hide the schema inside; a pipe keeps its root schema's fields. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  while (s.wrapped) s = s.wrapped;
  return s;
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let v: unknown = input;
  for (const part of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function joinPath(path: readonly string[]): string {
  return path.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** The name an entry gives itself, or its position in the list when it has no usable name. */
export function labelOf(input: unknown, index: number): string {
  const name = (input as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.length > 0 ? name : `#${index}`;
}

/** A JSON value's kind, as a person would name it. */
export function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}
