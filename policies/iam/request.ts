/**
 * AWS's decision on one concrete request ("Policy evaluation logic" in the IAM user guide), where
 * `evaluate.ts` answers questions about classes of requests. The request names its caller, action,
 * resource and every context key it carries; a key it does not carry is absent. The answer is `yes`
 * (allowed), `no` (denied) or `maybe` (a value in a policy is known only after apply).
 *
 * - An explicit Deny in any policy that applies to the request wins.
 * - An anonymous caller or an AWS service is allowed only by a resource policy that names it (or `*`).
 * - In the resource's own account, an Allow in the identity policies (within the permissions boundary)
 *   suffices, except where the resource policy must trust the account first: a KMS key policy (requests
 *   with a resource policy under `kms:` are on keys) and a role's trust policy ("Allows access to the AWS account and enables IAM policies"). A resource policy naming the
 *   caller's session ARN (or `*`) allows by itself; one naming the role ARN still needs the boundary.
 * - From another account, both the resource policy and the caller's identity policies must allow.
 * - An organization's guardrails (the SCPs that apply to the caller, the RCPs that apply to the resource)
 *   deny with their Deny statements; their allows are AWS's FullAWSAccess and RCPFullAWSAccess, which AWS
 *   attaches at every level (RCPFullAWSAccess cannot be detached), so they grant nothing and limit nothing.
 */
import { parseArn } from '../arn';
import { ABSENT, evaluateCondition, type KeyState } from './conditions';
import { type CompiledPrincipal, type CompiledStatement, POLICY_VARIABLE } from './evaluate';
import { hasToken, match } from './glob';
import { and, anyOf, not, or, type Tri } from './tri';

/** Who makes the request. */
export type RequestCaller =
  | { readonly kind: 'anonymous' }
  /** An AWS service principal, e.g. `cloudtrail.amazonaws.com` or `logs.eu-west-1.amazonaws.com`. */
  | { readonly kind: 'service'; readonly principal: string }
  /** A SAML or OIDC identity provider's ARN, for AssumeRoleWithSAML / AssumeRoleWithWebIdentity. */
  | { readonly kind: 'federated'; readonly provider: string }
  | {
      readonly kind: 'role-session';
      /**
       * The role's ARN (`arn:aws:iam::111111111111:role/name`) and the session's
       * (`arn:aws:sts::...:assumed-role/name/session`); an IAM user is both.
       */
      readonly roleArn: string;
      readonly sessionArn: string;
      readonly account: string;
      readonly identity: readonly CompiledStatement[];
      /** Undefined: no permissions boundary. */
      readonly boundary?: readonly CompiledStatement[];
    };

export interface ConcreteRequest {
  readonly caller: RequestCaller;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  /** The resource's own policy (bucket, key, topic or trust policy); undefined when it has none. */
  readonly resourcePolicy?: readonly CompiledStatement[];
  /** Every context key of the request (caller's and request's), as written; a key not here is absent. */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** The name a token of a compiled value stands for (Resolver.tokenName): policy variables take the request's values. */
  readonly tokenName?: (token: string) => string | undefined;
  /**
   * The statements of the SCPs that apply to the caller (an IAM principal of an account they are attached
   * to, not the management account) and of the RCPs that apply to the resource (of an account they are
   * attached to, not the management account). Only their Deny statements decide. @default none
   */
  readonly guardrails?: readonly CompiledStatement[];
}

/** How a resource policy statement's Principal names the caller. */
type PrincipalMatch = 'direct' | 'role' | 'account' | 'none' | 'maybe';

function principalMatch(entries: readonly CompiledPrincipal[], caller: RequestCaller): PrincipalMatch {
  let out: PrincipalMatch = 'none';
  const better = (m: PrincipalMatch): void => {
    const rank: Readonly<Record<PrincipalMatch, number>> = { none: 0, maybe: 1, account: 2, role: 3, direct: 4 };
    if (rank[m] > rank[out]) out = m;
  };
  for (const p of entries) {
    for (const id of p.ids) {
      if (p.type === '*' || (p.type === 'AWS' && id === '*')) return 'direct';
      if (id === undefined) {
        better('maybe');
        continue;
      }
      if (caller.kind === 'service') {
        if (p.type === 'Service') better(fromTri(match(id, caller.principal, { wildcards: false }), 'direct'));
      } else if (caller.kind === 'federated') {
        if (p.type === 'Federated') better(fromTri(match(id, caller.provider, { wildcards: false }), 'direct'));
      } else if (caller.kind === 'role-session' && p.type === 'AWS') {
        better(fromTri(match(id, caller.sessionArn, { wildcards: false }), 'direct'));
        better(fromTri(match(id, caller.roleArn, { wildcards: false }), 'role'));
        const root = `arn:${parseArn(caller.roleArn)?.partition ?? 'aws'}:iam::${caller.account}:root`;
        better(fromTri(or(match(id, caller.account, { wildcards: false }), match(id, root, { wildcards: false })), 'account'));
      }
    }
  }
  return out;
}

const fromTri = (t: Tri, m: PrincipalMatch): PrincipalMatch => (t === 'yes' ? m : t === 'maybe' ? 'maybe' : 'none');

