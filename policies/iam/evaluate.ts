/**
 * The policy evaluator behind every policy rule. It reads statements as AWS evaluates them (Allow and
 * Deny, Action/NotAction, Resource/NotResource, Principal/NotPrincipal, conditions: see conditions.ts)
 * and answers questions about classes of requests rather than one request:
 * - `allowed`: can some request of the class be allowed? (an Allow applies for some principal, action,
 *   resource and context of the class, and no Deny covers the whole class);
 * - `denied`: is every request of the class explicitly denied? (a Deny applies to every principal, action,
 *   resource and context of the class).
 * Keys a question does not fix are free: the caller may choose them. Answers are three-valued; a rule reads
 * `maybe` as the answer that fails it.
 */
import { isServicePrincipal, parseArn } from '../arn';
import type { Principal, Statement } from '../policy-document';
import type { Resolver } from '../resolver';
import { ABSENT, type CompiledCondition, type ConditionAnswer, evaluateCondition, FREE, type KeyState, OUTSIDER, values } from './conditions';
import { hasToken, hasWildcard, match, plainMatcher, prefixClass } from './glob';
import { allOf, and, not, or, type Tri } from './tri';

export interface CompiledPrincipal {
  readonly type: string;
  /** Undefined for an identifier the file leaves to apply time. */
  readonly ids: readonly (string | undefined)[];
}

/** A statement with every value materialized (see Resolver.materialize); undefined marks a value not known. */
export interface CompiledStatement {
  /** The statement as written (for messages). */
  readonly written: Statement;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** Lower case: actions match case-insensitively. */
  readonly actions: readonly (string | undefined)[];
  readonly notActions: readonly (string | undefined)[];
  readonly resources: readonly (string | undefined)[];
  readonly notResources: readonly (string | undefined)[];
  /** Undefined in identity policies, which have no Principal element. */
  readonly principals?: readonly CompiledPrincipal[];
  readonly notPrincipals?: readonly CompiledPrincipal[];
  readonly conditions: readonly CompiledCondition[];
}

/** Who makes the request. */
export type PrincipalQuery =
  /** Anyone at all, anonymous callers and every account included: the public (they match no binding to this account). */
  | { readonly kind: 'anyone' }
  /** Every caller, this account's and services acting for it included: for "is every request denied?". */
  | { readonly kind: 'everyone' }
  /** An AWS service principal, e.g. `cloudtrail`. */
  | { readonly kind: 'service'; readonly service: string }
  /** An IAM principal a statement names (user, role, account root); `otherThan` keeps those of other accounts. */
  | { readonly kind: 'aws'; readonly otherThan?: string }
  | { readonly kind: 'federated' }
  /**
   * One IAM principal by ARN (a role or user, e.g. a deployer). Statements for it, for `*`, or for its
   * account (the account delegates to the principal's IAM policies, which may allow anything) apply. Unless
   * the context says otherwise, its requests carry its `aws:PrincipalArn`, `aws:PrincipalAccount`,
   * `aws:PrincipalType` and, for a user, `aws:username`.
   */
  | { readonly kind: 'principal'; readonly arn: string }
  /** The identity an identity policy is attached to. */
  | { readonly kind: 'identity' };

export type ResourceQuery =
  | { readonly kind: 'any' }
  | { readonly kind: 'arn'; readonly arn: string }
  /** Every resource whose ARN starts with `prefix` (e.g. every object of a bucket: `<bucket arn>/`). */
  | { readonly kind: 'prefix'; readonly prefix: string };

export interface Context {
  /** Lower-case key to state; keys not listed are free. */
  readonly keys?: Readonly<Record<string, KeyState>>;
  /** Every key starting with one of these (lower case) is absent, e.g. `aws:requesttag/`. */
  readonly absentPrefixes?: readonly string[];
}

export interface Query {
  readonly principal: PrincipalQuery;
  /** An action (`s3:PutObject`) or a class of actions (`s3:*`, `*`). */
  readonly action: string;
  /** @default - any resource */
  readonly resource?: ResourceQuery;
  readonly context?: Context;
}

