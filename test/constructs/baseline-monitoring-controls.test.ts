/**
 * The baseline's own alarms judged by what their metric filters match: each synthesized pattern runs
 * through the CloudWatch Logs filter-pattern evaluator over CloudTrail-shaped records, with the request
 * parameters each API records ("CloudTrail record contents" and each service's CloudTrail page), and must
 * match the changes it exists for and none of the look-alikes.
 */
import { ASSUMED_ROLE_IDENTITY, type CloudTrailRecord, cloudTrailRecord } from '../../policies/cloudtrail-record';
import { matchesEvent, parseFilterPattern } from '../../policies/filter-pattern';
import { synthOrganization } from '../support/organization-stacks';
import { resourcesOf, synthEnvironment } from '../support/terraform-json';

const ACCOUNT = '333333333333';
const REGION = 'eu-central-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f1e2d3c-4b5a-4697-8877-665544332211`;
const AUDIT_BUCKET = `prod-audit-logs-${ACCOUNT}-${REGION}`;
const ACCESS_LOG_BUCKET = `prod-access-logs-${ACCOUNT}-${REGION}`;
const TRAIL_NAME = 'prod-audit-trail';
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${TRAIL_NAME}`;
const LOG_GROUP = `/aws/cloudtrail/${TRAIL_NAME}`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:prod-security-alarms`;
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/prod-break-glass`;
const LOG_KEY = `AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2026/01/01/${ACCOUNT}_CloudTrail_${REGION}_20260101T0000Z_a1b2.json.gz`;

type Params = Record<string, unknown>;
const call = (eventSource: string, eventName: string, requestParameters: Params | null, more: Params = {}): CloudTrailRecord =>
  cloudTrailRecord({ eventSource, eventName, requestParameters, awsRegion: REGION, ...more });
const s3 = (eventName: string, bucketName: string, more: Params = {}) =>
  call('s3.amazonaws.com', eventName, { bucketName, Host: `${bucketName}.s3.${REGION}.amazonaws.com`, ...more });
const s3Data = (eventName: string, bucketName: string, key: string) =>
  call(
    's3.amazonaws.com',
    eventName,
    { bucketName, key, Host: `${bucketName}.s3.${REGION}.amazonaws.com` },
    { eventCategory: 'Data', readOnly: eventName.startsWith('Get') },
  );
const kms = (eventName: string, keyArn: string, more: Params = {}) =>
  call('kms.amazonaws.com', eventName, { keyId: keyArn, ...more }, { resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: keyArn }] });
const logs = (eventName: string, logGroupName: string, more: Params = {}) => call('logs.amazonaws.com', eventName, { logGroupName, ...more });
const cloudwatch = (eventName: string, requestParameters: Params) => call('monitoring.amazonaws.com', eventName, requestParameters);
const sns = (eventName: string, requestParameters: Params) => call('sns.amazonaws.com', eventName, requestParameters);
const iam = (eventName: string, roleName: string, more: Params = {}) => call('iam.amazonaws.com', eventName, { roleName, ...more });
const sessionOf = (roleArn: string) => ({
  ...ASSUMED_ROLE_IDENTITY,
  arn: roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/').concat('/alice'),
  accountId: ACCOUNT,
  sessionContext: { ...ASSUMED_ROLE_IDENTITY.sessionContext, sessionIssuer: { ...ASSUMED_ROLE_IDENTITY.sessionContext.sessionIssuer, arn: roleArn } },
});

interface Case {
  readonly mustMatch: readonly [string, CloudTrailRecord][];
  readonly mustNotMatch: readonly [string, CloudTrailRecord][];
}

const CASES: Record<string, Case> = {
  'break-glass-role-used': {
    mustMatch: [
      ['a break-glass session deleting a log version', { ...s3Data('DeleteObject', AUDIT_BUCKET, LOG_KEY), userIdentity: sessionOf(BREAK_GLASS) }],
      [
        'an attempt to assume break-glass',
        call('sts.amazonaws.com', 'AssumeRole', { roleArn: BREAK_GLASS, roleSessionName: 'alice', sourceIdentity: 'alice' }, { errorCode: 'AccessDenied' }),
      ],
    ],
    mustNotMatch: [
      [
        'an auditor session reading a log',
        { ...s3Data('GetObject', AUDIT_BUCKET, LOG_KEY), userIdentity: sessionOf(`arn:aws:iam::${ACCOUNT}:role/prod-auditor`) },
      ],
      [
        'assuming the auditor role',
        call('sts.amazonaws.com', 'AssumeRole', { roleArn: `arn:aws:iam::${ACCOUNT}:role/prod-auditor`, roleSessionName: 'alice' }),
      ],
    ],
  },
  'baseline-bucket-changes': {
    mustMatch: [
      ['a new audit bucket policy', s3('PutBucketPolicy', AUDIT_BUCKET, { policy: '{"Version":"2012-10-17","Statement":[]}' })],
      ['the audit bucket policy deleted', s3('DeleteBucketPolicy', AUDIT_BUCKET, { policy: '' })],
      ['a shorter lifecycle on the access-log bucket', s3('PutBucketLifecycle', ACCESS_LOG_BUCKET, { LifecycleConfiguration: {} })],
      ['default encryption changed', s3('PutBucketEncryption', AUDIT_BUCKET, { ServerSideEncryptionConfiguration: {} })],
      ['the Object Lock default changed', s3('PutObjectLockConfiguration', AUDIT_BUCKET, { ObjectLockConfiguration: {} })],
      ['server access logging turned off', s3('PutBucketLogging', AUDIT_BUCKET, { BucketLoggingStatus: {} })],
      ['public access block removed', s3('DeleteBucketPublicAccessBlock', ACCESS_LOG_BUCKET)],
    ],
    mustNotMatch: [
      ['a policy change on another bucket', s3('PutBucketPolicy', 'prod-audit-logs-copy')],
      ['reading the audit bucket policy', { ...s3('GetBucketPolicy', AUDIT_BUCKET), readOnly: true }],
      ['a log object deleted (its own alarm)', s3Data('DeleteObject', AUDIT_BUCKET, LOG_KEY)],
    ],
  },
  'baseline-bucket-export-changes': {
    mustMatch: [
      ['replication of the audit logs to another bucket', s3('PutBucketReplication', AUDIT_BUCKET, { ReplicationConfiguration: {} })],
      ['an inventory export', s3('PutBucketInventoryConfiguration', AUDIT_BUCKET, { id: 'all' })],
      ['event notifications', s3('PutBucketNotification', ACCESS_LOG_BUCKET, { NotificationConfiguration: {} })],
    ],
    mustNotMatch: [['replication of another bucket', s3('PutBucketReplication', 'customer-data')]],
  },
  'baseline-log-object-changes': {
    mustMatch: [
      ['a log version deleted', s3Data('DeleteObject', AUDIT_BUCKET, LOG_KEY)],
      ['several log objects deleted', s3Data('DeleteObjects', AUDIT_BUCKET, '')],
      ['retention changed', s3Data('PutObjectRetention', AUDIT_BUCKET, LOG_KEY)],
      ['a legal hold lifted', s3Data('PutObjectLegalHold', ACCESS_LOG_BUCKET, `${AUDIT_BUCKET}/x`)],
    ],
    mustNotMatch: [
      ['a log file read', s3Data('GetObject', AUDIT_BUCKET, LOG_KEY)],
      ['an object deleted in another bucket', s3Data('DeleteObject', 'customer-data', 'x')],
    ],
  },
  'audit-log-restored': {
    mustMatch: [['an archived log restored', s3Data('RestoreObject', AUDIT_BUCKET, LOG_KEY)]],
    mustNotMatch: [
      ['a restore in another bucket', s3Data('RestoreObject', 'customer-data', 'x')],
      ['a log file read', s3Data('GetObject', AUDIT_BUCKET, LOG_KEY)],
    ],
  },
  'baseline-trail-changes': {
    mustMatch: [
      ['the trail stopped, by ARN', call('cloudtrail.amazonaws.com', 'StopLogging', { name: TRAIL_ARN })],
      ['the trail stopped, by name', call('cloudtrail.amazonaws.com', 'StopLogging', { name: TRAIL_NAME })],
      ['the trail deleted', call('cloudtrail.amazonaws.com', 'DeleteTrail', { name: TRAIL_NAME })],
      ['the trail updated', call('cloudtrail.amazonaws.com', 'UpdateTrail', { name: TRAIL_ARN, kmsKeyId: '' })],
      [
        'management events switched off (PutEventSelectors names the trail trailName)',
        call('cloudtrail.amazonaws.com', 'PutEventSelectors', {
          trailName: TRAIL_ARN,
          eventSelectors: [{ includeManagementEvents: false, readWriteType: 'All' }],
        }),
      ],
      ['Insights switched off', call('cloudtrail.amazonaws.com', 'PutInsightSelectors', { trailName: TRAIL_NAME, insightSelectors: [] })],
    ],
    mustNotMatch: [
      ['another trail stopped', call('cloudtrail.amazonaws.com', 'StopLogging', { name: `${TRAIL_ARN}-test` })],
      ['selectors of another trail', call('cloudtrail.amazonaws.com', 'PutEventSelectors', { trailName: 'other-trail', eventSelectors: [] })],
      ['reading the selectors', { ...call('cloudtrail.amazonaws.com', 'GetEventSelectors', { trailName: TRAIL_ARN }), readOnly: true }],
      ['the trail started', call('cloudtrail.amazonaws.com', 'StartLogging', { name: TRAIL_ARN })],
    ],
  },
  'baseline-log-group-changes': {
    mustMatch: [
      ['retention shortened', logs('PutRetentionPolicy', LOG_GROUP, { retentionInDays: 1 })],
      ['the log group deleted', logs('DeleteLogGroup', LOG_GROUP)],
      ['a log stream deleted', logs('DeleteLogStream', LOG_GROUP, { logStreamName: `${ACCOUNT}_CloudTrail_${REGION}` })],
      ['a baseline metric filter deleted', logs('DeleteMetricFilter', LOG_GROUP, { filterName: 'prod-baseline-trail-changes' })],
      [
        'a baseline metric filter rewritten to match nothing',
        logs('PutMetricFilter', LOG_GROUP, { filterName: 'prod-cis-5-3-root-account-usage', filterPattern: '{ $.x = "never" }', metricTransformations: [] }),
      ],
      ['the key removed', logs('DisassociateKmsKey', LOG_GROUP)],
    ],
    mustNotMatch: [
      ['retention of another log group', logs('PutRetentionPolicy', '/aws/lambda/app', { retentionInDays: 1 })],
      ['a metric filter on another log group', logs('PutMetricFilter', '/aws/lambda/app', { filterName: 'errors' })],
    ],
  },
  'baseline-alarm-changes': {
    mustMatch: [
      ['a baseline alarm deleted', cloudwatch('DeleteAlarms', { alarmNames: ['prod-cis-5-3-root-account-usage'] })],
      ['a baseline alarm deleted beside another', cloudwatch('DeleteAlarms', { alarmNames: ['app-latency', 'prod-baseline-trail-changes'] })],
      ['a baseline alarm hidden behind five decoys', cloudwatch('DeleteAlarms', { alarmNames: ['a', 'b', 'c', 'd', 'e', 'prod-break-glass-role-used'] })],
      ['baseline alarm actions disabled', cloudwatch('DisableAlarmActions', { alarmNames: ['prod-log-delivery-heartbeat'] })],
      [
        'a baseline alarm rewritten with no actions',
        cloudwatch('PutMetricAlarm', { alarmName: 'prod-baseline-role-changes', alarmActions: [], threshold: 1000000, evaluationPeriods: 1 }),
      ],
    ],
    mustNotMatch: [
      ['an application alarm deleted', cloudwatch('DeleteAlarms', { alarmNames: ['app-latency', 'staging-app-errors'] })],
      ['an application alarm changed', cloudwatch('PutMetricAlarm', { alarmName: 'app-latency', threshold: 5 })],
      ['alarm actions re-enabled', cloudwatch('EnableAlarmActions', { alarmNames: ['prod-cis-5-3-root-account-usage'] })],
    ],
  },
  'baseline-key-and-topic-changes': {
    mustMatch: [
      ['the key policy replaced', kms('PutKeyPolicy', KEY, { policyName: 'default', policy: '{}' })],
      ['a grant on the audit key', kms('CreateGrant', KEY, { granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/Administrator`, operations: ['Decrypt'] })],
      ['the key disabled', kms('DisableKey', KEY)],
      ['key rotation turned off', kms('DisableKeyRotation', KEY)],
      ['the key scheduled for deletion', kms('ScheduleKeyDeletion', KEY, { pendingWindowInDays: 7 })],
      ['the topic policy replaced', sns('SetTopicAttributes', { topicArn: TOPIC, attributeName: 'Policy', attributeValue: '{}' })],
      ['the topic deleted', sns('DeleteTopic', { topicArn: TOPIC })],
      [
        'a subscriber removed (Unsubscribe records only the subscription)',
        sns('Unsubscribe', { subscriptionArn: `${TOPIC}:0f1e2d3c-4b5a-4697-8877-665544332211` }),
      ],
      [
        'a filter policy that drops every alarm',
        sns('SetSubscriptionAttributes', {
          subscriptionArn: `${TOPIC}:0f1e2d3c-4b5a-4697-8877-665544332211`,
          attributeName: 'FilterPolicy',
          attributeValue: '{"never":["x"]}',
        }),
      ],
    ],
    mustNotMatch: [
      ['a grant on another key', kms('CreateGrant', KEY.replace('0f1e2d3c', 'aaaaaaaa'), { operations: ['Decrypt'] })],
      ['a decrypt with the audit key', { ...kms('Decrypt', KEY), readOnly: true }],
      [
        'a subscriber removed from a topic whose name extends ours',
        sns('Unsubscribe', { subscriptionArn: `${TOPIC}-test:0f1e2d3c-4b5a-4697-8877-665544332211` }),
      ],
      ['a subscription to the topic', sns('Subscribe', { topicArn: TOPIC, protocol: 'email', endpoint: 'oncall@example.com' })],
    ],
  },
  'baseline-role-changes': {
    mustMatch: [
      ['break-glass given an inline policy', iam('PutRolePolicy', 'prod-break-glass', { policyName: 'x', policyDocument: '{}' })],
      ['the auditor trust policy replaced', iam('UpdateAssumeRolePolicy', 'prod-auditor', { policyDocument: '{}' })],
      ['the log-admin boundary removed', iam('DeleteRolePermissionsBoundary', 'prod-log-admin')],
      ['the CloudTrail delivery role deleted', iam('DeleteRole', 'prod-audit-trail-cloudwatch-delivery')],
    ],
    mustNotMatch: [
      ['another role given a policy', iam('PutRolePolicy', 'app-role', { policyName: 'x' })],
      ['reading the auditor role', { ...iam('GetRole', 'prod-auditor'), readOnly: true }],
    ],
  },
};

