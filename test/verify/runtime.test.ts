/**
 * verify's CloudTrail, CloudWatch, SNS, KMS and S3 readers against aws-sdk-client-mock, with answers in the
 * shapes of each API's reference (dates as Date, as the SDK deserializes them), pagination, throttling that
 * the retry policy rides out or gives up on, AccessDenied, a trail that stopped logging and delivery errors.
 */
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, ThrottlingException, TrailNotFoundException } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetBucketEncryptionCommand, GetBucketVersioningCommand, GetObjectLockConfigurationCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { AuthorizationErrorException, ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createModel, type TfResource } from '../../policies/model';
import { AwsCallError, type CallPolicy } from '../../verify/aws-call';
import { alarmSubscriptions, bucketSettings, heartbeatAlarm, keysEnabled, otherTrails, type RuntimeContext, trailHealth } from '../../verify/runtime';
import { mockedClients, prodTarget } from './mocked-clients';

const NOW = new Date('2026-12-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const TRAIL = 'arn:aws:cloudtrail:eu-central-1:333333333333:trail/prod-audit-trail';
const TOPIC = 'arn:aws:sns:eu-central-1:333333333333:prod-security-alarms';
const KEY = 'arn:aws:kms:eu-central-1:333333333333:key/0f1e2d3c-4b5a-4697-8877-665544332211';
const AUDIT = 'prod-audit-logs-333333333333-eu-central-1';
const ACCESS = 'prod-access-logs-333333333333-eu-central-1';

const target = prodTarget();

const resource = (type: string, name: string, values: Record<string, unknown>): TfResource => ({
  mode: 'managed',
  type,
  name,
  address: `${type}.${name}`,
  values,
});
const state = createModel({
  source: 'test',
  kind: 'state',
  resources: [
    resource('aws_kms_key', 'audit-key_key', { arn: KEY, key_id: '0f1e2d3c-4b5a-4697-8877-665544332211' }),
    resource('aws_sns_topic_subscription', 'security-alarms_subscription-0', { topic_arn: TOPIC, protocol: 'email', endpoint: 'security@example.com' }),
    resource('aws_sns_topic_subscription', 'security-alarms_subscription-1', { topic_arn: TOPIC, protocol: 'https', endpoint: 'https://hooks.example.com/a' }),
    ...[AUDIT, ACCESS].flatMap((bucket) => [
      resource('aws_s3_bucket_versioning', `${bucket}-v`, { bucket, versioning_configuration: [{ status: 'Enabled', mfa_delete: '' }] }),
      resource('aws_s3_bucket_server_side_encryption_configuration', `${bucket}-e`, {
        bucket,
        rule: [
          bucket === AUDIT
            ? { bucket_key_enabled: true, apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: KEY }] }
            : { bucket_key_enabled: false, apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256', kms_master_key_id: '' }] },
        ],
      }),
    ]),
    resource('aws_s3_bucket_object_lock_configuration', 'lock', {
      bucket: AUDIT,
      object_lock_enabled: 'Enabled',
      rule: [{ default_retention: [{ mode: 'COMPLIANCE', days: 400, years: 0 }] }],
    }),
  ],
});

const cloudTrail = mockClient(CloudTrailClient);
const cloudWatch = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);
const kms = mockClient(KMSClient);
const s3 = mockClient(S3Client);
const sleeps: number[] = [];
const policy: CallPolicy = { attemptTimeoutMs: 1000, maxAttempts: 4, backoffMs: (n) => 100 * 2 ** n, sleep: async (ms) => void sleeps.push(ms) };
const clients = mockedClients();
const ctx: RuntimeContext = { target, clients, state, now: NOW, policy };
const metadata = (requestId: string, httpStatusCode = 400) => ({ $metadata: { httpStatusCode, requestId } });

beforeEach(() => {
  for (const m of [cloudTrail, cloudWatch, sns, kms, s3]) m.reset();
  sleeps.length = 0;
});

const healthyStatus = {
  IsLogging: true,
  LatestDeliveryTime: minutesAgo(4),
  LatestDigestDeliveryTime: minutesAgo(35),
  LatestCloudWatchLogsDeliveryTime: minutesAgo(2),
  StartLoggingTime: new Date('2026-01-05T10:00:00Z'),
  TimeLoggingStarted: '2026-01-05T10:00:00Z',
  LatestDeliveryAttemptTime: '2026-12-01T11:56:00Z',
  LatestDeliveryAttemptSucceeded: '2026-12-01T11:56:00Z',
};

