/**
 * The policies of one synthesized environment as AWS will read them, and the callers who make requests
 * against them. Policies come from the synthesized cdk.tf.json (the data.aws_iam_policy_document
 * statements), with Terraform references replaced by the values AWS will see; anything that cannot be
 * resolved throws, so a test never evaluates a policy it only half read.
 */
import type { EnvironmentConfig, HumanPrincipal } from '../../config/environment-schema';
import { partitionOf } from '../../config/regions';
import type { AssumeVariant } from '../../policies/access/catalogue';
import { verifyIamPolicy } from '../../verify/iam-policy';
import type { Caller, ContextValue, PolicyJson } from './iam-evaluator';
import { stackReader } from './stack-reader';
import type { TerraformJson } from './terraform-json';

export type HumanRoleKind = 'auditor' | 'log-admin' | 'break-glass';

/**
 * What AWS puts in requests, per partition, written out here rather than taken from the constructs: the
 * service principals (universal `<service>.amazonaws.com`; CloudWatch Logs regional, and in China with
 * the partition's suffix), the endpoint DNS suffix (kms:ViaService) and the sign-in host SAML
 * assertions are addressed to.
 */
export function partitionFacts(partition: string, region: string) {
  const dns = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  const signIn = { aws: 'signin.aws.amazon.com', 'aws-cn': 'signin.amazonaws.cn', 'aws-us-gov': 'signin.amazonaws-us-gov.com' }[partition];
  return {
    cloudtrail: 'cloudtrail.amazonaws.com',
    s3Logging: 'logging.s3.amazonaws.com',
    cloudwatch: 'cloudwatch.amazonaws.com',
    logs: `logs.${region}.${dns}`,
    viaS3: `s3.${region}.${dns}`,
    viaSns: `sns.${region}.${dns}`,
    samlAudience: `https://${signIn}/saml`,
  };
}

/** Another account, trusted nowhere. */
export const OTHER_ACCOUNT = '444455556666';

export interface EnvironmentAccess {
  readonly env: EnvironmentConfig;
  readonly account: { readonly id: string; readonly region: string; readonly partition: string };
  readonly arns: {
    readonly auditBucket: string;
    readonly accessLogBucket: string;
    readonly key: string;
    readonly trail: string;
    /** Key prefix CloudTrail writes under: [<s3_key_prefix>/]AWSLogs/<account>/. */
    readonly logPrefix: string;
    readonly logGroup: string;
    readonly topic: string;
    readonly deliveryRole: string;
    readonly roles: Readonly<Partial<Record<HumanRoleKind, string>>>;
    /** The name prefix of the baseline's alarms. */
    readonly alarmNamePrefix: string;
  };
  readonly policies: {
    readonly auditBucket: PolicyJson;
    readonly accessLogBucket: PolicyJson;
    readonly key: PolicyJson;
    readonly topic: PolicyJson;
    readonly boundary: PolicyJson;
    readonly deliveryTrust: PolicyJson;
    readonly trust: Readonly<Partial<Record<HumanRoleKind, PolicyJson>>>;
    readonly permissions: Readonly<Partial<Record<HumanRoleKind, PolicyJson>>>;
  };
}

