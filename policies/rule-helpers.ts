/** Small helpers shared by the rules in `policies/rules/`: finding constructors and per-resource iteration. */
import { OUTSIDER } from './iam/conditions';
import { allowed, CONFINING, type CompiledStatement, sidOf } from './iam/evaluate';
import { hasToken } from './iam/glob';
import { boolAttr, type Known, type TfResource } from './model';
import type { OrganizationPolicies } from './organization-policies';
import type { Target } from './resolver';
import type { Config, PolicyOf, Subjects, Topology } from './topology';
import type { Finding } from './types';

export const pass = (r: TfResource | undefined, message: string): Finding => ({ outcome: 'pass', ...(r ? { resource: r.address } : {}), message });
export const fail = (r: TfResource | undefined, message: string): Finding => ({ outcome: 'fail', ...(r ? { resource: r.address } : {}), message });
export const unknown = (r: TfResource | undefined, message: string): Finding => ({ outcome: 'unknown', ...(r ? { resource: r.address } : {}), message });
export const notApplicable = (message: string, r?: TfResource): Finding => ({ outcome: 'not_applicable', ...(r ? { resource: r.address } : {}), message });

/**
 * One finding per resource, or one not-applicable finding when there is none. A resource whose `count` or
 * `for_each` cannot be evaluated may or may not exist: its finding is unknown. So is a reference to a
 * subject that cannot be resolved (a trail's bucket from a variable): the rule cannot say it does not apply.
 */
export function forEach(subjects: readonly TfResource[] | Subjects, none: string, check: (r: TfResource) => Finding | readonly Finding[]): Finding[] {
  const resources = 'resources' in subjects ? subjects.resources : subjects;
  const unresolved = 'unresolved' in subjects ? subjects.unresolved : [];
  const out: Finding[] = unresolved.map((u) => unknown(u.owner, `${u.attribute} cannot be resolved: ${u.reason}; unknown values fail closed`));
  if (resources.length === 0 && out.length === 0) return [notApplicable(none)];
  for (const r of resources) {
    if (r.existence) out.push(mayNotExist(r));
    else {
      const f = check(r);
      if ('outcome' in f) out.push(f);
      else out.push(...(f as readonly Finding[]));
    }
  }
  return out;
}

/** The finding for a resource whose existence depends on a `count` or `for_each` the checker cannot evaluate. */
export function mayNotExist(r: TfResource): Finding {
  return unknown(r, `whether it exists depends on ${r.existence?.expression}, which cannot be resolved; unknown values fail closed`);
}

/** A finding for an unresolvable value, naming the attribute and the expression. */
export function unresolved(r: TfResource, attribute: string, value: Known<unknown>): Finding {
  return unknown(r, `${attribute} cannot be resolved (${value.known ? 'unknown' : value.expression}); unknown values fail closed`);
}

/** The finding for a reference the resolver could not tie to a resource. */
export function unresolvedTarget(r: TfResource, attribute: string, t: Extract<Target, { kind: 'unknown' }>): Finding {
  return unknown(r, `${attribute} cannot be resolved: ${t.reason}; unknown values fail closed`);
}

/**
 * The finding when a resource's configuration of one kind is set more than once (AWS keeps whichever was
 * applied last, and Terraform's order is not defined) or cannot be told; undefined when there is at most one.
 */
export function configProblem(r: TfResource, config: Config | PolicyOf, what: string): Finding | undefined {
  if (config.kind === 'duplicate')
    return fail(
      r,
      `${config.addresses.length} ${what} manage this resource (${config.addresses.join(', ')}): AWS keeps whichever is applied last; keep exactly one`,
    );
  if (config.kind === 'unknown') return unknown(r, `${what} cannot be resolved: ${config.reason}; unknown values fail closed`);
  return undefined;
}

/**
 * One finding per human role, judged on its trust policy's statements; a trust policy set twice, unresolved
 * or missing is the role's finding without asking `judge`.
 */
export function forEachHumanTrust(
  topology: Topology,
  judge: (role: TfResource, statements: readonly CompiledStatement[]) => Finding | readonly Finding[],
): Finding[] {
  return forEach(topology.humanRoles, 'no human role in this configuration', (role) => {
    const trust = topology.policyIn(role, 'assume_role_policy');
    const problem = configProblem(role, trust, 'trust policies');
    if (problem) return problem;
    if (trust.kind !== 'document') return fail(role, 'assume_role_policy is not set');
    return judge(role, trust.statements);
  });
}

