/**
 * An independent IAM policy evaluator for the tests: @cloud-copilot/iam-simulate (AGPL-3.0, so a
 * devDependency used here only; test/lint/dev-only-dependencies.test.ts keeps shipped code from importing it).
 *
 * Every request is checked strictly: a policy the evaluator cannot parse, or a context key it would drop
 * as not applying to the action, fails the test instead of quietly changing the decision.
 */
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate';

/** An IAM policy document as AWS reads it. */
export interface PolicyJson {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[];
}

export type ContextValue = string | readonly string[];

/** Who makes a request, with the identity-side policies AWS evaluates for them. */
export interface Caller {
  /** A principal ARN, a service principal, or "anonymous". */
  readonly principal: string;
  /** Identity policies of the principal (none for services and anonymous callers). */
  readonly identityPolicies: readonly PolicyJson[];
  /** The permissions boundary, if the principal has one. */
  readonly boundary?: PolicyJson;
  /** Context keys AWS sets for every request of this caller (aws:PrincipalArn, aws:SourceArn, ...). */
  readonly context: Readonly<Record<string, ContextValue>>;
}

export interface AccessRequest {
  readonly caller: Caller;
  readonly action: string;
  /** The resource ARN, and the account that owns it. */
  readonly resource: string;
  readonly resourceAccount: string;
  /** The resource's own policy: bucket, key, topic or trust policy. */
  readonly resourcePolicy?: PolicyJson;
  /** Context keys of this request (s3:x-amz-acl, kms:ViaService, sts:SourceIdentity, ...). */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /**
   * SCPs that apply to the caller: those attached to its account and the OUs above it. AWS's
   * FullAWSAccess stays attached at every level (the harness adds it). Absent when none apply: a
   * principal of the management account or outside the organization, or an AWS service.
   */
  readonly serviceControlPolicies?: readonly PolicyJson[];
  /** RCPs that apply to the resource's account (RCPFullAWSAccess is added by the evaluator). Absent when none apply. */
  readonly resourceControlPolicies?: readonly PolicyJson[];
}

/** AWS's FullAWSAccess SCP, attached by default at every level of an organization. */
const FULL_AWS_ACCESS: PolicyJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/**
 * Condition keys this evaluator version (0.1.173) drops as unknown, although AWS evaluates them: it
 * matches variable keys only in the `prefix/name` form, so `kms:EncryptionContext:<key>` is ignored, and
 * it knows no OIDC provider keys (`<issuer>:aud`). The harness renames each such key, consistently in
 * the policies and the request, to `aws:RequestTag/<original key>`, a variable key it evaluates with the
 * same operators. The rename changes no decision AWS would make: no policy here uses aws:RequestTag on
 * these requests for anything else.
 */
const UNKNOWN_TO_EVALUATOR = [/^kms:EncryptionContext:.+/i, /^[a-z0-9.-]+\.[a-z]{2,}(\/[^:]*)?:(aud|sub|amr)$/i];
const renamed = (key: string): string => (UNKNOWN_TO_EVALUATOR.some((re) => re.test(key)) ? `aws:RequestTag/${key}` : key);

/**
 * It also takes only principals ending in `amazonaws.com` for service principals, so China's
 * `logs.<region>.amazonaws.com.cn` is matched as `logs.<region>.amazonaws.com`, in policy and request alike.
 */
const asEvaluatorPrincipal = (principal: string): string => principal.replace(/\.amazonaws\.com\.cn$/, '.amazonaws.com');

function forEvaluator(policy: PolicyJson): PolicyJson {
  return {
    ...policy,
    Statement: policy.Statement.map((s) => {
      const out: Record<string, unknown> = { ...s };
      const principal = s.Principal as Record<string, string | string[]> | string | undefined;
      if (principal && typeof principal === 'object' && principal.Service) {
        out.Principal = { ...principal, Service: [principal.Service].flat().map(asEvaluatorPrincipal) };
      }
      const condition = s.Condition as Record<string, Record<string, unknown>> | undefined;
      if (condition) {
        out.Condition = Object.fromEntries(
          Object.entries(condition).map(([operator, keys]) => [operator, Object.fromEntries(Object.entries(keys).map(([k, v]) => [renamed(k), v]))]),
        );
      }
      return out;
    }),
  };
}