export interface Answer {
  readonly result: Tri;
  /** The statements behind the answer: the Allows that apply, or the Denies that cover. */
  readonly statements: readonly CompiledStatement[];
}

/**
 * Keys that bind a request to a party: with a literal value and a positive operator, they confine a
 * statement for "*" to that account, organization, source or network. An outsider never matches them.
 */
export const CONFINING: ReadonlySet<string> = new Set([
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:userid',
  'aws:username',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'kms:calleraccount',
]);

// ---------------------------------------------------------------------------------------------------------------
// Compiling

/** The token name prefix of a policy variable (`${aws:username}`): its value comes from each request. */
export const POLICY_VARIABLE = 'policy variable ';

const compiledCache = new WeakMap<Resolver, WeakMap<readonly Statement[], CompiledStatement[]>>();

/** Statements with their values materialized; cached per statement list. */
export function compile(statements: readonly Statement[], resolver: Resolver): CompiledStatement[] {
  let byResolver = compiledCache.get(resolver);
  if (!byResolver) {
    byResolver = new WeakMap();
    compiledCache.set(resolver, byResolver);
  }
  let out = byResolver.get(statements);
  if (!out) {
    out = statements.map((s) => compileStatement(s, resolver));
    byResolver.set(statements, out);
  }
  return out;
}

/**
 * IAM policy variables written `${aws:username}` (a colon in the name, or `${*}`, `${?}`, `${$}`) are not
 * Terraform interpolations (Terraform refuses such an expression; plans hold rendered text): read as `&{...}`.
 */
const POLICY_VARIABLE_TEXT = /(?<!\$)\$\{([A-Za-z][\w-]*:[^}]*|[*?$])\}/g;
const policyText = (v: string): string => (v.includes('${') ? v.replace(POLICY_VARIABLE_TEXT, '&{$1}') : v);

