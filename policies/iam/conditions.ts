/**
 * IAM condition operators as AWS documents them ("IAM JSON policy elements: Condition operators"):
 * - keys compare case-insensitively, values by the operator (`String*` case-sensitive unless `IgnoreCase`,
 *   `*`/`?` wildcards only in `...Like` and `Arn*`);
 * - a key absent from the request makes a condition false, except: `Null`, `...IfExists` (true), negated
 *   operators such as `StringNotEquals` or `ArnNotLike` (true), and `ForAllValues:` (true);
 * - several values for one key are alternatives (OR); a negated operator is true when no value matches;
 * - `ForAnyValue:` / `ForAllValues:` test some / every value of a multi-valued key.
 *
 * The checker does not know the request, so a key is in one of four states: absent; given values; held by
 * an outsider (absent, or a value of someone outside the account, which matches no literal); or free
 * (anything). For each condition it answers whether some request satisfies it and whether every one does.
 */
import { hasToken, hasWildcard, match } from './glob';
import { allOf, and, anyOf, not, or, type Tri, tri } from './tri';

export type KeyState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'values'; readonly values: readonly string[] }
  | { readonly kind: 'outsider' }
  | { readonly kind: 'free' };

export const ABSENT: KeyState = { kind: 'absent' };
export const FREE: KeyState = { kind: 'free' };
export const OUTSIDER: KeyState = { kind: 'outsider' };
export const values = (...v: string[]): KeyState => ({ kind: 'values', values: v });

/** One condition of a statement; `values` holds undefined for a value the file leaves to apply time. */
export interface CompiledCondition {
  readonly operator: string;
  /** Lower case, as IAM compares keys. */
  readonly key: string;
  readonly values: readonly (string | undefined)[];
}

export interface ConditionAnswer {
  /** Some request in this key state satisfies the condition. */
  readonly satisfiable: Tri;
  /** Every request in this key state satisfies it. */
  readonly always: Tri;
}

type Base =
  | 'StringEquals'
  | 'StringNotEquals'
  | 'StringEqualsIgnoreCase'
  | 'StringNotEqualsIgnoreCase'
  | 'StringLike'
  | 'StringNotLike'
  | 'NumericEquals'
  | 'NumericNotEquals'
  | 'NumericLessThan'
  | 'NumericLessThanEquals'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanEquals'
  | 'DateEquals'
  | 'DateNotEquals'
  | 'DateLessThan'
  | 'DateLessThanEquals'
  | 'DateGreaterThan'
  | 'DateGreaterThanEquals'
  | 'Bool'
  | 'BinaryEquals'
  | 'IpAddress'
  | 'NotIpAddress'
  | 'ArnEquals'
  | 'ArnLike'
  | 'ArnNotEquals'
  | 'ArnNotLike'
  | 'Null';

const BASES: ReadonlySet<string> = new Set<Base>([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]);

/** The negated operators and their positive forms. */
const NEGATED: Readonly<Partial<Record<Base, Base>>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

export interface ParsedOperator {
  readonly set?: 'any' | 'all';
  readonly base: Base;
  readonly ifExists: boolean;
}

const parsedOperators = new Map<string, ParsedOperator | undefined>();

/** Parses `ForAnyValue:StringLikeIfExists` and the like; undefined for an operator AWS does not have. Cached per text. */
export function parseOperator(operator: string): ParsedOperator | undefined {
  if (parsedOperators.has(operator)) return parsedOperators.get(operator);
  const parsed = parseOperatorText(operator);
  if (parsedOperators.size < 10_000) parsedOperators.set(operator, parsed);
  return parsed;
}