describe('baseline alarms, on CloudTrail records', () => {
  const filters = resourcesOf(synthEnvironment('prod'), 'aws_cloudwatch_log_metric_filter');
  const patternOf = (name: string): string => {
    const filter = filters[`security-alarms_${name}-filter`];
    if (!filter) throw new Error(`no metric filter ${name}`);
    return String(filter.pattern).replace('${aws_kms_key.audit-key_key.arn}', KEY);
  };

  test('every baseline filter has cases', () => {
    const baseline = Object.keys(filters)
      .filter((id) => !id.startsWith('security-alarms_cis-'))
      .map((id) => id.replace(/^security-alarms_/, '').replace(/-filter$/, ''));
    expect(baseline.sort()).toEqual(Object.keys(CASES).sort());
  });

  describe.each(Object.entries(CASES))('%s', (name, c) => {
    const pattern = parseFilterPattern(patternOf(name));
    test.each(c.mustMatch)('matches %s', (_what, record) => {
      expect(matchesEvent(pattern, record)).toBe(true);
      // CloudWatch Logs receives each record as JSON text.
      expect(matchesEvent(pattern, JSON.stringify(record))).toBe(true);
    });
    test.each(c.mustNotMatch)('does not match %s', (_what, record) => {
      expect(matchesEvent(pattern, record)).toBe(false);
    });
  });
});

