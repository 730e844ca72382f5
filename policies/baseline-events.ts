/**
 * CloudTrail records of changes to one logging baseline, built from the names the configuration gives its
 * resources, for proving with the filter-pattern evaluator that some alarm fires on each: a filter is judged by
 * what it matches, never by its text. Request parameters are those CloudTrail records for each API ("CloudTrail
 * record contents" and each service's CloudTrail page): S3 names the bucket in `bucketName`; CloudTrail names the
 * trail in `name` (UpdateTrail, StopLogging, DeleteTrail) but in `trailName` (PutEventSelectors,
 * PutInsightSelectors), by name or ARN as the caller wrote it; KMS records the key ARN in `resources`; SNS
 * records `topicArn`, but only `subscriptionArn` (the topic ARN and a subscription id) for Unsubscribe and
 * SetSubscriptionAttributes; CloudWatch records `alarmNames` (a list) for DeleteAlarms and DisableAlarmActions.
 */
import { BENIGN_EVENTS } from './cis-sample-events';
import { type CloudTrailRecord, cloudTrailRecord, type RecordFields } from './cloudtrail-record';

/** The baseline's resources as CloudTrail names them; values the file leaves to apply time are stand-in literals. */
export interface BaselineNames {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly auditBuckets: readonly string[];
  readonly accessLogBuckets: readonly string[];
  /** A trail's ARN is left out when the file does not give it whole (an account the provider does not pin). */
  readonly trails: readonly { readonly name: string; readonly arn?: string }[];
  readonly logGroups: readonly { readonly name: string; readonly filter: string }[];
  readonly keys: readonly string[];
  readonly topics: readonly string[];
  readonly roles: readonly string[];
  readonly alarms: readonly string[];
}

/** One event an alarm must fire on, with what it is for messages. */
export interface LabeledRecord {
  readonly label: string;
  readonly record: CloudTrailRecord;
}

type Params = { readonly [key: string]: unknown };

const SUBSCRIPTION_ID = '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8';

/** S3 bucket calls CloudTrail records as management events, with the sub-resource each sends. */
const BUCKET_CHANGES: readonly (readonly [string, string])[] = [
  ['PutBucketPolicy', 'policy'],
  ['DeleteBucketPolicy', 'policy'],
  ['PutBucketLifecycle', 'lifecycle'],
  ['DeleteBucketLifecycle', 'lifecycle'],
  ['PutBucketEncryption', 'encryption'],
  ['DeleteBucketEncryption', 'encryption'],
  ['PutBucketVersioning', 'versioning'],
  ['PutObjectLockConfiguration', 'object-lock'],
  ['PutBucketLogging', 'logging'],
  ['PutBucketPublicAccessBlock', 'publicAccessBlock'],
  ['DeleteBucketPublicAccessBlock', 'publicAccessBlock'],
  ['PutBucketOwnershipControls', 'ownershipControls'],
  ['DeleteBucketOwnershipControls', 'ownershipControls'],
  ['PutBucketAcl', 'acl'],
  ['PutBucketReplication', 'replication'],
  ['DeleteBucketReplication', 'replication'],
  ['PutBucketInventoryConfiguration', 'inventory'],
  ['PutBucketNotification', 'notification'],
  ['DeleteBucket', ''],
];

/** Object calls on the audit bucket, recorded as data events. */
const OBJECT_CHANGES: readonly (readonly [string, string])[] = [
  ['DeleteObject', ''],
  ['DeleteObjects', 'delete'],
  ['PutObjectRetention', 'retention'],
  ['PutObjectLegalHold', 'legal-hold'],
];

const LOG_GROUP_CHANGES = ['DeleteLogGroup', 'PutRetentionPolicy', 'DeleteRetentionPolicy', 'AssociateKmsKey', 'DisassociateKmsKey', 'DeleteLogStream'];
const KEY_CHANGES = ['CreateGrant', 'DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy', 'DisableKeyRotation'];
const ROLE_CHANGES = [
  'PutRolePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'DeleteRolePolicy',
  'UpdateAssumeRolePolicy',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  'DeleteRole',
];

function s3Bucket(n: BaselineNames, eventName: string, bucket: string, sub: string, readOnly = false): CloudTrailRecord {
  return cloudTrailRecord({
    eventSource: 's3.amazonaws.com',
    eventName,
    awsRegion: n.region,
    readOnly,
    requestParameters: { bucketName: bucket, Host: `${bucket}.s3.${n.region}.amazonaws.com`, ...(sub ? { [sub]: '' } : {}) },
    resources: [{ accountId: n.account, type: 'AWS::S3::Bucket', ARN: `arn:${n.partition}:s3:::${bucket}` }],
  });
}