/** Reads the environment's policies and ARNs from its synthesized JSON. */
export function environmentAccess(env: EnvironmentConfig, tf: TerraformJson): EnvironmentAccess {
  const partition = partitionOf(env.region);
  const { one, attribute, policy, arn } = stackReader(tf, { id: env.accountId, region: env.region, partition }, env.name);
  const roles: Partial<Record<HumanRoleKind, string>> = {};
  const trust: Partial<Record<HumanRoleKind, PolicyJson>> = {};
  const permissions: Partial<Record<HumanRoleKind, PolicyJson>> = {};
  for (const kind of ['auditor', 'log-admin', 'break-glass'] as const) {
    const role = tf.resource.aws_iam_role?.[`access-roles_${kind}_role`];
    if (!role) continue;
    roles[kind] = arn('iam', `role/${role.name}`, false);
    trust[kind] = policy(role.assume_role_policy);
    permissions[kind] = policy(one('aws_iam_policy', `access-roles_${kind}_policy`).policy);
  }
  const trail = one('aws_cloudtrail', 'trail_trail');
  return {
    env,
    account: { id: env.accountId, region: env.region, partition },
    arns: {
      auditBucket: attribute('aws_s3_bucket', 'audit-bucket_bucket', 'arn'),
      accessLogBucket: attribute('aws_s3_bucket', 'access-log-bucket_bucket', 'arn'),
      key: attribute('aws_kms_key', 'audit-key_key', 'arn'),
      trail: arn('cloudtrail', `trail/${trail.name}`),
      logPrefix: `${trail.s3_key_prefix ? `${trail.s3_key_prefix}/` : ''}AWSLogs/${env.accountId}/`,
      logGroup: attribute('aws_cloudwatch_log_group', 'trail_log-group', 'arn'),
      topic: attribute('aws_sns_topic', 'security-alarms_topic', 'arn'),
      deliveryRole: attribute('aws_iam_role', 'trail_delivery-role', 'arn'),
      roles,
      alarmNamePrefix: env.name,
    },
    policies: {
      auditBucket: policy(one('aws_s3_bucket_policy', 'audit-bucket_policy').policy),
      accessLogBucket: policy(one('aws_s3_bucket_policy', 'access-log-bucket_policy').policy),
      key: policy(one('aws_kms_key', 'audit-key_key').policy),
      topic: policy(one('aws_sns_topic_policy', 'security-alarms_topic-policy').policy),
      boundary: policy(one('aws_iam_policy', 'access-roles_boundary').policy),
      deliveryTrust: policy(one('aws_iam_role', 'trail_delivery-role').assume_role_policy),
      trust,
      permissions,
    },
  };
}

export const ALLOW_EVERYTHING: PolicyJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** The context AWS sets on every request of a role session. */
export function roleSession(partition: string, accountId: string, roleArn: string, sessionName: string, extra: Record<string, ContextValue> = {}) {
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  return {
    principal: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    context: {
      'aws:PrincipalArn': roleArn,
      'aws:PrincipalAccount': accountId,
      'aws:PrincipalType': 'AssumedRole',
      'aws:userid': `AROAEXAMPLEROLEID:${sessionName}`,
      'aws:SecureTransport': 'true',
      ...extra,
    },
  };
}

/** Callers of resource requests: services as they call on behalf of this baseline, and people. */
export function resourceCallers(a: EnvironmentAccess) {
  const { id, partition } = a.account;
  const facts = partitionFacts(partition, a.account.region);
  const service = (name: string, context: Record<string, ContextValue>): Caller => ({
    principal: name,
    identityPolicies: [],
    context: { 'aws:SecureTransport': 'true', 'aws:SourceAccount': id, ...context },
  });
  const humanRole = (kind: HumanRoleKind): Caller | undefined => {
    const roleArn = a.arns.roles[kind];
    const permissions = a.policies.permissions[kind];
    if (!roleArn || !permissions) return undefined;
    return {
      ...roleSession(partition, id, roleArn, 'alice', { 'aws:SourceIdentity': 'alice' }),
      identityPolicies: [permissions],
      boundary: a.policies.boundary,
    };
  };
  const deployer = a.env.principals.deployers[0] as string;
  // The role that runs verify, holding the IAM policy verify documents with the --prove-worm grant: a
  // configured verifier, or in an environment without one a role that would like to be.
  const verifier = a.env.principals.verifiers[0] ?? `arn:${partition}:iam::${id}:role/auditready-verifier`;
  const otherTrail = a.arns.trail.replace(/trail\/[^/]+$/, 'trail/another-trail');
  return {
    'CloudTrail (this trail)': service(facts.cloudtrail, { 'aws:SourceArn': a.arns.trail }),
    'CloudTrail (another trail)': service(facts.cloudtrail, { 'aws:SourceArn': otherTrail }),
    'S3 server access logging': service(facts.s3Logging, { 'aws:SourceArn': a.arns.auditBucket }),
    'CloudWatch Logs': service(facts.logs, { 'aws:SourceArn': a.arns.logGroup }),
    'CloudWatch alarms': service(facts.cloudwatch, {
      'aws:SourceArn': `arn:${partition}:cloudwatch:${a.account.region}:${id}:alarm:${a.arns.alarmNamePrefix}-cis-5-3-root-account-usage`,
    }),
    'account admin (*)': { ...roleSession(partition, id, `arn:${partition}:iam::${id}:role/Administrator`, 'admin'), identityPolicies: [ALLOW_EVERYTHING] },
    deployer: { ...roleSession(partition, id, deployer, 'pipeline'), identityPolicies: [ALLOW_EVERYTHING] },
    auditor: humanRole('auditor'),
    'log-admin': humanRole('log-admin'),
    'break-glass': humanRole('break-glass'),
    verifier: { ...roleSession(partition, id, verifier, 'verify'), identityPolicies: [verifierPolicy(a)] },
    anonymous: { principal: 'anonymous', identityPolicies: [], context: { 'aws:SecureTransport': 'true' } },
    'other account admin (*)': {
      ...roleSession(partition, OTHER_ACCOUNT, `arn:${partition}:iam::${OTHER_ACCOUNT}:role/Administrator`, 'admin'),
      identityPolicies: [ALLOW_EVERYTHING],
    },
  } satisfies Record<string, Caller | undefined>;
}