function compileStatement(s: Statement, resolver: Resolver): CompiledStatement {
  const variable = (_x: string, name: string) => resolver.token(`${POLICY_VARIABLE}${name}`);
  const value = (v: string): string | undefined => {
    // Policy variables (`${aws:username}` in a policy read from JSON, `&{aws:username}` in a data source) vary per request.
    const m = resolver.materialize(policyText(v));
    if (m === undefined || !m.includes('{')) return m;
    return m.replace(/[$&]\{([^}]*)\}/g, variable);
  };
  const principals = (list: readonly Principal[]): CompiledPrincipal[] => list.map((p) => ({ type: p.type, ids: p.identifiers.map(value) }));
  const identity = s.principals.length === 0 && s.notPrincipals.length === 0;
  return {
    written: s,
    ...(s.sid !== undefined ? { sid: s.sid } : {}),
    effect: s.effect,
    actions: s.actions.map((a) => value(a)?.toLowerCase()),
    notActions: s.notActions.map((a) => value(a)?.toLowerCase()),
    resources: s.resources.map(value),
    notResources: s.notResources.map(value),
    ...(identity ? {} : { principals: principals(s.principals), notPrincipals: principals(s.notPrincipals) }),
    conditions: s.conditions.map((c) => {
      const compiled: CompiledCondition = { operator: c.test, key: c.variable.toLowerCase(), values: c.values.map(value) };
      const variables: Record<string, string> = {};
      for (const v of c.values)
        for (const m of (resolver.materialize(policyText(v)) ?? '').matchAll(/[$&]\{([^}]*)\}/g))
          variables[resolver.token(`${POLICY_VARIABLE}${m[1] as string}`)] = (m[1] as string).toLowerCase();
      return Object.keys(variables).length > 0 ? { ...compiled, variables } : compiled;
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

type Level = 'none' | 'maybe' | 'some' | 'all';
const RANK: Readonly<Record<Level, number>> = { none: 0, maybe: 1, some: 2, all: 3 };
const best = (a: Level, b: Level): Level => (RANK[a] >= RANK[b] ? a : b);

/** The account of a principal identifier (an account id or an ARN), or undefined. */
function accountOf(id: string): string | undefined {
  if (/^\d{12}$/.test(id)) return id;
  return parseArn(id)?.account;
}

function principalLevel(s: CompiledStatement, q: PrincipalQuery): Level {
  if (!s.principals) return 'all';
  if (s.principals.length === 0 && (s.notPrincipals?.length ?? 0) > 0) {
    // Everyone except the listed principals.
    if (q.kind === 'service' && s.notPrincipals?.some((p) => p.type === 'Service' && p.ids.some((id) => id !== undefined && isServicePrincipal(id, q.service))))
      return 'none';
    if (q.kind === 'principal') {
      let level: Level = 'all';
      for (const p of s.notPrincipals ?? [])
        for (const id of p.ids) {
          const m = id === undefined ? 'maybe' : p.type === 'AWS' ? match(id, q.arn) : 'no';
          if (m === 'yes') return 'none';
          if (m === 'maybe') level = 'maybe';
        }
      return level;
    }
    return 'some';
  }
  let level: Level = 'none';
  for (const p of s.principals) {
    for (const id of p.ids) {
      if (p.type === '*' || ((p.type === 'AWS' || p.type === '*') && id === '*')) return 'all';
      if (id === undefined) {
        level = best(level, 'maybe');
        continue;
      }
      switch (q.kind) {
        case 'anyone':
        case 'everyone':
          if (hasWildcard(id)) level = best(level, 'maybe');
          break;
        case 'service':
          if (p.type === 'Service' && isServicePrincipal(id, q.service)) return 'all';
          break;
        case 'aws': {
          if (p.type !== 'AWS') break;
          if (q.otherThan === undefined) {
            level = best(level, 'some');
            break;
          }
          const account = accountOf(id);
          if (account === undefined || /[^\d]/.test(account)) level = best(level, 'maybe');
          else if (account !== q.otherThan) level = best(level, 'some');
          break;
        }
        case 'federated':
          if (p.type === 'Federated') level = best(level, 'some');
          break;
        case 'principal': {
          if (p.type !== 'AWS') break;
          const named = match(id, q.arn);
          if (named === 'yes') return 'all';
          // The principal's account: the key or bucket delegates to the account's IAM policies.
          const own = /^arn:[^:]*:[^:]*:[^:]*:([^:]+):/.exec(q.arn)?.[1];
          const root = /^arn:[^:]+:iam::([^:]+):root$/.exec(id)?.[1] ?? (/^\d{12}$/.test(id) ? id : undefined);
          const delegated = own !== undefined && root !== undefined ? match(root, own, { wildcards: false }) : 'no';
          if (delegated === 'yes') return 'all';
          if (named === 'maybe' || delegated === 'maybe') level = best(level, 'maybe');
          break;
        }
        case 'identity':
          return 'all';
      }
    }
  }
  return level;
}

interface Coverage {
  readonly overlaps: Tri;
  readonly covers: Tri;
}

/** A pattern against a class: a name, a `prefix*` class, or another pattern. */
function classMatch(pattern: string | undefined, cls: string, ignoreCase: boolean): Coverage {
  if (pattern === undefined) return { overlaps: 'maybe', covers: 'maybe' };
  const star = cls.indexOf('*');
  if (star < 0 && !cls.includes('?')) {
    const m = match(pattern, cls, { ignoreCase });
    return { overlaps: m, covers: m };
  }
  if (star === cls.length - 1 && !cls.includes('?')) return prefixClass(pattern, cls.slice(0, -1), ignoreCase);
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const c = ignoreCase ? cls.toLowerCase() : cls;
  return { overlaps: globsIntersect(p, c) ? 'yes' : 'no', covers: p === '*' || p === c ? 'yes' : 'no' };
}

/** Whether two wildcard patterns match a common string. */
function globsIntersect(a: string, b: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let r: boolean;
    if (i === a.length && j === b.length) r = true;
    else if (a[i] === '*') r = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (b[j] === '*') r = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else if (i === a.length || j === b.length) r = false;
    else r = (a[i] === b[j] || a[i] === '?' || b[j] === '?') && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** Positive and negative lists (Action/NotAction, Resource/NotResource) against a class. */
function listCoverage(
  positive: readonly (string | undefined)[],
  negative: readonly (string | undefined)[],
  cls: (p: string | undefined) => Coverage,
): Coverage {
  const list = positive.length > 0 ? positive : negative;
  if (list.length === 0) return { overlaps: 'no', covers: 'no' };
  let overlaps: Tri = 'no';
  let covers: Tri = 'no';
  for (const p of list) {
    const c = cls(p);
    overlaps = or(overlaps, c.overlaps);
    covers = or(covers, c.covers);
  }
  // NotAction/NotResource: the statement applies to what no listed pattern matches.
  return positive.length > 0 ? { overlaps, covers } : { overlaps: not(covers), covers: not(overlaps) };
}

/** `action` is lower case already: compiled actions are, and the queries lower it once. */
function actionCoverage(s: CompiledStatement, action: string): Coverage {
  return listCoverage(s.actions, s.notActions, (p) => classMatch(p, action, false));
}

/**
 * actionCoverage for one action without wildcards or tokens: each pattern matches it or not, so the statement
 * overlaps the action exactly when it covers it.
 */
function literalActionCoverage(s: CompiledStatement, action: string): Coverage {
  const positive = s.actions.length > 0;
  const list = positive ? s.actions : s.notActions;
  if (list.length === 0) return { overlaps: 'no', covers: 'no' };
  let m: Tri = 'no';
  for (const p of list) {
    m = or(m, p === undefined ? 'maybe' : hasToken(p) ? classMatch(p, action, false).covers : plainMatcher(p)(action) ? 'yes' : 'no');
    if (m === 'yes') break;
  }
  const r = positive ? m : not(m);
  return { overlaps: r, covers: r };
}

function resourceCoverage(s: CompiledStatement, q: ResourceQuery): Coverage {
  // Trust policies have no Resource element: they apply to the role.
  if (s.resources.length === 0 && s.notResources.length === 0) return { overlaps: 'yes', covers: 'yes' };
  const cls = (p: string | undefined): Coverage => {
    if (p === undefined) return { overlaps: 'maybe', covers: 'maybe' };
    switch (q.kind) {
      case 'any':
        return { overlaps: 'yes', covers: p === '*' ? 'yes' : 'no' };
      case 'arn': {
        const m = match(p, q.arn);
        return { overlaps: m, covers: m };
      }
      case 'prefix':
        return prefixClass(p, q.prefix);
    }
  };
  return listCoverage(s.resources, s.notResources, cls);
}

function keyState(q: Query, key: string): KeyState {
  const explicit = q.context?.keys?.[key];
  if (explicit) return explicit;
  if (q.principal.kind === 'principal') {
    const own = principalKeys(q.principal.arn)[key];
    if (own) return own;
  }
  if (q.context?.absentPrefixes?.some((p) => key.startsWith(p))) return { kind: 'absent' };
  if (q.principal.kind === 'anyone' && CONFINING.has(key)) return OUTSIDER;
  return FREE;
}

const principalKeyCache = new Map<string, Readonly<Record<string, KeyState>>>();

/** The keys IAM sets for every request of a named principal (IAM User Guide, "AWS global condition context keys"). */
function principalKeys(arn: string): Readonly<Record<string, KeyState>> {
  let keys = principalKeyCache.get(arn);
  if (!keys) {
    const parsed = parseArn(arn);
    const user = parsed?.resource.startsWith('user/') === true;
    keys = {
      'aws:principalarn': values(arn),
      ...(parsed ? { 'aws:principalaccount': values(parsed.account) } : {}),
      'aws:principaltype': values(user ? 'User' : 'AssumedRole'),
      ...(user && parsed ? { 'aws:username': values(parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1)) } : { 'aws:username': ABSENT }),
    };
    if (principalKeyCache.size > 10_000) principalKeyCache.clear();
    principalKeyCache.set(arn, keys);
  }
  return keys;
}

/**
 * A condition whose values hold policy variables (`${aws:username}`), with each variable replaced by the
 * request's value of that key when the question fixes one; otherwise the variable stays a token (any value).
 */
function withVariables(c: CompiledCondition, q: Query): CompiledCondition {
  if (!c.variables) return c;
  let out = c.values;
  for (const [token, key] of Object.entries(c.variables)) {
    const state = keyState(q, key);
    if (state.kind !== 'values' || state.values.length !== 1) continue;
    const value = state.values[0] as string;
    out = out.map((v) => v?.split(token).join(value));
  }
  return out === c.values ? c : { ...c, values: out };
}

/** A condition's answer per key state object: key states are mostly constants (rule contexts, principal keys). */
const conditionAnswers = new WeakMap<CompiledCondition, Map<KeyState, ConditionAnswer>>();

function evaluateOnce(c: CompiledCondition, state: KeyState): ConditionAnswer {
  let byState = conditionAnswers.get(c);
  if (!byState) {
    byState = new Map();
    conditionAnswers.set(c, byState);
  }
  let a = byState.get(state);
  if (!a) {
    a = evaluateCondition(c, state);
    byState.set(state, a);
  }
  return a;
}

function conditionAnswer(c: CompiledCondition, q: Query): ConditionAnswer {
  const state = keyState(q, c.key);
  return c.variables ? evaluateCondition(withVariables(c, q), state) : evaluateOnce(c, state);
}

/** Whether some request of the class satisfies every condition (`and` over them, stopping at `no`). */
function satisfiable(s: CompiledStatement, q: Query): Tri {
  let out: Tri = 'yes';
  for (const c of s.conditions) {
    out = and(out, conditionAnswer(c, q).satisfiable);
    if (out === 'no') break;
  }
  return out;
}

/** Whether every request of the class satisfies every condition. */
function always(s: CompiledStatement, q: Query): Tri {
  let out: Tri = 'yes';
  for (const c of s.conditions) {
    out = and(out, conditionAnswer(c, q).always);
    if (out === 'no') break;
  }
  return out;
}

/**
 * The statements of a list that may apply to an action, with how their Action/NotAction meets it: the
 * Allows whose actions overlap it and the Denies whose actions cover it. Computed once per list and action,
 * so that each question about the action looks only at those statements.
 */
interface ActionIndex {
  /** `i`: the statement's position in the list. */
  readonly allows: readonly { readonly s: CompiledStatement; readonly i: number; readonly action: Tri }[];
  readonly denies: readonly { readonly s: CompiledStatement; readonly i: number; readonly action: Tri }[];
}

const actionIndexes = new WeakMap<readonly CompiledStatement[], Map<string, ActionIndex>>();

/** `action` is lower case. */
function actionIndex(statements: readonly CompiledStatement[], action: string): ActionIndex {
  let byAction = actionIndexes.get(statements);
  if (!byAction) {
    byAction = new Map();
    actionIndexes.set(statements, byAction);
  }
  let index = byAction.get(action);
  if (!index) {
    const allows: { s: CompiledStatement; i: number; action: Tri }[] = [];
    const denies: { s: CompiledStatement; i: number; action: Tri }[] = [];
    const literal = !hasWildcard(action) && !hasToken(action);
    for (const [i, s] of statements.entries()) {
      const c = literal ? literalActionCoverage(s, action) : actionCoverage(s, action);
      if (s.effect === 'Allow' && c.overlaps !== 'no') allows.push({ s, i, action: c.overlaps });
      if (s.effect === 'Deny' && c.covers !== 'no') denies.push({ s, i, action: c.covers });
    }
    index = { allows, denies };
    byAction.set(action, index);
  }
  return index;
}

const ANY_RESOURCE: ResourceQuery = { kind: 'any' };

/** Whether an Allow statement lets some request of the class through (before Denies), its actions aside. */
function allowApplies(s: CompiledStatement, q: Query): Tri {
  const p = principalLevel(s, q.principal);
  if (p === 'none') return 'no';
  let out: Tri = p === 'maybe' ? 'maybe' : 'yes';
  out = and(out, resourceCoverage(s, q.resource ?? ANY_RESOURCE).overlaps);
  if (out === 'no') return out;
  return and(out, satisfiable(s, q));
}

/** Whether a Deny statement refuses every request of the class, its actions aside. */
function denyCovers(s: CompiledStatement, q: Query): Tri {
  const p = principalLevel(s, q.principal);
  let out: Tri = p === 'all' ? 'yes' : p === 'maybe' ? 'maybe' : 'no';
  if (out === 'no') return out;
  out = and(out, resourceCoverage(s, q.resource ?? ANY_RESOURCE).covers);
  if (out === 'no') return out;
  return and(out, always(s, q));
}

const answers = new WeakMap<readonly CompiledStatement[], Map<string, Answer>>();

const contextKeys = new WeakMap<Context, string>();

/** A context's part of a query key; contexts are mostly constants of the rules, so it is computed once per object. */
function contextKey(context: Context | undefined): string {
  if (!context) return '';
  let key = contextKeys.get(context);
  if (key === undefined) {
    key = '';
    const keys = context.keys;
    if (keys) for (const k in keys) key += `${k}=${JSON.stringify(keys[k])};`;
    if (context.absentPrefixes) key += `absent:${context.absentPrefixes.join(',')}`;
    contextKeys.set(context, key);
  }
  return key;
}

/** A query's key without its action: who, which resources, what context. */
function classKey(q: Query): string {
  const p = q.principal;
  const who =
    p.kind === 'service' ? `service:${p.service}` : p.kind === 'aws' ? `aws:${p.otherThan ?? ''}` : p.kind === 'principal' ? `principal:${p.arn}` : p.kind;
  const r = q.resource;
  const what = r === undefined || r.kind === 'any' ? 'any' : r.kind === 'arn' ? `arn:${r.arn}` : `prefix:${r.prefix}`;
  return `${who}|${what}|${contextKey(q.context)}`;
}

/** Answers are computed once per statement list and query: many rules ask the same policy the same question. */
function memo(statements: readonly CompiledStatement[], kind: string, q: Query, compute: (cls: string) => Answer): Answer {
  let byQuery = answers.get(statements);
  if (!byQuery) {
    byQuery = new Map();
    answers.set(statements, byQuery);
  }
  const cls = classKey(q);
  const key = `${kind}|${q.action}|${cls}`;
  let a = byQuery.get(key);
  if (!a) {
    a = compute(cls);
    byQuery.set(key, a);
  }
  return a;
}

/**
 * What each statement of a list says to a class of requests apart from the action (principal, resource,
 * conditions), by the statement's position, once per list and class key: questions about many actions of one
 * class (every bucket setting) share it.
 */
type Rests = (Tri | undefined)[];
const allowRests = new WeakMap<readonly CompiledStatement[], Map<string, Rests>>();
const denyRests = new WeakMap<readonly CompiledStatement[], Map<string, Rests>>();

function restsOf(cache: WeakMap<readonly CompiledStatement[], Map<string, Rests>>, statements: readonly CompiledStatement[], cls: string): Rests {
  let byClass = cache.get(statements);
  if (!byClass) {
    byClass = new Map();
    cache.set(statements, byClass);
  }
  let rests = byClass.get(cls);
  if (!rests) {
    rests = [];
    byClass.set(cls, rests);
  }
  return rests;
}

/** The statement's answer at position `i` of `rests`, computed on first use. */
function cached(rests: Rests, i: number, compute: (s: CompiledStatement, q: Query) => Tri, s: CompiledStatement, q: Query): Tri {
  let t = rests[i];
  if (t === undefined) {
    t = compute(s, q);
    rests[i] = t;
  }
  return t;
}

/** Can some request of the class be allowed by these statements? */
export function allowed(statements: readonly CompiledStatement[], q: Query): Answer {
  return memo(statements, 'allowed', q, (cls) => computeAllowed(statements, q, cls));
}

function computeAllowed(statements: readonly CompiledStatement[], q: Query, cls: string): Answer {
  const index = actionIndex(statements, q.action.toLowerCase());
  const allows: CompiledStatement[] = [];
  let allow: Tri = 'no';
  const allowRest = restsOf(allowRests, statements, cls);
  for (const { s, i, action } of index.allows) {
    const t = and(action, cached(allowRest, i, allowApplies, s, q));
    if (t === 'no') continue;
    allows.push(s);
    allow = or(allow, t);
  }
  const denies: CompiledStatement[] = [];
  let deny: Tri = 'no';
  const denyRest = restsOf(denyRests, statements, cls);
  for (const { s, i, action } of index.denies) {
    const t = and(action, cached(denyRest, i, denyCovers, s, q));
    if (t === 'no') continue;
    denies.push(s);
    deny = or(deny, t);
  }
  const result = and(allow, not(deny));
  return { result, statements: result === 'no' && deny === 'yes' ? denies : allows };
}

/**
 * Is every request of the class explicitly denied by these statements? A class of resources (every object
 * of a bucket) may be covered by several Denies that split it (one for a prefix, one for the rest with
 * NotResource): then every witness resource of the class, one inside and one beside each prefix the
 * Denies name and a fresh one, must be denied by some statement.
 */
export function denied(statements: readonly CompiledStatement[], q: Query): Answer {
  return memo(statements, 'denied', q, (cls) => {
    const whole = deniedAsOne(statements, q, cls);
    if (whole.result === 'yes' || q.resource?.kind !== 'prefix') return whole;
    const each = witnessesOf(statements, q.resource.prefix).map((arn) => {
      const witness: Query = { ...q, resource: { kind: 'arn', arn } };
      return deniedAsOne(statements, witness, classKey(witness));
    });
    const result = allOf(each.map((a) => a.result));
    return result === 'no' ? whole : { result, statements: [...new Set(each.flatMap((a) => a.statements))] };
  });
}

const witnessCache = new WeakMap<readonly CompiledStatement[], Map<string, readonly string[]>>();

/** Witness resources of a prefix class: a fresh one, and one inside and one beside each prefix the Denies name. */
function witnessesOf(statements: readonly CompiledStatement[], prefix: string): readonly string[] {
  let byPrefix = witnessCache.get(statements);
  if (!byPrefix) {
    byPrefix = new Map();
    witnessCache.set(statements, byPrefix);
  }
  let out = byPrefix.get(prefix);
  if (!out) {
    const witnesses = new Set([`${prefix}zz-fresh`]);
    for (const s of statements) {
      if (s.effect !== 'Deny') continue;
      for (const p of [...s.resources, ...s.notResources]) {
        if (p === undefined || !p.startsWith(prefix)) continue;
        const literal = p.slice(0, Math.min(...['*', '?'].map((w) => (p.includes(w) ? p.indexOf(w) : p.length))));
        witnesses.add(literal);
        witnesses.add(`${literal}x`);
        if (literal.length > prefix.length) witnesses.add(literal.slice(0, -1));
      }
    }
    out = [...witnesses];
    byPrefix.set(prefix, out);
  }
  return out;
}

/** Whether one Deny statement covers the whole class. */
function deniedAsOne(statements: readonly CompiledStatement[], q: Query, cls: string): Answer {
  const denies: CompiledStatement[] = [];
  let result: Tri = 'no';
  const denyRest = restsOf(denyRests, statements, cls);
  for (const { s, i, action } of actionIndex(statements, q.action.toLowerCase()).denies) {
    const t = and(action, cached(denyRest, i, denyCovers, s, q));
    if (t === 'no') continue;
    denies.push(s);
    result = or(result, t);
  }
  return { result, statements: denies };
}

/** A statement's sid for messages. */
export function sidOf(s: CompiledStatement | undefined): string {
  return s?.sid ?? '(no sid)';
}
