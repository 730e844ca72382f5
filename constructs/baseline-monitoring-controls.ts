import type { MonitoringControl } from './cis-monitoring-controls';
import { anyOf, anyOfTerm } from './filter-pattern';

const AUDITREADY = { standard: 'auditready' } as const;

/** Any session of a break-glass role (an organization has one per account), and any attempt to assume one. */
export function breakGlassUseControl(breakGlassRoleArns: readonly string[]): MonitoringControl {
  return {
    source: AUDITREADY,
    name: 'break-glass-role-used',
    watches: 'access',
    description: 'The break-glass role was assumed or used',
    pattern:
      `{ ${anyOf('$.userIdentity.sessionContext.sessionIssuer.arn', breakGlassRoleArns)} || ` +
      `(($.eventName = "AssumeRole") && ${anyOfTerm('$.requestParameters.roleArn', breakGlassRoleArns)}) }`,
  };
}

/** The resources of one audit baseline, named as CloudTrail records them. */
export interface BaselineResources {
  /** The audit bucket, then the access-log bucket. */
  readonly auditBucketName: string;
  readonly accessLogBucketName: string;
  readonly trailName: string;
  readonly trailArn: string;
  readonly logGroupName: string;
  /** The audit keys, as key ARNs or ARN patterns with "*" (a key of another account whose id is not known here). */
  readonly keyArns: readonly string[];
  /** The human roles and the trail's CloudWatch Logs delivery role. */
  readonly roleNames: readonly string[];
  readonly alarmTopicArn: string;
  /** Prefix every alarm of the baseline's name starts with. */
  readonly alarmNamePrefix: string;
}

/**
 * How many names of a DeleteAlarms or DisableAlarmActions call are checked one by one. Filter patterns
 * can only index arrays ([0], [1], ...), so a call with more names than this raises the alarm whatever
 * the names are: padding the list with decoys does not hide a baseline alarm.
 */
const ALARM_NAMES_CHECKED = 5;

/**
 * Changes to this audit baseline itself, each in the request parameter CloudTrail records for that API
 * ("CloudTrail record contents"; the trail is `name` for UpdateTrail, StopLogging and DeleteTrail but
 * `trailName` for PutEventSelectors and PutInsightSelectors; Unsubscribe and SetSubscriptionAttributes
 * carry only the `subscriptionArn`, which starts with the topic's ARN). Split so each filter stays under
 * CloudWatch Logs' pattern length limit.
 */