describe("an organization's baseline alarms, on CloudTrail records of any account", () => {
  const MANAGEMENT = '555555555555';
  const LOG_ARCHIVE = '666666666666';
  const MANAGEMENT_KEY = `arn:aws:kms:${REGION}:${MANAGEMENT}:key/0f1e2d3c-4b5a-4697-8877-665544332211`;
  const LOG_ARCHIVE_KEY = `arn:aws:kms:${REGION}:${LOG_ARCHIVE}:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`;
  const { management } = synthOrganization();
  const filters = resourcesOf(management, 'aws_cloudwatch_log_metric_filter');
  const patternOf = (name: string) =>
    parseFilterPattern(
      String(filters[`security-alarms_${name}-filter`]?.pattern)
        .replace('${aws_kms_key.audit-key_key.arn}', MANAGEMENT_KEY)
        .replace('${data.aws_kms_alias.log-archive-key.target_key_arn}', LOG_ARCHIVE_KEY),
    );
  const breakGlass = (account: string) => `arn:aws:iam::${account}:role/example-org-break-glass`;
  const auditBucket = `example-org-audit-logs-${LOG_ARCHIVE}-${REGION}`;
  const trailArn = `arn:aws:cloudtrail:${REGION}:${MANAGEMENT}:trail/example-org-organization-trail`;

  test.each([
    ['a session of the management break-glass role', { ...s3Data('GetObject', auditBucket, LOG_KEY), userIdentity: sessionOf(breakGlass(MANAGEMENT)) }],
    ['a session of the log archive break-glass role', { ...s3Data('DeleteObject', auditBucket, LOG_KEY), userIdentity: sessionOf(breakGlass(LOG_ARCHIVE)) }],
    ['assuming the log archive break-glass role', call('sts.amazonaws.com', 'AssumeRole', { roleArn: breakGlass(LOG_ARCHIVE), roleSessionName: 'alice' })],
  ])('break-glass-role-used matches %s', (_what, record) => {
    expect(matchesEvent(patternOf('break-glass-role-used'), record)).toBe(true);
  });

  test('break-glass-role-used does not match the auditor of either account', () => {
    for (const account of [MANAGEMENT, LOG_ARCHIVE]) {
      const auditor = `arn:aws:iam::${account}:role/example-org-auditor`;
      expect(matchesEvent(patternOf('break-glass-role-used'), { ...s3Data('GetObject', auditBucket, LOG_KEY), userIdentity: sessionOf(auditor) })).toBe(false);
      expect(matchesEvent(patternOf('break-glass-role-used'), call('sts.amazonaws.com', 'AssumeRole', { roleArn: auditor }))).toBe(false);
    }
  });

  test.each([
    ['the log archive key scheduled for deletion', kms('ScheduleKeyDeletion', LOG_ARCHIVE_KEY, { pendingWindowInDays: 7 }), true],
    ['the log archive key disabled', kms('DisableKey', LOG_ARCHIVE_KEY), true],
    ['a new policy on the management key', kms('PutKeyPolicy', MANAGEMENT_KEY, { policyName: 'default' }), true],
    ['another key of the log archive account disabled', kms('DisableKey', LOG_ARCHIVE_KEY.replace('1a2b3c4d', 'ffffffff')), false],
  ] as const)('baseline-key-and-topic-changes: %s -> %s', (_what, record, matches) => {
    expect(matchesEvent(patternOf('baseline-key-and-topic-changes'), record)).toBe(matches);
  });

  test('the log archive bucket policy replaced, and the organization trail stopped, raise their alarms', () => {
    expect(matchesEvent(patternOf('baseline-bucket-changes'), s3('PutBucketPolicy', auditBucket, { policy: '{}' }))).toBe(true);
    expect(matchesEvent(patternOf('baseline-trail-changes'), call('cloudtrail.amazonaws.com', 'StopLogging', { name: trailArn }))).toBe(true);
  });
});