describe('CloudTrail: GetTrailStatus', () => {
  test('a logging trail delivering on time passes all three checks', async () => {
    cloudTrail.on(GetTrailStatusCommand, { Name: TRAIL }).resolves(healthyStatus);
    expect((await trailHealth(ctx)).map((f) => [f.check, f.outcome])).toEqual([
      ['trailLogging', 'pass'],
      ['trailDelivery', 'pass'],
      ['cloudWatchDelivery', 'pass'],
    ]);
  });

  test('a trail that stopped logging fails, with when', async () => {
    cloudTrail.on(GetTrailStatusCommand).resolves({ ...healthyStatus, IsLogging: false, StopLoggingTime: new Date('2026-11-30T23:10:00Z') });
    expect((await trailHealth(ctx))[0]).toEqual({
      check: 'trailLogging',
      outcome: 'fail',
      resource: TRAIL,
      message: 'IsLogging: false (stopped 2026-11-30T23:10:00.000Z)',
    });
  });

  test('a delivery error, a digest error and a stale digest each fail delivery; a CloudWatch Logs error fails that check', async () => {
    cloudTrail.on(GetTrailStatusCommand).resolves({
      ...healthyStatus,
      LatestDeliveryError: 'AccessDenied',
      LatestDigestDeliveryError: 'KMS.KMSInvalidStateException',
      LatestDigestDeliveryTime: minutesAgo(180),
      LatestCloudWatchLogsDeliveryError: 'CloudWatchLogsRoleArn is not valid',
    });
    const [, delivery, cw] = await trailHealth(ctx);
    expect(delivery?.outcome).toBe('fail');
    expect(delivery?.message).toBe(
      'LatestDeliveryError: AccessDenied; LatestDigestDeliveryError: KMS.KMSInvalidStateException; last digest delivered 2026-12-01T09:00:00.000Z, 3.0 h ago (limit 2 h)',
    );
    expect(cw).toEqual(
      expect.objectContaining({ outcome: 'fail', message: expect.stringContaining('LatestCloudWatchLogsDeliveryError: CloudWatchLogsRoleArn is not valid') }),
    );
  });

  test('a trail that never delivered a digest fails', async () => {
    cloudTrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestCloudWatchLogsDeliveryTime: minutesAgo(1) });
    expect((await trailHealth(ctx))[1]?.message).toBe('no digest delivered yet');
  });

  test('a missing trail fails every trail check instead of ending the run', async () => {
    cloudTrail.on(GetTrailStatusCommand).rejects(new TrailNotFoundException({ message: `Unknown trail: ${TRAIL}`, ...metadata('r-1') }));
    expect((await trailHealth(ctx)).map((f) => f.outcome)).toEqual(['fail', 'fail', 'fail']);
  });

  test('throttling is retried with backoff until an answer comes', async () => {
    const throttled = () => new ThrottlingException({ message: 'Rate exceeded', ...metadata('r-throttle') });
    cloudTrail.on(GetTrailStatusCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves(healthyStatus);
    expect((await trailHealth(ctx))[0]?.outcome).toBe('pass');
    expect(cloudTrail.commandCalls(GetTrailStatusCommand)).toHaveLength(3);
    expect(sleeps).toEqual([200, 400]);
  });

  test('throttling that does not end gives up after the last attempt, naming the operation, resource and code', async () => {
    cloudTrail.on(GetTrailStatusCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', ...metadata('r-throttle') }));
    const err = await trailHealth(ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect((err as Error).message).toBe(`cloudtrail:GetTrailStatus on ${TRAIL} failed: ThrottlingException (HTTP 400), request id r-throttle: Rate exceeded`);
    expect(cloudTrail.commandCalls(GetTrailStatusCommand)).toHaveLength(4);
  });

  test('AccessDenied is not retried and ends the run (exit 2), with the code', async () => {
    const denied = Object.assign(new Error('User: arn:aws:sts::333333333333:assumed-role/ci/x is not authorized to perform: cloudtrail:GetTrailStatus'), {
      name: 'AccessDeniedException',
      ...metadata('r-denied'),
    });
    cloudTrail.on(GetTrailStatusCommand).rejects(denied);
    const err = (await trailHealth(ctx).catch((e: unknown) => e)) as AwsCallError;
    expect(err.facts).toEqual(expect.objectContaining({ code: 'AccessDeniedException', requestId: 'r-denied' }));
    expect(cloudTrail.commandCalls(GetTrailStatusCommand)).toHaveLength(1);
  });
});

describe('CloudTrail: DescribeTrails', () => {
  const trail = (over: Record<string, unknown>) => ({
    Name: 'x',
    S3BucketName: AUDIT,
    IsMultiRegionTrail: true,
    LogFileValidationEnabled: true,
    KmsKeyId: KEY,
    IncludeGlobalServiceEvents: true,
    HomeRegion: 'eu-central-1',
    ...over,
  });
  test('another trail writing to the audit bucket without validation or encryption fails; ours and others elsewhere do not count', async () => {
    cloudTrail.on(DescribeTrailsCommand, { includeShadowTrails: true }).resolves({
      trailList: [
        trail({ Name: 'prod-audit-trail', TrailARN: TRAIL }),
        trail({ Name: 'shadow', TrailARN: 'arn:aws:cloudtrail:us-east-1:333333333333:trail/shadow', LogFileValidationEnabled: false, KmsKeyId: undefined }),
        trail({
          Name: 'elsewhere',
          TrailARN: 'arn:aws:cloudtrail:eu-central-1:333333333333:trail/elsewhere',
          S3BucketName: 'other-bucket',
          IsMultiRegionTrail: false,
        }),
      ],
    });
    expect(await otherTrails(ctx)).toEqual([
      {
        check: 'otherTrails',
        outcome: 'fail',
        resource: 'arn:aws:cloudtrail:us-east-1:333333333333:trail/shadow',
        message: `delivers to ${AUDIT} with weaker settings: no log-file validation, no KMS encryption`,
      },
    ]);
  });
  test('no other trail: one pass', async () => {
    cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [trail({ Name: 'prod-audit-trail', TrailARN: TRAIL })] });
    expect((await otherTrails(ctx)).map((f) => f.outcome)).toEqual(['pass']);
  });
});