export function baselineChangeControls(r: BaselineResources): MonitoringControl[] {
  const bucketEvents = [
    'DeleteBucket',
    'DeleteBucketEncryption',
    'DeleteBucketLifecycle',
    'DeleteBucketOwnershipControls',
    'DeleteBucketPolicy',
    'DeleteBucketPublicAccessBlock',
    'PutBucketAcl',
    'PutBucketEncryption',
    'PutBucketLifecycle',
    'PutBucketLogging',
    'PutBucketOwnershipControls',
    'PutBucketPolicy',
    'PutBucketPublicAccessBlock',
    'PutBucketVersioning',
    'PutObjectLockConfiguration',
  ];
  // Settings that copy or announce the logs elsewhere.
  const exportEvents = ['DeleteBucketReplication', 'PutBucketInventoryConfiguration', 'PutBucketNotification', 'PutBucketReplication'];
  const objectEvents = ['DeleteObject', 'DeleteObjects', 'PutObjectLegalHold', 'PutObjectRetention'];
  const buckets = anyOf('$.requestParameters.bucketName', [r.auditBucketName, r.accessLogBucketName]);
  const trailNamed = ['DeleteTrail', 'StopLogging', 'UpdateTrail'];
  const selectorsOf = ['PutEventSelectors', 'PutInsightSelectors'];
  const logGroupEvents = [
    'AssociateKmsKey',
    'DeleteLogGroup',
    'DeleteLogStream',
    'DeleteMetricFilter',
    'DeleteRetentionPolicy',
    'DisassociateKmsKey',
    'PutMetricFilter',
    'PutRetentionPolicy',
  ];
  const keyEvents = ['CreateGrant', 'DisableKey', 'DisableKeyRotation', 'PutKeyPolicy', 'ScheduleKeyDeletion'];
  const roleEvents = [
    'AttachRolePolicy',
    'DeleteRole',
    'DeleteRolePermissionsBoundary',
    'DeleteRolePolicy',
    'DetachRolePolicy',
    'PutRolePermissionsBoundary',
    'PutRolePolicy',
    'UpdateAssumeRolePolicy',
  ];
  const trail = [r.trailName, r.trailArn];
  const ours = `${r.alarmNamePrefix}-*`;
  const alarmNames = Array.from({ length: ALARM_NAMES_CHECKED }, (_, i) => `($.requestParameters.alarmNames[${i}] = "${ours}")`);
  return [
    {
      source: AUDITREADY,
      name: 'baseline-bucket-changes',
      watches: 'change',
      description: 'A setting of a log bucket was changed',
      pattern: `{ (${buckets}) && (${anyOf('$.eventName', bucketEvents)}) }`,
    },
    {
      source: AUDITREADY,
      name: 'baseline-bucket-export-changes',
      watches: 'change',
      description: 'Replication, inventory or notifications of a log bucket were changed',
      pattern: `{ (${buckets}) && (${anyOf('$.eventName', exportEvents)}) }`,
    },
    {
      source: AUDITREADY,
      name: 'baseline-log-object-changes',
      watches: 'change',
      description: 'A log object was deleted, or its retention or legal hold changed',
      pattern: `{ (${buckets}) && (${anyOf('$.eventName', objectEvents)}) }`,
    },
    {
      source: AUDITREADY,
      name: 'audit-log-restored',
      watches: 'access',
      description: 'An archived audit log was restored for reading (s3:RestoreObject)',
      pattern: `{ ($.requestParameters.bucketName = "${r.auditBucketName}") && ($.eventName = "RestoreObject") }`,
    },
    {
      source: AUDITREADY,
      name: 'baseline-trail-changes',
      watches: 'change',
      description: 'The audit trail or what it records was changed, or the trail stopped or deleted',
      pattern:
        `{ ((${anyOf('$.requestParameters.name', trail)}) && (${anyOf('$.eventName', trailNamed)})) || ` +
        `((${anyOf('$.requestParameters.trailName', trail)}) && (${anyOf('$.eventName', selectorsOf)})) }`,
    },
    {
      source: AUDITREADY,
      name: 'baseline-log-group-changes',
      watches: 'change',
      description: "The trail's log group, its retention, encryption or metric filters were changed",
      pattern: `{ ($.requestParameters.logGroupName = "${r.logGroupName}") && (${anyOf('$.eventName', logGroupEvents)}) }`,
    },
    {
      source: AUDITREADY,
      name: 'baseline-alarm-changes',
      watches: 'change',
      description: 'An alarm of the baseline was deleted, changed or had its actions disabled',
      pattern:
        `{ ((${anyOf('$.eventName', ['DeleteAlarms', 'DisableAlarmActions'])}) && ` +
        `(${alarmNames.join(' || ')} || ($.requestParameters.alarmNames[${ALARM_NAMES_CHECKED}] = "*"))) || ` +
        `(($.eventName = "PutMetricAlarm") && ($.requestParameters.alarmName = "${ours}")) }`,
    },
    {
      source: AUDITREADY,
      name: 'baseline-key-and-topic-changes',
      watches: 'change',
      description: 'The audit key, the alarm topic or its subscriptions were changed, or a grant on the key created',
      pattern:
        `{ (${anyOfTerm('$.resources[0].ARN', r.keyArns)} && (${anyOf('$.eventName', keyEvents)})) || ` +
        `(($.requestParameters.topicArn = "${r.alarmTopicArn}") && (${anyOf('$.eventName', ['DeleteTopic', 'RemovePermission', 'SetTopicAttributes'])})) || ` +
        `(($.requestParameters.subscriptionArn = "${r.alarmTopicArn}:*") && (${anyOf('$.eventName', ['SetSubscriptionAttributes', 'Unsubscribe'])})) }`,
    },
    {
      source: AUDITREADY,
      name: 'baseline-role-changes',
      watches: 'change',
      description: 'An audit role or the CloudTrail delivery role was changed',
      pattern: `{ (${anyOf('$.requestParameters.roleName', r.roleNames)}) && (${anyOf('$.eventName', roleEvents)}) }`,
    },
  ];
}
