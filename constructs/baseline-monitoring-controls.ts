import type { MonitoringControl } from './cis-monitoring-controls';
import { anyOf } from './filter-pattern';

/** Any session of the break-glass role, and any attempt to assume it. */
export function breakGlassUseControl(breakGlassRoleArn: string): MonitoringControl {
  return {
    cisId: 'auditready',
    name: 'break-glass-role-used',
    description: 'The break-glass role was assumed or used',
    pattern:
      `{ ($.userIdentity.sessionContext.sessionIssuer.arn = "${breakGlassRoleArn}") || ` +
      `(($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "${breakGlassRoleArn}")) }`,
  };
}

/** The resources of one audit baseline, named as CloudTrail records them. */
export interface BaselineResources {
  readonly bucketNames: readonly string[];
  readonly trailName: string;
  readonly trailArn: string;
  readonly logGroupName: string;
  readonly keyArn: string;
  readonly roleNames: readonly string[];
  readonly alarmTopicArn: string;
}

/**
 * Changes to this audit baseline itself, split in three filters to stay under the pattern length
 * limit: storage settings of the log buckets (and deletes of log objects), the trail and its log
 * group, and the key, roles and alarm topic.
 */
export function baselineChangeControls(r: BaselineResources): MonitoringControl[] {
  const storageEvents = [
    'DeleteBucket',
    'DeleteBucketPolicy',
    'DeleteObject',
    'DeleteObjects',
    'PutBucketAcl',
    'PutBucketEncryption',
    'PutBucketLifecycle',
    'PutBucketLogging',
    'PutBucketOwnershipControls',
    'PutBucketPolicy',
    'PutBucketPublicAccessBlock',
    'PutBucketVersioning',
    'PutObjectLockConfiguration',
    'PutObjectRetention',
  ];
  const trailEvents = ['DeleteTrail', 'PutEventSelectors', 'PutInsightSelectors', 'StopLogging', 'UpdateTrail'];
  const logGroupEvents = ['DeleteLogGroup', 'DeleteMetricFilter', 'DeleteRetentionPolicy', 'DisassociateKmsKey', 'PutRetentionPolicy'];
  const keyEvents = ['DisableKey', 'DisableKeyRotation', 'PutKeyPolicy', 'ScheduleKeyDeletion'];
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
  const topicEvents = ['DeleteTopic', 'SetTopicAttributes', 'Unsubscribe'];
  return [
    {
      cisId: 'auditready',
      name: 'baseline-storage-changes',
      description: 'A log bucket setting was changed or a log object deleted',
      pattern: `{ (${anyOf('$.requestParameters.bucketName', r.bucketNames)}) && (${anyOf('$.eventName', storageEvents)}) }`,
    },
    {
      cisId: 'auditready',
      name: 'baseline-trail-changes',
      description: 'The audit trail or its log group was changed',
      pattern:
        `{ ((${anyOf('$.requestParameters.name', [r.trailName, r.trailArn])}) && (${anyOf('$.eventName', trailEvents)})) || ` +
        `(($.requestParameters.logGroupName = "${r.logGroupName}") && (${anyOf('$.eventName', logGroupEvents)})) }`,
    },
    {
      cisId: 'auditready',
      name: 'baseline-access-changes',
      description: 'The audit key, an audit role or the alarm topic was changed',
      pattern:
        `{ (($.resources[0].ARN = "${r.keyArn}") && (${anyOf('$.eventName', keyEvents)})) || ` +
        `((${anyOf('$.requestParameters.roleName', r.roleNames)}) && (${anyOf('$.eventName', roleEvents)})) || ` +
        `(($.requestParameters.topicArn = "${r.alarmTopicArn}") && (${anyOf('$.eventName', topicEvents)})) }`,
    },
  ];
}