/** verify's documented IAM policy (`auditready verify --print-iam-policy --prove-worm`) for this environment. */
export function verifierPolicy(a: EnvironmentAccess): PolicyJson {
  const after = (arn: string, marker: string) => arn.slice(arn.indexOf(marker) + marker.length);
  return verifyIamPolicy(
    {
      partition: a.account.partition,
      accountId: a.account.id,
      region: a.account.region,
      names: {
        auditBucket: after(a.arns.auditBucket, ':::'),
        accessLogBucket: after(a.arns.accessLogBucket, ':::'),
        trailArn: a.arns.trail,
        logGroup: after(a.arns.logGroup, ':log-group:'),
        topicArn: a.arns.topic,
        namePrefix: a.arns.alarmNamePrefix,
      },
    },
    { proveWorm: true },
  ) as unknown as PolicyJson;
}

/** One request to assume a role: the actions STS authorizes for it, all of which must be allowed. */
export interface AssumeRequest {
  readonly caller: Caller;
  readonly actions: readonly string[];
  readonly context: Record<string, ContextValue>;
}

/** A value of the first allowed StringLike pattern. */
const ticketFor = (env: Pick<EnvironmentConfig, 'accessContext'>) => (env.accessContext.allowedValues[0] as string).replace(/\*/g, '1234').replace(/\?/g, 'X');

/**
 * The AssumeRole (or AssumeRoleWithSAML / WithWebIdentity) request a principal of this type makes, with
 * what its session can carry: MFA only where the session has it, the source identity and tags.
 */
/** What an assume request depends on: the partition and region, and the access context the roles require. */
export interface AssumeScope {
  readonly account: { readonly region: string; readonly partition: string };
  readonly env: Pick<EnvironmentConfig, 'accessContext'>;
}

