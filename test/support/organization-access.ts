/**
 * The policies of one synthesized organization as AWS will read them, from both stacks, and the callers
 * who make requests against them: AWS services for the organization trail, people and roles of the
 * management, log-archive and member accounts, and principals outside the organization. Each request
 * carries the guardrails AWS would apply to it: the SCP when the caller is an IAM principal of a member
 * account (never of the management account, never an AWS service), the RCP when the resource is in the
 * log-archive account.
 */
import type { OrganizationConfig } from '../../config/organization-schema';
import { partitionOf } from '../../config/regions';
import { ALLOW_EVERYTHING, OTHER_ACCOUNT, partitionFacts, roleSession } from './environment-access';
import type { Caller, ContextValue, PolicyJson } from './iam-evaluator';
import { type StackAccount, stackReader } from './stack-reader';
import type { TerraformJson } from './terraform-json';

/** A member account the guardrails apply to (one of the example's member accounts). */
export const MEMBER_ACCOUNT = '111111111111';

export type OrganizationRoleKind = 'auditor' | 'log-admin' | 'break-glass';

export interface OrganizationAccess {
  readonly org: OrganizationConfig;
  readonly accounts: { readonly management: StackAccount; readonly logArchive: StackAccount; readonly member: StackAccount; readonly outside: StackAccount };
  readonly arns: {
    readonly auditBucket: string;
    readonly accessLogBucket: string;
    /** Where the organization trail writes: [<prefix>/]AWSLogs/<organization id>/. */
    readonly logPrefix: string;
    readonly logArchiveKey: string;
    readonly managementKey: string;
    readonly trail: string;
    readonly logGroup: string;
    readonly topic: string;
    readonly roles: {
      readonly logArchive: Readonly<Partial<Record<OrganizationRoleKind, string>>>;
      readonly management: Readonly<Partial<Record<OrganizationRoleKind, string>>>;
    };
  };
  readonly policies: {
    readonly auditBucket: PolicyJson;
    readonly accessLogBucket: PolicyJson;
    readonly logArchiveKey: PolicyJson;
    readonly managementKey: PolicyJson;
    readonly scp: PolicyJson;
    readonly rcp: PolicyJson;
    readonly logArchive: RolePolicies;
    readonly management: RolePolicies;
  };
  /** Accounts the SCP is attached to (directly; OUs are not resolved to accounts here). */
  readonly scpTargets: readonly string[];
  /** Accounts the RCP is attached to. */
  readonly rcpTargets: readonly string[];
}

interface RolePolicies {
  readonly boundary: PolicyJson;
  readonly trust: Readonly<Partial<Record<OrganizationRoleKind, PolicyJson>>>;
  readonly permissions: Readonly<Partial<Record<OrganizationRoleKind, PolicyJson>>>;
}

export function organizationAccess(org: OrganizationConfig, logArchiveTf: TerraformJson, managementTf: TerraformJson): OrganizationAccess {
  const partition = partitionOf(org.region);
  const at = (id: string): StackAccount => ({ id, region: org.region, partition });
  const accounts = { management: at(org.accounts.management), logArchive: at(org.accounts.logArchive), member: at(MEMBER_ACCOUNT), outside: at(OTHER_ACCOUNT) };
  const la = stackReader(logArchiveTf, accounts.logArchive, `${org.name}-log-archive`);
  const mg = stackReader(managementTf, accounts.management, `${org.name}-management`);
  const rolesOf = (tf: TerraformJson, reader: typeof la) => {
    const arns: Partial<Record<OrganizationRoleKind, string>> = {};
    const trust: Partial<Record<OrganizationRoleKind, PolicyJson>> = {};
    const permissions: Partial<Record<OrganizationRoleKind, PolicyJson>> = {};
    for (const kind of ['auditor', 'log-admin', 'break-glass'] as const) {
      const role = tf.resource.aws_iam_role?.[`access-roles_${kind}_role`];
      if (!role) continue;
      arns[kind] = reader.arn('iam', `role/${role.name}`, false);
      trust[kind] = reader.policy(role.assume_role_policy);
      permissions[kind] = reader.policy(reader.one('aws_iam_policy', `access-roles_${kind}_policy`).policy);
    }
    return { arns, policies: { boundary: reader.policy(reader.one('aws_iam_policy', 'access-roles_boundary').policy), trust, permissions } };
  };
  const laRoles = rolesOf(logArchiveTf, la);
  const mgRoles = rolesOf(managementTf, mg);
  const trail = mg.one('aws_cloudtrail', 'trail_trail');
  const guardrail = (kind: 'scp' | 'rcp') => mg.policy(mg.one('aws_organizations_policy', `guardrails_${kind}_policy`).content);
  const targets = (kind: 'scp' | 'rcp') =>
    Object.values(managementTf.resource.aws_organizations_policy_attachment ?? {})
      .filter((a) => a.policy_id === `\${aws_organizations_policy.guardrails_${kind}_policy.id}`)
      .map((a) => String(a.target_id));
  return {
    org,
    accounts,
    arns: {
      auditBucket: la.attribute('aws_s3_bucket', 'audit-bucket_bucket', 'arn'),
      accessLogBucket: la.attribute('aws_s3_bucket', 'access-log-bucket_bucket', 'arn'),
      logPrefix: `${trail.s3_key_prefix ? `${trail.s3_key_prefix}/` : ''}AWSLogs/${org.organizationId}/`,
      logArchiveKey: la.attribute('aws_kms_key', 'audit-key_key', 'arn'),
      managementKey: mg.attribute('aws_kms_key', 'audit-key_key', 'arn'),
      trail: mg.arn('cloudtrail', `trail/${trail.name}`),
      logGroup: mg.attribute('aws_cloudwatch_log_group', 'trail_log-group', 'arn'),
      topic: mg.attribute('aws_sns_topic', 'security-alarms_topic', 'arn'),
      roles: { logArchive: laRoles.arns, management: mgRoles.arns },
    },
    policies: {
      auditBucket: la.policy(la.one('aws_s3_bucket_policy', 'audit-bucket_policy').policy),
      accessLogBucket: la.policy(la.one('aws_s3_bucket_policy', 'access-log-bucket_policy').policy),
      logArchiveKey: la.policy(la.one('aws_kms_key', 'audit-key_key').policy),
      managementKey: mg.policy(mg.one('aws_kms_key', 'audit-key_key').policy),
      scp: guardrail('scp'),
      rcp: guardrail('rcp'),
      logArchive: laRoles.policies,
      management: mgRoles.policies,
    },
    scpTargets: targets('scp'),
    rcpTargets: targets('rcp'),
  };
}

