/** The requests behind each row of the access matrix, built for one environment and caller. */
import type { HumanPrincipal } from '../../config/environment-schema';
import { type AccessTarget, ASSUME_ROWS, type AssumeVariant, type ContextValueSpec, RESOURCE_ROWS } from '../../policies/access/catalogue';
import { CANARY_PREFIX } from '../../standard/canary';
import { type AssumeRequest, type EnvironmentAccess, type HumanRoleKind, partitionFacts } from '../support/environment-access';
import { type AccessRequest, type Caller, decide, decideAssume, type PolicyJson } from '../support/iam-evaluator';
import type { AssumeCaller, Decision } from './access-matrix';

/** A request without its caller; a row may need several (an S3 read also needs the key). */
export type Step = Omit<AccessRequest, 'caller'>;

/**
 * The requests of a catalogue row, for one caller, built from this harness's own reading of the
 * environment (ARNs and policies from the synthesized JSON and the config). All must be allowed for the
 * row to be allowed.
 */
export function stepsOf(id: string, a: EnvironmentAccess, caller: Caller): Step[] {
  const row = RESOURCE_ROWS.find((r) => r.id === id);
  if (!row) throw new Error(`no matrix row ${id}`);
  const { id: account, region, partition } = a.account;
  const facts = partitionFacts(partition, region);
  const callerAccount = String(caller.context['aws:PrincipalAccount'] ?? account);
  const auditBucketName = a.arns.auditBucket.slice(a.arns.auditBucket.lastIndexOf(':') + 1);
  const targets: Record<AccessTarget, { arn: string; policy?: PolicyJson }> = {
    'audit-bucket': { arn: a.arns.auditBucket, policy: a.policies.auditBucket },
    'log-file': {
      arn: `${a.arns.auditBucket}/${a.arns.logPrefix}CloudTrail/${region}/2026/01/01/${account}_CloudTrail_${region}_20260101T0000Z_a1b2c3d4.json.gz`,
      policy: a.policies.auditBucket,
    },
    'audit-bucket-elsewhere': { arn: `${a.arns.auditBucket}/uploads/junk.txt`, policy: a.policies.auditBucket },
    canary: { arn: `${a.arns.auditBucket}/${CANARY_PREFIX}${a.env.name}/2026-12-01T00-00-00-000Z-0123456789ab.txt`, policy: a.policies.auditBucket },
    'access-log-bucket': { arn: a.arns.accessLogBucket, policy: a.policies.accessLogBucket },
    'access-log-file': {
      arn: `${a.arns.accessLogBucket}/${auditBucketName}/${account}/${region}/${auditBucketName}/2026/01/01/2026-01-01-00-00-00-0123456789ABCDEF`,
      policy: a.policies.accessLogBucket,
    },
    key: { arn: a.arns.key, policy: a.policies.key },
    trail: { arn: a.arns.trail },
    'log-group': { arn: a.arns.logGroup },
    alarm: { arn: `arn:${partition}:cloudwatch:${region}:${account}:alarm:${a.arns.alarmNamePrefix}-cis-5-3-root-account-usage` },
    topic: { arn: a.arns.topic, policy: a.policies.topic },
    'delivery-role': { arn: a.arns.deliveryRole, policy: a.policies.deliveryTrust },
  };
  const value = (v: ContextValueSpec): string => {
    if (typeof v === 'string') return v;
    if ('arn' in v) return targets[v.arn].arn;
    return { 'via-s3': facts.viaS3, 'via-sns': facts.viaSns, 'caller-account': callerAccount }[v.fact];
  };
  return row.steps.map((step) => ({
    action: step.action,
    resource: targets[step.on].arn,
    resourceAccount: account,
    resourcePolicy: targets[step.on].policy,
    context: Object.fromEntries(Object.entries(step.context ?? {}).map(([k, v]) => [k, value(v)])),
  }));
}

export async function decideAll(steps: readonly Step[], caller: Caller): Promise<Decision> {
  for (const step of steps) if ((await decide({ ...step, caller })) === 'deny') return 'deny';
  return 'allow';
}

export const COLUMN_OF: Record<HumanPrincipal['type'], AssumeCaller> = {
  'iam-user': 'IAM user',
  'mfa-role': 'MFA role',
  'sso-role': 'Identity Center role',
  'saml-provider': 'SAML provider',
  'oidc-provider': 'OIDC provider',
};

export const VARIANTS: Record<string, AssumeVariant> = Object.fromEntries(ASSUME_ROWS.map((r) => [r.id, r.variant]));

export async function assumeDecision(a: EnvironmentAccess, kind: HumanRoleKind, request: AssumeRequest): Promise<Decision> {
  const [primary, ...implied] = request.actions as [string, ...string[]];
  return decideAssume(
    {
      caller: request.caller,
      action: primary,
      resource: a.arns.roles[kind] as string,
      resourceAccount: a.account.id,
      resourcePolicy: a.policies.trust[kind] as PolicyJson,
      context: request.context,
    },
    implied,
  );
}