export function assumeRequest(a: AssumeScope, principal: HumanPrincipal, variant: AssumeVariant = {}, inAccount?: string): AssumeRequest {
  const { partition } = a.account;
  const arnAccount = principal.arn.split(':')[4] as string;
  const account = inAccount ?? arnAccount;
  const principalArn = principal.arn.replace(`:${arnAccount}:`, `:${account}:`);
  const tagKey = a.env.accessContext.sessionTagKey;
  const ticket = variant.ticket === undefined ? ticketFor(a.env) : variant.ticket;
  const tagKeys = [...(ticket === null ? [] : [tagKey]), ...(variant.extraTagKey ? [variant.extraTagKey] : [])];
  const tags: Record<string, ContextValue> = {
    ...(ticket === null ? {} : { [`aws:RequestTag/${tagKey}`]: ticket }),
    ...(variant.extraTagKey ? { [`aws:RequestTag/${variant.extraTagKey}`]: 'x' } : {}),
    ...(tagKeys.length > 0 ? { 'aws:TagKeys': tagKeys } : {}),
  };
  const mfa: Record<string, ContextValue> = variant.noMfa
    ? {}
    : { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': String(variant.mfaAgeSeconds ?? 120) };
  const userName = principalArn.slice(principalArn.lastIndexOf('/') + 1);
  const name = principal.type === 'iam-user' ? userName : principal.type === 'sso-role' ? 'alice@example.com' : 'alice';
  const sourceIdentity = variant.sourceIdentity === undefined ? name : variant.sourceIdentity;
  const request = {
    ...tags,
    ...(sourceIdentity === null ? {} : { 'sts:SourceIdentity': sourceIdentity }),
  };
  const assume = ['sts:AssumeRole', 'sts:TagSession', ...(sourceIdentity === null ? [] : ['sts:SetSourceIdentity'])];
  const everything = [ALLOW_EVERYTHING];
  switch (principal.type) {
    case 'iam-user':
      return {
        caller: {
          principal: principalArn,
          identityPolicies: everything,
          context: {
            'aws:PrincipalArn': principalArn,
            'aws:PrincipalAccount': account,
            'aws:PrincipalType': 'User',
            'aws:username': userName,
            'aws:userid': 'AIDAEXAMPLEUSERID',
            'aws:SecureTransport': 'true',
            ...mfa,
          },
        },
        actions: assume,
        context: request,
      };
    case 'mfa-role':
      return { caller: { ...roleSession(partition, account, principalArn, name, mfa), identityPolicies: everything }, actions: assume, context: request };
    case 'sso-role':
      // Identity Center sessions carry no MFA context keys at all.
      return { caller: { ...roleSession(partition, account, principalArn, name), identityPolicies: everything }, actions: assume, context: request };
    case 'saml-provider':
      return {
        caller: { principal: principalArn, identityPolicies: [], context: { 'aws:SecureTransport': 'true' } },
        actions: ['sts:AssumeRoleWithSAML', ...assume.slice(1)],
        context: { ...request, 'SAML:aud': partitionFacts(partition, a.account.region).samlAudience },
      };
    case 'oidc-provider': {
      const issuer = principalArn.slice(principalArn.indexOf(':oidc-provider/') + ':oidc-provider/'.length);
      return {
        caller: { principal: principalArn, identityPolicies: [], context: { 'aws:SecureTransport': 'true' } },
        actions: ['sts:AssumeRoleWithWebIdentity', ...assume.slice(1)],
        context: { ...request, [`${issuer}:aud`]: principal.audience },
      };
    }
  }
}

/** Callers who are trusted nowhere, making an otherwise well-formed AssumeRole request (MFA, source identity, ticket). */
export function untrustedAssumeCallers(a: EnvironmentAccess): Record<string, AssumeRequest> {
  const { id, partition } = a.account;
  const mfa = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '120' };
  const request = {
    [`aws:RequestTag/${a.env.accessContext.sessionTagKey}`]: ticketFor(a.env),
    'aws:TagKeys': [a.env.accessContext.sessionTagKey],
    'sts:SourceIdentity': 'admin',
  };
  const actions = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];
  const auditor = a.arns.roles.auditor as string;
  return {
    'account admin (*)': {
      caller: { ...roleSession(partition, id, `arn:${partition}:iam::${id}:role/Administrator`, 'admin', mfa), identityPolicies: [ALLOW_EVERYTHING] },
      actions,
      context: request,
    },
    deployer: {
      caller: { ...roleSession(partition, id, a.env.principals.deployers[0] as string, 'pipeline', mfa), identityPolicies: [ALLOW_EVERYTHING] },
      actions,
      context: request,
    },
    // Role chaining out of a human role: the permissions boundary denies sts:AssumeRole.
    'auditor session': {
      caller: {
        ...roleSession(partition, id, auditor, 'alice', { ...mfa, 'aws:SourceIdentity': 'alice' }),
        identityPolicies: [a.policies.permissions.auditor as PolicyJson, ALLOW_EVERYTHING],
        boundary: a.policies.boundary,
      },
      actions,
      context: { ...request, 'sts:SourceIdentity': 'alice' },
    },
  };
}