/** A caller and the account it belongs to (none for AWS services and anonymous callers). */
export interface OrganizationCaller extends Caller {
  readonly account?: string;
}

/** The callers of the organization access matrix, by column. */
export function organizationCallers(a: OrganizationAccess): Record<string, OrganizationCaller | undefined> {
  const { partition, region } = a.accounts.management;
  const facts = partitionFacts(partition, region);
  const management = a.accounts.management.id;
  const logArchive = a.accounts.logArchive.id;
  const inOrg = { 'aws:PrincipalOrgID': a.org.organizationId, 'aws:PrincipalIsAWSService': 'false' };
  const service = (name: string, context: Record<string, ContextValue>): OrganizationCaller => ({
    principal: name,
    identityPolicies: [],
    context: { 'aws:SecureTransport': 'true', 'aws:PrincipalIsAWSService': 'true', ...context },
  });
  const admin = (account: string, context: Record<string, ContextValue> = inOrg): OrganizationCaller => ({
    ...roleSession(partition, account, `arn:${partition}:iam::${account}:role/Administrator`, 'admin', context),
    identityPolicies: [ALLOW_EVERYTHING],
    account,
  });
  const deployer = (account: string): OrganizationCaller => {
    const arn = a.org.principals.deployers.find((d) => d.split(':')[4] === account) as string;
    return { ...roleSession(partition, account, arn, 'pipeline', inOrg), identityPolicies: [ALLOW_EVERYTHING], account };
  };
  const human = (where: 'logArchive' | 'management', kind: OrganizationRoleKind): OrganizationCaller | undefined => {
    const roleArn = a.arns.roles[where][kind];
    const permissions = a.policies[where].permissions[kind];
    if (!roleArn || !permissions) return undefined;
    const account = a.accounts[where].id;
    return {
      ...roleSession(partition, account, roleArn, 'alice', { ...inOrg, 'aws:SourceIdentity': 'alice' }),
      identityPolicies: [permissions],
      boundary: a.policies[where].boundary,
      account,
    };
  };
  return {
    'CloudTrail (organization trail)': service(facts.cloudtrail, {
      'aws:SourceArn': a.arns.trail,
      'aws:SourceAccount': management,
      'aws:SourceOrgID': a.org.organizationId,
    }),
    'CloudTrail (another trail)': service(facts.cloudtrail, {
      'aws:SourceArn': `arn:${partition}:cloudtrail:${region}:${MEMBER_ACCOUNT}:trail/another-trail`,
      'aws:SourceAccount': MEMBER_ACCOUNT,
      'aws:SourceOrgID': a.org.organizationId,
    }),
    'S3 server access logging': service(facts.s3Logging, { 'aws:SourceArn': a.arns.auditBucket, 'aws:SourceAccount': logArchive }),
    'member admin (*)': admin(MEMBER_ACCOUNT),
    'log-archive admin (*)': admin(logArchive),
    'management admin (*)': admin(management),
    'deployer (log archive)': deployer(logArchive),
    'deployer (management)': deployer(management),
    'auditor (log archive)': human('logArchive', 'auditor'),
    'auditor (management)': human('management', 'auditor'),
    'break-glass (log archive)': human('logArchive', 'break-glass'),
    'break-glass (management)': human('management', 'break-glass'),
    'admin outside the organization (*)': admin(OTHER_ACCOUNT, { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', 'aws:PrincipalIsAWSService': 'false' }),
    anonymous: { principal: 'anonymous', identityPolicies: [], context: { 'aws:SecureTransport': 'true' } },
  };
}

/** The guardrails AWS applies to one request: the SCP for IAM principals of accounts it is attached to, the RCP for resources of accounts it is attached to. */
export function guardrailsFor(a: OrganizationAccess, caller: OrganizationCaller, resourceAccount: string) {
  return {
    ...(caller.account && a.scpTargets.includes(caller.account) ? { serviceControlPolicies: [a.policies.scp] } : {}),
    ...(a.rcpTargets.includes(resourceAccount) ? { resourceControlPolicies: [a.policies.rcp] } : {}),
  };
}
