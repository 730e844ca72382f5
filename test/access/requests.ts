/** The requests behind each row of the access matrix, built for one environment and caller. */
import type { HumanPrincipal } from '../../config/environment-schema';
import { CANARY_PREFIX } from '../../standard/canary';
import { type AssumeRequest, type AssumeVariant, type EnvironmentAccess, type HumanRoleKind, partitionFacts } from '../support/environment-access';
import { type AccessRequest, type Caller, decide, decideAssume, type PolicyJson } from '../support/iam-evaluator';
import type { AssumeCaller, Decision } from './access-matrix';

/** A request without its caller; a row may need several (an S3 read also needs the key). */
export type Step = Omit<AccessRequest, 'caller'>;

/** The requests of each row, for one caller. All must be allowed for the row to be allowed. */
export function stepsOf(id: string, a: EnvironmentAccess, caller: Caller): Step[] {
  const { id: account, region, partition } = a.account;
  const facts = partitionFacts(partition, region);
  const callerAccount = String(caller.context['aws:PrincipalAccount'] ?? account);
  const logFile = `${a.arns.auditBucket}/${a.arns.logPrefix}CloudTrail/${region}/2026/01/01/${account}_CloudTrail_${region}_20260101T0000Z_a1b2c3d4.json.gz`;
  const auditBucketName = a.arns.auditBucket.slice(a.arns.auditBucket.lastIndexOf(':') + 1);
  const accessLog = `${a.arns.accessLogBucket}/${auditBucketName}/${account}/${region}/${auditBucketName}/2026/01/01/2026-01-01-00-00-00-0123456789ABCDEF`;
  const onAuditBucket = (action: string, resource = a.arns.auditBucket, context = {}): Step => ({
    action,
    resource,
    resourceAccount: account,
    resourcePolicy: a.policies.auditBucket,
    context,
  });
  const onAccessLogBucket = (action: string, resource = a.arns.accessLogBucket, context = {}): Step => ({
    action,
    resource,
    resourceAccount: account,
    resourcePolicy: a.policies.accessLogBucket,
    context,
  });
  const onKey = (action: string, context = {}): Step => ({ action, resource: a.arns.key, resourceAccount: account, resourcePolicy: a.policies.key, context });
  const on = (action: string, resource: string, resourcePolicy?: PolicyJson): Step => ({ action, resource, resourceAccount: account, resourcePolicy });
  const bucketOwnerFullControl = { 's3:x-amz-acl': 'bucket-owner-full-control' };
  const alarm = `arn:${partition}:cloudwatch:${region}:${account}:alarm:${a.arns.alarmNamePrefix}-cis-5-3-root-account-usage`;
  const canary = `${a.arns.auditBucket}/${CANARY_PREFIX}${a.env.name}/2026-12-01T00-00-00-000Z-0123456789ab.txt`;
  const lock = (mode: string, days: number) => ({
    's3:object-lock-mode': mode,
    's3:object-lock-remaining-retention-days': String(days),
    's3:object-lock-retain-until-date': new Date(Date.UTC(2026, 11, 1 + days)).toISOString(),
  });
  // An upload with its own retention is authorized as s3:PutObject and s3:PutObjectRetention, with the same keys.
  const putLocked = (key: string, context: Record<string, string>): Step[] => [
    onAuditBucket('s3:PutObject', key, context),
    onAuditBucket('s3:PutObjectRetention', key, context),
  ];
  switch (id) {
    case 'write-canary':
      return putLocked(canary, lock('COMPLIANCE', 1));
    case 'write-canary-unlocked':
      return [onAuditBucket('s3:PutObject', canary)];
    case 'write-canary-governance':
      return putLocked(canary, lock('GOVERNANCE', 1));
    case 'write-canary-long':
      return putLocked(canary, lock('COMPLIANCE', 30));
    case 'write-canary-over-log':
      return putLocked(logFile, lock('COMPLIANCE', 1));
    case 'set-canary-retention':
      return [onAuditBucket('s3:PutObjectRetention', canary, lock('COMPLIANCE', 1))];
    case 'delete-canary':
      return [onAuditBucket('s3:DeleteObjectVersion', canary)];
    case 'hold-canary':
      return [onAuditBucket('s3:PutObjectLegalHold', canary)];
    case 'bypass-canary':
      return [onAuditBucket('s3:BypassGovernanceRetention', canary)];
    case 'write-log':
      return [onAuditBucket('s3:PutObject', logFile, bucketOwnerFullControl)];
    case 'write-elsewhere':
      return [onAuditBucket('s3:PutObject', `${a.arns.auditBucket}/uploads/junk.txt`, bucketOwnerFullControl)];
    case 'read-log':
      return [
        onAuditBucket('s3:GetObject', logFile),
        // S3 decrypts through KMS as the caller ("How Amazon S3 uses AWS KMS"), with the bucket ARN as encryption context (S3 Bucket Key).
        onKey('kms:Decrypt', {
          'kms:ViaService': facts.viaS3,
          'kms:CallerAccount': callerAccount,
          'kms:EncryptionContext:aws:s3:arn': a.arns.auditBucket,
        }),
      ];
    case 'restore-log':
      return [onAuditBucket('s3:RestoreObject', logFile)];
    case 'delete-version':
      return [onAuditBucket('s3:DeleteObjectVersion', logFile)];
    case 'delete-marker':
      return [onAuditBucket('s3:DeleteObject', logFile)];
    case 'shorten-retention':
      return [onAuditBucket('s3:PutObjectRetention', logFile)];
    case 'bypass-governance':
      return [onAuditBucket('s3:BypassGovernanceRetention', logFile)];
    case 'lift-legal-hold':
      return [onAuditBucket('s3:PutObjectLegalHold', logFile)];
    case 'change-lifecycle':
      return [onAuditBucket('s3:PutLifecycleConfiguration')];
    case 'change-policy':
      return [onAuditBucket('s3:PutBucketPolicy')];
    case 'change-encryption':
      return [onAuditBucket('s3:PutEncryptionConfiguration')];
    case 'change-object-lock':
      return [onAuditBucket('s3:PutBucketObjectLockConfiguration')];
    case 'change-logging':
      return [onAuditBucket('s3:PutBucketLogging')];
    case 'add-replication':
      return [onAuditBucket('s3:PutReplicationConfiguration')];
    case 'add-inventory':
      return [onAuditBucket('s3:PutInventoryConfiguration')];
    case 'add-notification':
      return [onAuditBucket('s3:PutBucketNotification')];
    case 'write-over-http':
      return [onAuditBucket('s3:GetObject', logFile, { 'aws:SecureTransport': 'false' })];
    case 'write-access-log':
      return [onAccessLogBucket('s3:PutObject', accessLog)];
    case 'delete-access-log':
      return [onAccessLogBucket('s3:DeleteObjectVersion', accessLog)];
    case 'change-access-log-lifecycle':
      return [onAccessLogBucket('s3:PutLifecycleConfiguration')];
    case 'encrypt-log':
      return [onKey('kms:GenerateDataKey', { 'kms:EncryptionContext:aws:cloudtrail:arn': a.arns.trail })];
    case 'decrypt-for-bucket-key':
      return [onKey('kms:Decrypt', { 'kms:CallerAccount': callerAccount })];
    case 'encrypt-log-group':
      return [onKey('kms:GenerateDataKey', { 'kms:EncryptionContext:aws:logs:arn': a.arns.logGroup })];
    case 'encrypt-alarm':
      return [onKey('kms:GenerateDataKey', { 'kms:EncryptionContext:aws:sns:topicArn': a.arns.topic })];
    case 'create-grant':
      return [onKey('kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'false', 'kms:CallerAccount': callerAccount })];
    case 'create-service-grant':
      return [onKey('kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true', 'kms:CallerAccount': callerAccount })];
    case 'put-key-policy':
      return [onKey('kms:PutKeyPolicy')];
    case 'disable-key':
      return [onKey('kms:DisableKey')];
    case 'disable-rotation':
      return [onKey('kms:DisableKeyRotation')];
    case 'schedule-deletion':
      return [onKey('kms:ScheduleKeyDeletion')];
    case 'stop-logging':
      return [on('cloudtrail:StopLogging', a.arns.trail)];
    case 'delete-trail':
      return [on('cloudtrail:DeleteTrail', a.arns.trail)];
    case 'put-event-selectors':
      return [on('cloudtrail:PutEventSelectors', a.arns.trail)];
    case 'read-log-group':
      return [on('logs:FilterLogEvents', a.arns.logGroup)];
    case 'put-metric-filter':
      return [on('logs:PutMetricFilter', a.arns.logGroup)];
    case 'delete-alarm':
      return [on('cloudwatch:DeleteAlarms', alarm)];
    case 'publish-alarm':
      // SNS encrypts the message with the topic's key on the publisher's behalf ("Encryption at rest" in the SNS guide).
      return [
        on('sns:Publish', a.arns.topic, a.policies.topic),
        onKey('kms:GenerateDataKey', {
          'kms:EncryptionContext:aws:sns:topicArn': a.arns.topic,
          'kms:ViaService': facts.viaSns,
          'kms:CallerAccount': callerAccount,
        }),
      ];
    case 'delete-topic':
      return [on('sns:DeleteTopic', a.arns.topic, a.policies.topic)];
    case 'assume-delivery-role':
      return [on('sts:AssumeRole', a.arns.deliveryRole, a.policies.deliveryTrust)];
    default:
      throw new Error(`no request for matrix row ${id}`);
  }
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

export const VARIANTS: Record<string, AssumeVariant> = {
  'well-formed': {},
  'no-mfa': { noMfa: true },
  'old-mfa': { mfaAgeSeconds: 7200 },
  'no-source-identity': { sourceIdentity: null },
  'other-source-identity': { sourceIdentity: 'mallory' },
  'no-ticket': { ticket: null },
  'wrong-ticket': { ticket: 'JIRA-1' },
  'extra-tag': { extraTagKey: 'cost-center' },
};

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