function s3Object(n: BaselineNames, eventName: string, bucket: string, sub: string, readOnly = false, more: Partial<RecordFields> = {}): CloudTrailRecord {
  const key = `AWSLogs/${n.account}/CloudTrail/${n.region}/2025/03/04/${n.account}_CloudTrail_${n.region}_20250304T0915Z_a1b2c3d4e5f6a7b8.json.gz`;
  return cloudTrailRecord({
    eventSource: 's3.amazonaws.com',
    eventName,
    eventCategory: 'Data',
    awsRegion: n.region,
    readOnly,
    requestParameters: { bucketName: bucket, Host: `${bucket}.s3.${n.region}.amazonaws.com`, key, ...(sub ? { [sub]: '' } : {}) },
    resources: [
      { type: 'AWS::S3::Object', ARN: `arn:${n.partition}:s3:::${bucket}/${key}` },
      { accountId: n.account, type: 'AWS::S3::Bucket', ARN: `arn:${n.partition}:s3:::${bucket}` },
    ],
    ...more,
  });
}

function call(n: BaselineNames, eventSource: string, eventName: string, requestParameters: Params, more: Partial<RecordFields> = {}): CloudTrailRecord {
  return cloudTrailRecord({ eventSource, eventName, awsRegion: n.region, requestParameters, ...more });
}

const onKey = (n: BaselineNames, key: string) => ({ resources: [{ accountId: n.account, type: 'AWS::KMS::Key', ARN: key }] });