const asContext = (context: Readonly<Record<string, ContextValue>>): Record<string, string | string[]> =>
  Object.fromEntries(Object.entries(context).map(([k, v]) => [renamed(k), typeof v === 'string' ? v : [...v]]));

export type Decision = 'allow' | 'deny';

/** AWS's decision on one request: allowed, or denied (explicitly or implicitly). */
export async function decide(request: AccessRequest): Promise<Decision> {
  const { caller } = request;
  const anonymous = caller.principal === 'anonymous';
  const result = await runSimulation(
    {
      request: {
        principal: anonymous ? anonymousPrincipal : asEvaluatorPrincipal(caller.principal),
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: asContext({ ...caller.context, ...request.context }),
      },
      identityPolicies: caller.identityPolicies.map((p, i) => ({ name: `identity-${i}`, policy: forEvaluator(p) })),
      permissionBoundaryPolicies: caller.boundary ? [{ name: 'boundary', policy: forEvaluator(caller.boundary) }] : undefined,
      // The root, then the caller's own account: every level needs an allow, and each SCP denies at its level.
      serviceControlPolicies: request.serviceControlPolicies
        ? [
            { orgIdentifier: 'r-root', policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }] },
            {
              orgIdentifier: 'caller-account',
              policies: [FULL_AWS_ACCESS, ...request.serviceControlPolicies].map((p, i) => ({ name: `scp-${i}`, policy: forEvaluator(p) })),
            },
          ]
        : [],
      resourceControlPolicies: request.resourceControlPolicies
        ? [{ orgIdentifier: 'resource-account', policies: request.resourceControlPolicies.map((p, i) => ({ name: `rcp-${i}`, policy: forEvaluator(p) })) }]
        : [],
      resourcePolicy: request.resourcePolicy ? forEvaluator(request.resourcePolicy) : undefined,
    },
    {},
  );
  const what = `${caller.principal} ${request.action} on ${request.resource}`;
  if (result.resultType === 'error') throw new Error(`the evaluator refused ${what}: ${JSON.stringify(result.errors)}`);
  if (result.resultType !== 'single') throw new Error(`expected one resource for ${what}, got ${result.resultType}`);
  const ignored = result.result.ignoredContextKeys ?? [];
  if (ignored.length > 0) throw new Error(`the evaluator would ignore context keys ${ignored.join(', ')} of ${what}`);
  return result.overallResult === 'Allowed' ? 'allow' : 'deny';
}

/**
 * STS authorizes an AssumeRole request (or AssumeRoleWithSAML / WithWebIdentity) and each action it
 * implies (sts:TagSession when tags are passed, sts:SetSourceIdentity when a source identity is) against
 * the trust policy with the request's one context: AWS's own examples put sts:SourceIdentity and
 * aws:RequestTag conditions on statements allowing all of them ("Monitor and control actions taken with
 * assumed roles", "Passing session tags in AWS STS"). This evaluator instead filters context keys per
 * action by the Service Authorization Reference, which lists sts:SourceIdentity only for
 * SetSourceIdentity and the tag keys not for it. So an implied action is evaluated as the primary one
 * (which accepts every key of the request) against the trust statements that name the implied action.
 */
export async function decideAssume(request: AccessRequest, implied: readonly string[]): Promise<Decision> {
  if ((await decide(request)) === 'deny') return 'deny';
  const policy = request.resourcePolicy as PolicyJson;
  for (const action of implied) {
    const names = (s: Record<string, unknown>) => [s.Action].flat() as string[];
    const naming = policy.Statement.filter((s) => names(s).some((a) => a === action || a === 'sts:*' || a === '*'));
    const asPrimary = { ...policy, Statement: naming.map((s) => ({ ...s, Action: request.action })) };
    if (naming.length === 0 || (await decide({ ...request, resourcePolicy: asPrimary })) === 'deny') return 'deny';
  }
  return 'allow';
}