/** Whether a statement's Principal / NotPrincipal lets it apply to the caller, and how. */
function appliesTo(s: CompiledStatement, caller: RequestCaller): PrincipalMatch {
  // Identity and boundary statements have no Principal element: they apply to their own identity.
  if (!s.principals) return 'direct';
  if (s.principals.length === 0 && (s.notPrincipals?.length ?? 0) > 0) {
    const excluded = principalMatch(s.notPrincipals ?? [], caller);
    return excluded === 'none' ? 'direct' : excluded === 'maybe' ? 'maybe' : 'none';
  }
  return principalMatch(s.principals, caller);
}

function listMatches(positive: readonly (string | undefined)[], negative: readonly (string | undefined)[], one: (p: string) => Tri): Tri {
  const list = positive.length > 0 ? positive : negative;
  const any = anyOf(list.map((p) => (p === undefined ? 'maybe' : one(p))));
  return positive.length > 0 ? any : not(any);
}

/** A compiled value with its policy variables (`${aws:username}`) replaced by the request's single values. */
function withVariables(value: string | undefined, r: ConcreteRequest, context: ReadonlyMap<string, readonly string[]>): string | undefined {
  if (value === undefined || !hasToken(value) || !r.tokenName) return value;
  return value.replace(/[\uE000-\uF8FF]/g, (t) => {
    const name = r.tokenName?.(t);
    const v = name?.startsWith(POLICY_VARIABLE) ? context.get(name.slice(POLICY_VARIABLE.length).toLowerCase()) : undefined;
    return v?.length === 1 ? (v[0] as string) : t;
  });
}

/** Whether the statement's action, resource and conditions apply to the request (its principal aside). */
function matchesRequest(s: CompiledStatement, r: ConcreteRequest, context: ReadonlyMap<string, readonly string[]>): Tri {
  const action = r.action.toLowerCase();
  let out = listMatches(s.actions, s.notActions, (p) => match(p, action));
  if (out === 'no') return out;
  const vars = (values: readonly (string | undefined)[]) => values.map((v) => withVariables(v, r, context));
  // Trust policies have no Resource element: they apply to the role.
  if (s.resources.length > 0 || s.notResources.length > 0)
    out = and(
      out,
      listMatches(vars(s.resources), vars(s.notResources), (p) => match(p, r.resource)),
    );
  for (const c of s.conditions) {
    if (out === 'no') return out;
    const values = context.get(c.key);
    const state: KeyState = values === undefined ? ABSENT : { kind: 'values', values };
    out = and(out, evaluateCondition({ ...c, values: vars(c.values) }, state).satisfiable);
  }
  return out;
}

/** The decision on one request. */
export function decideRequest(r: ConcreteRequest): Tri {
  const context = new Map(Object.entries(r.context).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? [v] : v] as const));
  const { caller } = r;
  const identity = caller.kind === 'role-session' ? caller.identity : [];
  const boundary = caller.kind === 'role-session' ? caller.boundary : undefined;
  const applying = (statements: readonly CompiledStatement[], effect: 'Allow' | 'Deny', principal: (m: PrincipalMatch) => boolean | 'maybe'): Tri =>
    anyOf(
      statements
        .filter((s) => s.effect === effect)
        .map((s) => {
          const p = principal(appliesTo(s, caller));
          return p === false ? 'no' : and(p === 'maybe' ? 'maybe' : 'yes', matchesRequest(s, r, context));
        }),
    );
  const anyNamed = (m: PrincipalMatch): boolean | 'maybe' => (m === 'maybe' ? 'maybe' : m !== 'none');
  const resource = r.resourcePolicy ?? [];
  const denied = or(
    or(or(applying(resource, 'Deny', anyNamed), applying(identity, 'Deny', anyNamed)), boundary ? applying(boundary, 'Deny', anyNamed) : 'no'),
    applying(r.guardrails ?? [], 'Deny', anyNamed),
  );
  if (denied === 'yes') return 'no';

  const resourceAllows = (...kinds: PrincipalMatch[]): Tri => applying(resource, 'Allow', (m) => (m === 'maybe' ? 'maybe' : kinds.includes(m)));
  let allowed: Tri;
  if (caller.kind !== 'role-session') {
    allowed = resourceAllows('direct');
  } else {
    const identityAllows = applying(identity, 'Allow', () => true);
    const withinBoundary = boundary ? applying(boundary, 'Allow', () => true) : 'yes';
    if (caller.account === r.resourceAccount) {
      // KMS keys and roles trust IAM policies only through a key or trust policy statement naming the account.
      const service = r.action.slice(0, r.action.indexOf(':')).toLowerCase();
      const explicitTrust = r.resourcePolicy !== undefined && (service === 'sts' || service === 'kms');
      const trusted = explicitTrust ? resourceAllows('account') : 'yes';
      allowed = or(or(resourceAllows('direct'), and(resourceAllows('role'), withinBoundary)), and(and(identityAllows, trusted), withinBoundary));
    } else {
      allowed = and(and(resourceAllows('direct', 'role', 'account'), identityAllows), withinBoundary);
    }
  }
  return and(allowed, not(denied));
}