/** Every change to the baseline that must raise an alarm. */
export function tamperEvents(n: BaselineNames): LabeledRecord[] {
  const out: LabeledRecord[] = [];
  const add = (label: string, record: CloudTrailRecord) => out.push({ label, record });
  for (const bucket of [...n.auditBuckets, ...n.accessLogBuckets])
    for (const [event, sub] of BUCKET_CHANGES) add(`${event} on bucket ${bucket}`, s3Bucket(n, event, bucket, sub));
  for (const bucket of n.auditBuckets) for (const [event, sub] of OBJECT_CHANGES) add(`${event} on a log file in ${bucket}`, s3Object(n, event, bucket, sub));
  for (const t of n.trails) {
    for (const ref of t.arn !== undefined ? [t.name, t.arn] : [t.name]) {
      for (const event of ['UpdateTrail', 'StopLogging', 'DeleteTrail'])
        add(`${event} of trail ${ref} (requestParameters.name)`, call(n, 'cloudtrail.amazonaws.com', event, { name: ref }));
      add(
        `PutEventSelectors on trail ${ref} (requestParameters.trailName)`,
        call(n, 'cloudtrail.amazonaws.com', 'PutEventSelectors', {
          trailName: ref,
          eventSelectors: [{ readWriteType: 'All', includeManagementEvents: false, dataResources: [], excludeManagementEventSources: [] }],
        }),
      );
      add(
        `PutInsightSelectors on trail ${ref} (requestParameters.trailName)`,
        call(n, 'cloudtrail.amazonaws.com', 'PutInsightSelectors', { trailName: ref, insightSelectors: [] }),
      );
    }
  }
  for (const g of n.logGroups) {
    for (const event of LOG_GROUP_CHANGES)
      add(
        `${event} on log group ${g.name}`,
        call(n, 'logs.amazonaws.com', event, { logGroupName: g.name, ...(event === 'PutRetentionPolicy' ? { retentionInDays: 1 } : {}) }),
      );
    add(
      `PutMetricFilter on log group ${g.name}`,
      call(n, 'logs.amazonaws.com', 'PutMetricFilter', {
        logGroupName: g.name,
        filterName: g.filter,
        filterPattern: '{ $.eventName = "NeverCalled" }',
        metricTransformations: [{ metricName: g.filter, metricNamespace: 'x', metricValue: '1' }],
      }),
    );
    add(`DeleteMetricFilter on log group ${g.name}`, call(n, 'logs.amazonaws.com', 'DeleteMetricFilter', { logGroupName: g.name, filterName: g.filter }));
  }
  for (const alarm of n.alarms) {
    add(`DeleteAlarms of alarm ${alarm}`, call(n, 'monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: [alarm] }));
    add(`DisableAlarmActions of alarm ${alarm}`, call(n, 'monitoring.amazonaws.com', 'DisableAlarmActions', { alarmNames: [alarm] }));
    add(
      `PutMetricAlarm of alarm ${alarm}`,
      call(n, 'monitoring.amazonaws.com', 'PutMetricAlarm', {
        alarmName: alarm,
        actionsEnabled: false,
        metricName: 'x',
        namespace: 'x',
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 1000000,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
  }
  // Hiding a baseline alarm among decoys, at a position a pattern may not look at.
  const [first] = n.alarms;
  if (first !== undefined) {
    const decoys = Array.from({ length: 7 }, (_, i) => `unrelated-alarm-${i}`);
    add(`DeleteAlarms of alarm ${first} behind a decoy`, call(n, 'monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: [decoys[0], first] }));
    add(
      `DisableAlarmActions of alarm ${first} behind seven decoys`,
      call(n, 'monitoring.amazonaws.com', 'DisableAlarmActions', { alarmNames: [...decoys, first] }),
    );
  }
  for (const key of n.keys)
    for (const event of KEY_CHANGES)
      add(
        `${event} on key ${key}`,
        call(
          n,
          'kms.amazonaws.com',
          event,
          event === 'CreateGrant'
            ? { keyId: key, granteePrincipal: `arn:${n.partition}:iam::${n.account}:role/someone`, operations: ['Decrypt'] }
            : event === 'ScheduleKeyDeletion'
              ? { keyId: key, pendingWindowInDays: 7 }
              : { keyId: key },
          onKey(n, key),
        ),
      );
  for (const topic of n.topics) {
    for (const event of ['DeleteTopic', 'SetTopicAttributes', 'RemovePermission'])
      add(
        `${event} on topic ${topic}`,
        call(n, 'sns.amazonaws.com', event, {
          topicArn: topic,
          ...(event === 'SetTopicAttributes' ? { attributeName: 'KmsMasterKeyId', attributeValue: '' } : {}),
        }),
      );
    const subscriptionArn = `${topic}:${SUBSCRIPTION_ID}`;
    add(`Unsubscribe from topic ${topic} (requestParameters.subscriptionArn)`, call(n, 'sns.amazonaws.com', 'Unsubscribe', { subscriptionArn }));
    add(
      `SetSubscriptionAttributes on a subscription of topic ${topic}`,
      call(n, 'sns.amazonaws.com', 'SetSubscriptionAttributes', {
        subscriptionArn,
        attributeName: 'FilterPolicy',
        attributeValue: '{"never":["matched"]}',
      }),
    );
  }
  for (const role of n.roles)
    for (const event of ROLE_CHANGES) add(`${event} on role ${role}`, call(n, 'iam.amazonaws.com', event, { roleName: role }, { awsRegion: 'us-east-1' }));
  return out;
}

/** Restoring an archived audit log for reading: alarmed (read access to archives is rare and deliberate). */
export function restoreEvents(n: BaselineNames): LabeledRecord[] {
  return n.auditBuckets.map((bucket) => ({
    label: `RestoreObject on a log file in ${bucket}`,
    record: s3Object(n, 'RestoreObject', bucket, 'restore', false, {}),
  }));
}

/** Everyday events on the same resources, which an alarm that people keep watching must not fire on, and the CIS benign set. */
export function benignEvents(n: BaselineNames): CloudTrailRecord[] {
  const out: CloudTrailRecord[] = [...BENIGN_EVENTS];
  for (const bucket of [...n.auditBuckets, ...n.accessLogBuckets]) {
    out.push(s3Bucket(n, 'GetBucketPolicy', bucket, 'policy', true), s3Bucket(n, 'GetBucketVersioning', bucket, 'versioning', true));
  }
  for (const bucket of n.auditBuckets) {
    out.push(
      s3Object(n, 'GetObject', bucket, '', true),
      s3Object(n, 'PutObject', bucket, '', false, { userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' } }),
    );
  }
  for (const t of n.trails) {
    out.push(
      call(n, 'cloudtrail.amazonaws.com', 'GetTrailStatus', { name: t.arn ?? t.name }, { readOnly: true }),
      call(n, 'cloudtrail.amazonaws.com', 'GetEventSelectors', { trailName: t.arn ?? t.name }, { readOnly: true }),
    );
  }
  for (const g of n.logGroups) {
    out.push(
      call(n, 'logs.amazonaws.com', 'CreateLogStream', { logGroupName: g.name, logStreamName: `${n.account}_CloudTrail_${n.region}` }),
      call(n, 'logs.amazonaws.com', 'DescribeMetricFilters', { logGroupName: g.name }, { readOnly: true }),
    );
  }
  for (const alarm of n.alarms.slice(0, 1)) out.push(call(n, 'monitoring.amazonaws.com', 'DescribeAlarms', { alarmNames: [alarm] }, { readOnly: true }));
  for (const key of n.keys) {
    out.push(
      call(n, 'kms.amazonaws.com', 'Decrypt', { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }, { readOnly: true, ...onKey(n, key) }),
      call(n, 'kms.amazonaws.com', 'GenerateDataKey', { keyId: key, keySpec: 'AES_256' }, { readOnly: true, ...onKey(n, key) }),
      call(n, 'kms.amazonaws.com', 'DescribeKey', { keyId: key }, { readOnly: true, ...onKey(n, key) }),
    );
  }
  for (const topic of n.topics) out.push(call(n, 'sns.amazonaws.com', 'GetTopicAttributes', { topicArn: topic }, { readOnly: true }));
  for (const role of n.roles) out.push(call(n, 'iam.amazonaws.com', 'GetRole', { roleName: role }, { readOnly: true, awsRegion: 'us-east-1' }));
  return out;
}
