/** The requests behind each row of the organization access matrix, built for one organization and caller. */
import { partitionFacts } from '../support/environment-access';
import { type AccessRequest, decide, type PolicyJson } from '../support/iam-evaluator';
import { guardrailsFor, MEMBER_ACCOUNT, type OrganizationAccess, type OrganizationCaller } from '../support/organization-access';
import type { Decision } from './access-matrix';

/** A request without its caller and guardrails; a row may need several (an S3 read also needs the key). */
export type OrganizationStep = Omit<AccessRequest, 'caller' | 'serviceControlPolicies' | 'resourceControlPolicies'>;

/** A policy that allows everything to everyone in the organization: what a careless or hostile rewrite could leave behind. */
function allowingEveryone(a: OrganizationAccess, actions: string, resources: string[]): PolicyJson {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Rewritten',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: actions,
        Resource: resources,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': a.org.organizationId } },
      },
    ],
  };
}

/** A grant to one account of another organization: not public, so Block Public Access lets it be written. */
function grantingAccount(accountArn: string, actions: string, resources: string[]): PolicyJson {
  return { Version: '2012-10-17', Statement: [{ Sid: 'Granted', Effect: 'Allow', Principal: { AWS: accountArn }, Action: actions, Resource: resources }] };
}

export function organizationSteps(id: string, a: OrganizationAccess, caller: OrganizationCaller): OrganizationStep[] {
  const { region, partition } = a.accounts.management;
  const logArchive = a.accounts.logArchive.id;
  const management = a.accounts.management.id;
  const facts = partitionFacts(partition, region);
  const callerAccount = String(caller.context['aws:PrincipalAccount'] ?? caller.account ?? '');
  const logFile = `${a.arns.auditBucket}/${a.arns.logPrefix}${MEMBER_ACCOUNT}/CloudTrail/${region}/2026/01/01/${MEMBER_ACCOUNT}_CloudTrail_${region}_20260101T0000Z_a1b2c3d4.json.gz`;
  const auditBucketName = a.arns.auditBucket.slice(a.arns.auditBucket.lastIndexOf(':') + 1);
  const accessLog = `${a.arns.accessLogBucket}/${auditBucketName}/${logArchive}/${region}/${auditBucketName}/2026/01/01/2026-01-01-00-00-00-0123456789ABCDEF`;
  const onAuditBucket = (action: string, resource = a.arns.auditBucket, context = {}, resourcePolicy = a.policies.auditBucket): OrganizationStep => ({
    action,
    resource,
    resourceAccount: logArchive,
    resourcePolicy,
    context,
  });
  const onAccessLogBucket = (action: string, resource = a.arns.accessLogBucket): OrganizationStep => ({
    action,
    resource,
    resourceAccount: logArchive,
    resourcePolicy: a.policies.accessLogBucket,
  });
  const onKey = (action: string, context = {}, resourcePolicy = a.policies.logArchiveKey): OrganizationStep => ({
    action,
    resource: a.arns.logArchiveKey,
    resourceAccount: logArchive,
    resourcePolicy,
    context,
  });
  const inManagement = (action: string, resource: string, resourcePolicy?: PolicyJson): OrganizationStep => ({
    action,
    resource,
    resourceAccount: management,
    resourcePolicy,
  });
  const bucketOwnerFullControl = { 's3:x-amz-acl': 'bucket-owner-full-control' };
  switch (id) {
    case 'write-log':
      return [onAuditBucket('s3:PutObject', logFile, bucketOwnerFullControl)];
    case 'write-account-folder':
      return [onAuditBucket('s3:PutObject', `${a.arns.auditBucket}/AWSLogs/${management}/CloudTrail/x.json.gz`, bucketOwnerFullControl)];
    case 'read-log':
      return [
        onAuditBucket('s3:GetObject', logFile),
        // S3 decrypts through KMS as the caller, with the bucket ARN as encryption context (S3 Bucket Key).
        onKey('kms:Decrypt', { 'kms:ViaService': facts.viaS3, 'kms:CallerAccount': callerAccount, 'kms:EncryptionContext:aws:s3:arn': a.arns.auditBucket }),
      ];
    case 'delete-version':
      return [onAuditBucket('s3:DeleteObjectVersion', logFile)];
    case 'delete-bucket':
      return [onAuditBucket('s3:DeleteBucket')];
    case 'change-policy':
      return [onAuditBucket('s3:PutBucketPolicy')];
    case 'change-lifecycle':
      return [onAuditBucket('s3:PutLifecycleConfiguration')];
    case 'change-versioning':
      return [onAuditBucket('s3:PutBucketVersioning')];
    case 'change-object-lock':
      return [onAuditBucket('s3:PutBucketObjectLockConfiguration')];
    case 'delete-version-after-rewrite':
      return [onAuditBucket('s3:DeleteObjectVersion', logFile, {}, allowingEveryone(a, 's3:*', [a.arns.auditBucket, `${a.arns.auditBucket}/*`]))];
    case 'read-log-after-outside-grant': {
      const outside = `arn:${partition}:iam::${a.accounts.outside.id}:root`;
      return [
        onAuditBucket('s3:GetObject', logFile, {}, grantingAccount(outside, 's3:GetObject', [`${a.arns.auditBucket}/*`])),
        onKey(
          'kms:Decrypt',
          { 'kms:ViaService': facts.viaS3, 'kms:CallerAccount': callerAccount, 'kms:EncryptionContext:aws:s3:arn': a.arns.auditBucket },
          grantingAccount(outside, 'kms:Decrypt', ['*']),
        ),
      ];
    }
    case 'write-access-log':
      return [onAccessLogBucket('s3:PutObject', accessLog)];
    case 'delete-access-log':
      return [onAccessLogBucket('s3:DeleteObjectVersion', accessLog)];
    case 'encrypt-log':
      return [onKey('kms:GenerateDataKey', { 'kms:EncryptionContext:aws:cloudtrail:arn': a.arns.trail })];
    case 'put-key-policy':
      return [onKey('kms:PutKeyPolicy')];
    case 'disable-key':
      return [onKey('kms:DisableKey')];
    case 'schedule-deletion':
      return [onKey('kms:ScheduleKeyDeletion')];
    case 'schedule-deletion-after-rewrite':
      return [onKey('kms:ScheduleKeyDeletion', {}, allowingEveryone(a, 'kms:*', ['*']))];
    case 'stop-trail':
      return [inManagement('cloudtrail:StopLogging', a.arns.trail)];
    case 'put-event-selectors':
      return [inManagement('cloudtrail:PutEventSelectors', a.arns.trail)];
    case 'stop-trail-as-delegated-administrator':
      return [{ action: 'cloudtrail:StopLogging', resource: a.arns.trail, resourceAccount: callerAccount }];
    case 'read-log-group':
      return [inManagement('logs:FilterLogEvents', a.arns.logGroup)];
    case 'read-shared-log-group':
      return [inManagement('logs:FilterLogEvents', a.arns.logGroup, allowingEveryone(a, 'logs:*', [a.arns.logGroup, `${a.arns.logGroup}:*`]))];
    case 'delete-alarm':
      return [inManagement('cloudwatch:DeleteAlarms', `arn:${partition}:cloudwatch:${region}:${management}:alarm:${a.org.name}-cis-5-3-root-account-usage`)];
    case 'take-over-break-glass':
      return [{ action: 'iam:UpdateAssumeRolePolicy', resource: a.arns.roles.logArchive['break-glass'] as string, resourceAccount: logArchive }];
    case 'leave-organization':
      return [{ action: 'organizations:LeaveOrganization', resource: '*', resourceAccount: callerAccount }];
    default:
      throw new Error(`no request for organization matrix row ${id}`);
  }
}

/** Allowed only if every step is, each with the guardrails AWS would apply to it. */
export async function decideOrganizationSteps(a: OrganizationAccess, steps: readonly OrganizationStep[], caller: OrganizationCaller): Promise<Decision> {
  for (const step of steps) if ((await decide({ ...step, caller, ...guardrailsFor(a, caller, step.resourceAccount) })) === 'deny') return 'deny';
  return 'allow';
}