function parseOperatorText(operator: string): ParsedOperator | undefined {
  let rest = operator;
  let set: 'any' | 'all' | undefined;
  if (rest.startsWith('ForAnyValue:')) {
    set = 'any';
    rest = rest.slice('ForAnyValue:'.length);
  } else if (rest.startsWith('ForAllValues:')) {
    set = 'all';
    rest = rest.slice('ForAllValues:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'Null') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!BASES.has(rest) || (rest === 'Null' && (ifExists || set))) return undefined;
  return { ...(set ? { set } : {}), base: rest as Base, ifExists };
}

/** Whether a condition holds when its key is absent from the request. */
function whenAbsent(op: ParsedOperator, values: readonly (string | undefined)[]): Tri {
  if (op.base === 'Null') return anyOf(values.map((v): Tri => (v === undefined ? 'maybe' : tri(v.toLowerCase() === 'true'))));
  if (op.ifExists) return 'yes';
  if (op.set === 'all') return 'yes';
  if (op.set === 'any') return 'no';
  return tri(NEGATED[op.base] !== undefined);
}

/** One policy value against one request value, for a positive operator. */
function compare(base: Base, policy: string | undefined, request: string): Tri {
  if (policy === undefined) return 'maybe';
  switch (base) {
    case 'StringEquals':
      return match(policy, request, { wildcards: false });
    case 'StringEqualsIgnoreCase':
      return match(policy, request, { wildcards: false, ignoreCase: true });
    case 'StringLike':
      return match(policy, request);
    case 'Bool':
      return match(policy, request, { wildcards: false, ignoreCase: true });
    case 'BinaryEquals':
      return match(policy, request, { wildcards: false });
    case 'ArnEquals':
    case 'ArnLike':
      return arnMatch(policy, request);
    case 'IpAddress':
      return ipMatch(policy, request);
    case 'Null':
      return 'no';
    default:
      return numericOrDate(base, policy, request);
  }
}

function numericOrDate(base: Base, policy: string, request: string): Tri {
  if (hasToken(policy) || hasToken(request)) return 'maybe';
  const date = base.startsWith('Date');
  const parse = (s: string): number => (date ? (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s)) : Number(s));
  const a = parse(request);
  const b = parse(policy);
  if (Number.isNaN(a) || Number.isNaN(b)) return 'no';
  const kind = base.replace(/^(Numeric|Date)/, '');
  switch (kind) {
    case 'Equals':
      return tri(a === b);
    case 'LessThan':
      return tri(a < b);
    case 'LessThanEquals':
      return tri(a <= b);
    case 'GreaterThan':
      return tri(a > b);
    case 'GreaterThanEquals':
      return tri(a >= b);
    default:
      return 'maybe';
  }
}

/** ArnEquals / ArnLike: the six colon-separated parts each match, with wildcards. */
function arnMatch(policy: string, request: string): Tri {
  const split = (s: string): string[] | undefined => {
    const parts = s.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(policy);
  const r = split(request);
  if (!p || !r) return hasToken(request) || hasToken(policy) ? 'maybe' : tri(policy === '*');
  let out: Tri = 'yes';
  for (let i = 0; i < 6; i++) out = and(out, match(p[i] as string, r[i] as string));
  return out;
}

function ipMatch(policy: string, request: string): Tri {
  const toInt = (ip: string): number | undefined => {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
    if (!m) return undefined;
    return ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
  };
  const [net, bits] = policy.split('/');
  const a = toInt(request);
  const b = toInt(net ?? '');
  if (a === undefined || b === undefined) return 'maybe';
  const n = bits === undefined ? 32 : Number(bits);
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return tri((a & mask) >>> 0 === (b & mask) >>> 0);
}

/** A positive operator on one request value: some policy value matches. */
function positive(base: Base, values: readonly (string | undefined)[], request: string): Tri {
  let out: Tri = 'no';
  for (const v of values) out = or(out, compare(base, v, request));
  return out;
}

/** The condition on a request whose key has these values. */
function withValues(op: ParsedOperator, policyValues: readonly (string | undefined)[], request: readonly string[]): Tri {
  if (request.length === 0) return whenAbsent(op, policyValues);
  if (op.base === 'Null') return anyOf(policyValues.map((v): Tri => (v === undefined ? 'maybe' : tri(v.toLowerCase() === 'false'))));
  const positiveBase = NEGATED[op.base];
  const one = (r: string): Tri => (positiveBase ? not(positive(positiveBase, policyValues, r)) : positive(op.base, policyValues, r));
  return op.set === 'all' ? allOf(request.map(one)) : anyOf(request.map(one));
}

/**
 * A value of someone outside the account: it equals no literal and no resource's value (a token stands for
 * one specific value), but may match a wildcard; a value the file does not give may be anything.
 */
function forOutsider(op: ParsedOperator, policyValues: readonly (string | undefined)[]): Tri {
  if (op.base === 'Null') return withValues(op, policyValues, ['outsider']);
  if (NEGATED[op.base]) return 'yes';
  if (op.base.startsWith('Numeric') || op.base.startsWith('Date') || op.base === 'Bool' || op.base === 'IpAddress') return 'yes';
  const like = op.base === 'StringLike' || op.base === 'ArnLike' || op.base === 'ArnEquals';
  if (policyValues.some((v) => v !== undefined && like && hasWildcard(v))) return 'yes';
  return policyValues.some((v) => v === undefined) ? 'maybe' : 'no';
}

/** Whether every present value satisfies the condition: only a `*` pattern does. */
function everyPresentValue(op: ParsedOperator, policyValues: readonly (string | undefined)[]): Tri {
  if (op.base === 'Null') return anyOf(policyValues.map((v): Tri => (v === undefined ? 'maybe' : tri(v.toLowerCase() === 'false'))));
  if ((op.base === 'StringLike' || op.base === 'ArnLike') && op.set !== 'all') return tri(policyValues.some((v) => v === '*'));
  return 'no';
}

/** Satisfiable and always-true answers for one condition in one key state. An unknown operator is `maybe`. */
export function evaluateCondition(condition: CompiledCondition, state: KeyState): ConditionAnswer {
  const op = parseOperator(condition.operator);
  if (!op) return { satisfiable: 'maybe', always: 'maybe' };
  const values = condition.values;
  switch (state.kind) {
    case 'absent': {
      const r = whenAbsent(op, values);
      return { satisfiable: r, always: r };
    }
    case 'values': {
      const r = withValues(op, values, state.values);
      return { satisfiable: r, always: r };
    }
    case 'outsider': {
      const absent = whenAbsent(op, values);
      const foreign = forOutsider(op, values);
      const literal = values.every((v) => v !== undefined && !hasWildcard(v));
      return { satisfiable: or(absent, foreign), always: and(absent, tri(NEGATED[op.base] !== undefined && literal)) };
    }
    case 'free':
      return { satisfiable: 'yes', always: and(whenAbsent(op, values), everyPresentValue(op, values)) };
  }
}