describe('SNS: ListSubscriptionsByTopic', () => {
  test('every page is read; a subscription pending confirmation fails, confirmed ones pass', async () => {
    sns
      .on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC, NextToken: undefined })
      .resolves({
        Subscriptions: [
          {
            SubscriptionArn: `${TOPIC}:6b0d4a4e-1111-2222-3333-444455556666`,
            Owner: '333333333333',
            Protocol: 'email',
            Endpoint: 'security@example.com',
            TopicArn: TOPIC,
          },
        ],
        NextToken: 'page-2',
      })
      .on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC, NextToken: 'page-2' })
      .resolves({
        Subscriptions: [
          { SubscriptionArn: 'PendingConfirmation', Owner: '333333333333', Protocol: 'https', Endpoint: 'https://hooks.example.com/a', TopicArn: TOPIC },
        ],
      });
    const findings = await alarmSubscriptions(ctx);
    expect(sns.commandCalls(ListSubscriptionsByTopicCommand)).toHaveLength(2);
    expect(findings.map((f) => [f.outcome, f.message])).toEqual([
      ['pass', 'email security@example.com: confirmed'],
      ['fail', 'https https://hooks.example.com/a: PendingConfirmation: SNS delivers nothing to it'],
    ]);
  });
  test('a subscription in the state but not on the topic fails', async () => {
    sns
      .on(ListSubscriptionsByTopicCommand)
      .resolves({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:a`, Protocol: 'email', Endpoint: 'security@example.com' }] });
    expect((await alarmSubscriptions(ctx)).filter((f) => f.outcome === 'fail').map((f) => f.resource)).toEqual([
      'aws_sns_topic_subscription.security-alarms_subscription-1',
    ]);
  });
  test("SNS's AuthorizationError ends the run", async () => {
    sns.on(ListSubscriptionsByTopicCommand).rejects(new AuthorizationErrorException({ message: 'not authorized', ...metadata('r-sns', 403) }));
    await expect(alarmSubscriptions(ctx)).rejects.toThrow(/sns:ListSubscriptionsByTopic on .* failed: AuthorizationError/);
  });
});

describe('CloudWatch: DescribeAlarms', () => {
  const alarm = (over: Record<string, unknown>) => ({
    MetricAlarms: [
      {
        AlarmName: 'prod-log-delivery-heartbeat',
        AlarmArn: 'arn:aws:cloudwatch:eu-central-1:333333333333:alarm:prod-log-delivery-heartbeat',
        StateValue: 'OK' as const,
        ActionsEnabled: true,
        StateUpdatedTimestamp: new Date('2026-11-30T08:00:00Z'),
        ...over,
      },
    ],
    CompositeAlarms: [],
  });
  test.each([
    ['OK', true, 'pass'],
    ['ALARM', true, 'fail'],
    ['INSUFFICIENT_DATA', true, 'fail'],
    ['OK', false, 'fail'],
  ])('state %s, actions enabled %s: %s', async (StateValue, ActionsEnabled, outcome) => {
    cloudWatch
      .on(DescribeAlarmsCommand, { AlarmNames: ['prod-log-delivery-heartbeat'] })
      .resolves(alarm({ StateValue, ActionsEnabled, StateReason: 'Threshold Crossed: no datapoints were received for 1 period' }));
    expect((await heartbeatAlarm(ctx))[0]?.outcome).toBe(outcome);
  });
  test('a missing heartbeat alarm fails', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [], CompositeAlarms: [] });
    expect((await heartbeatAlarm(ctx))[0]?.message).toMatch(/does not exist/);
  });
});

describe('KMS: DescribeKey', () => {
  test.each([
    ['Enabled', 'pass'],
    ['Disabled', 'fail'],
    ['PendingDeletion', 'fail'],
  ])('%s: %s', async (KeyState, outcome) => {
    kms.on(DescribeKeyCommand, { KeyId: KEY }).resolves({
      KeyMetadata: {
        KeyId: '0f1e2d3c-4b5a-4697-8877-665544332211',
        Arn: KEY,
        KeyState: KeyState as 'Enabled',
        Enabled: KeyState === 'Enabled',
        ...(KeyState === 'PendingDeletion' ? { DeletionDate: new Date('2026-12-30T00:00:00Z') } : {}),
      },
    });
    const [f] = await keysEnabled(ctx);
    expect(f?.outcome).toBe(outcome);
    if (KeyState === 'PendingDeletion') expect(f?.message).toBe('KeyState: PendingDeletion, deletion on 2026-12-30T00:00:00.000Z');
  });
});

describe('S3: what S3 reports against what the state claims', () => {
  const s3Error = (name: string) => new S3ServiceException({ name, $fault: 'client', message: '', ...metadata('r-s3', 404) });
  beforeEach(() => {
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    s3.on(GetBucketEncryptionCommand, { Bucket: AUDIT }).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY }, BucketKeyEnabled: true }],
      },
    });
    s3.on(GetBucketEncryptionCommand, { Bucket: ACCESS }).resolves({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    });
    s3.on(GetObjectLockConfigurationCommand).resolves({
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } } },
    });
  });
  test('as claimed: five passes', async () => {
    expect((await bucketSettings(ctx)).map((f) => f.outcome)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
  });
  test('versioning suspended, another key, GOVERNANCE, and no encryption configuration each fail with both values', async () => {
    s3.on(GetBucketVersioningCommand, { Bucket: ACCESS }).resolves({ Status: 'Suspended' });
    s3.on(GetBucketEncryptionCommand, { Bucket: AUDIT }).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/aws/s3' }, BucketKeyEnabled: true }],
      },
    });
    s3.on(GetBucketEncryptionCommand, { Bucket: ACCESS }).rejects(s3Error('ServerSideEncryptionConfigurationNotFoundError'));
    s3.on(GetObjectLockConfigurationCommand).resolves({
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 400 } } },
    });
    const failed = (await bucketSettings(ctx)).filter((f) => f.outcome === 'fail').map((f) => `${f.resource}: ${f.message}`);
    expect(failed).toEqual([
      `${AUDIT}: default encryption: S3 reports {"algorithm":"aws:kms","key":"alias/aws/s3","bucketKey":true}, the state says {"algorithm":"aws:kms","key":"${KEY}","bucketKey":true}`,
      `${ACCESS}: versioning: S3 reports "Suspended", the state says "Enabled"`,
      `${ACCESS}: default encryption: S3 reports null, the state says {"algorithm":"AES256","key":null,"bucketKey":false}`,
      `${AUDIT}: Object Lock: S3 reports {"enabled":"Enabled","mode":"GOVERNANCE","days":400,"years":null}, the state says {"enabled":"Enabled","mode":"COMPLIANCE","days":400,"years":null}`,
    ]);
  });
  test('AccessDenied from S3 ends the run', async () => {
    s3.on(GetBucketVersioningCommand).rejects(
      new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', ...metadata('r-403', 403) }),
    );
    await expect(bucketSettings(ctx)).rejects.toThrow(`s3:GetBucketVersioning on ${AUDIT} failed: AccessDenied (HTTP 403), request id r-403: Access Denied`);
  });
});