/**
 * The finding of a "nothing for the public, nothing for other accounts" rule on a resource policy: passes
 * when the policy admits no one outside a binding to an account, organization or source (see
 * iam/evaluate.ts, principal `anyone`), names no principal of another account (an account id, its root, a
 * role or user there) and no canonical user. `account` is this file's account; when the provider does not
 * pin it (a token), principals cannot be told apart and only the public is asked about.
 */
export function noPublicAccess(r: TfResource, policy: PolicyOf, what: string, absent: string, account: string): Finding {
  const problem = configProblem(r, policy, what);
  if (problem) return problem;
  if (policy.kind !== 'document') return pass(r, absent);
  const open = allowed(policy.statements, { principal: { kind: 'anyone' }, action: '*' });
  if (open.result === 'yes')
    return fail(r, `statement ${sidOf(open.statements[0])} allows principal "*" without a condition that binds it to an account, organization or source`);
  if (open.result === 'maybe') return unknown(r, `whether the policy admits the public cannot be resolved; unknown values fail closed`);
  // S3 canonical user ids name an account's owner, never this file's principals.
  const canonical = policy.statements.find((s) => s.effect === 'Allow' && s.principals?.some((p) => p.type === 'CanonicalUser'));
  if (canonical) return fail(r, `statement ${sidOf(canonical)} grants a CanonicalUser: access by an account owner outside this file`);
  if (!hasToken(account)) {
    const foreign = allowed(policy.statements, { principal: { kind: 'aws', otherThan: account }, action: '*', context: OUTSIDE_CONTEXT });
    if (foreign.result === 'yes') return fail(r, `statement ${sidOf(foreign.statements[0])} allows a principal of another account than ${account}`);
    if (foreign.result === 'maybe') return unknown(r, 'whether the policy admits another account cannot be resolved; unknown values fail closed');
  }
  return pass(r, 'no statement allows the public or another account');
}

/** A request from another account: it matches no binding to this account, organization or source. */
const OUTSIDE_CONTEXT = { keys: Object.fromEntries([...CONFINING].map((k) => [k, OUTSIDER])) };

/** Days of an Object Lock default retention block (`days`, or `years` * 365); numeric strings count. */
export function retentionDays(days: unknown, years: unknown): number | undefined {
  const n = (v: unknown): number | undefined => {
    const x = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
    // Beyond a double's range (Infinity) is no number of days AWS accepts.
    return x !== undefined && Number.isFinite(x) ? x : undefined;
  };
  const d = n(days);
  if (d !== undefined) return d;
  const y = n(years);
  return y !== undefined ? y * 365 : undefined;
}

/**
 * The common shape of a boolean-attribute check: `attribute` must equal `want`; absent means `absent`
 * (the provider default, named in the message so the reader knows why an unset attribute fails).
 */
export function checkBool(r: TfResource, attribute: string, absent: boolean, want: boolean, consequence: string): Finding {
  const raw = r.values[attribute];
  const v = boolAttr(raw, absent);
  if (!v.known) return unresolved(r, attribute, v);
  if (v.value === want) return pass(r, `${attribute} is ${String(want)}`);
  const note = raw === undefined || raw === null ? ` (absent means ${String(absent)})` : '';
  return fail(r, `${attribute} is ${String(v.value)}${note}: ${consequence}`);
}

/**
 * The finding when a file's organization policies of one kind cannot be read or none is attached (a policy
 * attached nowhere restricts nothing); undefined when there are attached policies to evaluate.
 */
export function organizationPoliciesProblem(policies: OrganizationPolicies, kind: 'SCP' | 'RCP', none: string): Finding | undefined {
  if (policies.unknown) return unknown(policies.unknown.resource, `the ${kind}s cannot be read: ${policies.unknown.reason}; unknown values fail closed`);
  if (policies.attached.length > 0) return undefined;
  const [unattached] = policies.unattached;
  return unattached ? fail(unattached, `the ${kind} is attached to no root, OU or account: it restricts nothing`) : fail(undefined, none);
}
