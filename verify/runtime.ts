/**
 * Runtime health, as AWS reports it, of what no Terraform state holds: whether the trail is logging and
 * delivering, whether the alarm subscriptions are confirmed, whether the heartbeat alarm is OK, whether
 * the key is enabled, whether S3 itself reports the settings the state claims, and whether another trail
 * delivers to the audit bucket with weaker settings. Every request goes through awsCall (deadline,
 * retries); access and network failures propagate (exit 2), answers become findings.
 */
import { DescribeTrailsCommand, GetTrailStatusCommand, type GetTrailStatusCommandOutput } from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { GetBucketEncryptionCommand, GetBucketVersioningCommand, GetObjectLockConfigurationCommand } from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import type { Model, TfResource } from '../policies/model';
import { type AwsCallError, awsCall, type CallPolicy, DEFAULT_CALL_POLICY } from './aws-call';
import type { VerifyClients } from './aws-clients';
import type { VerifyFinding, VerifyTarget } from './target';

/** CloudTrail writes a digest file every hour while logging; two hours allows for one late delivery. */
export const DELIVERY_WINDOW_MS = 2 * 3600 * 1000;

export interface RuntimeContext {
  readonly target: VerifyTarget;
  readonly clients: VerifyClients;
  /** The refreshed state. */
  readonly state: Model;
  readonly now: Date;
  readonly policy?: CallPolicy;
}

/** Every runtime check of one environment. */
export async function runtimeFindings(ctx: RuntimeContext): Promise<VerifyFinding[]> {
  return [
    ...(await trailHealth(ctx)),
    ...(await otherTrails(ctx)),
    ...(await alarmSubscriptions(ctx)),
    ...(await heartbeatAlarm(ctx)),
    ...(await keysEnabled(ctx)),
    ...(await bucketSettings(ctx)),
  ];
}

const notFound = (err: unknown, ...codes: string[]): boolean => codes.includes((err as AwsCallError).facts?.code ?? '');

/** GetTrailStatus: logging, delivery errors, and recent digest and CloudWatch Logs deliveries. */
export async function trailHealth(ctx: RuntimeContext): Promise<VerifyFinding[]> {
  const trail = ctx.target.names.trailArn;
  let s: GetTrailStatusCommandOutput;
  try {
    s = await awsCall(
      'cloudtrail:GetTrailStatus',
      trail,
      (abortSignal) => ctx.clients.cloudTrail.send(new GetTrailStatusCommand({ Name: trail }), { abortSignal }),
      ctx.policy,
    );
  } catch (err) {
    if (!notFound(err, 'TrailNotFoundException')) throw err;
    const message = 'CloudTrail has no such trail: nothing records API activity';
    return (['trailLogging', 'trailDelivery', 'cloudWatchDelivery'] as const).map((check) => ({ check, outcome: 'fail', resource: trail, message }));
  }
  const out: VerifyFinding[] = [];
  out.push(
    s.IsLogging === true
      ? { check: 'trailLogging', outcome: 'pass', resource: trail, message: 'IsLogging: true' }
      : {
          check: 'trailLogging',
          outcome: 'fail',
          resource: trail,
          message: `IsLogging: false${s.StopLoggingTime ? ` (stopped ${s.StopLoggingTime.toISOString()})` : ''}`,
        },
  );
  const age = (t: Date | undefined) => (t ? ctx.now.getTime() - t.getTime() : undefined);
  const recent = (what: string, t: Date | undefined): string | undefined => {
    const ms = age(t);
    if (ms === undefined) return `no ${what} delivered yet`;
    return ms > DELIVERY_WINDOW_MS ? `last ${what} delivered ${t?.toISOString()}, ${(ms / 3600000).toFixed(1)} h ago (limit 2 h)` : undefined;
  };
  const delivery = [
    s.LatestDeliveryError ? `LatestDeliveryError: ${s.LatestDeliveryError}` : undefined,
    s.LatestDigestDeliveryError ? `LatestDigestDeliveryError: ${s.LatestDigestDeliveryError}` : undefined,
    recent('digest', s.LatestDigestDeliveryTime),
  ].filter((x): x is string => x !== undefined);
  out.push(
    delivery.length === 0
      ? { check: 'trailDelivery', outcome: 'pass', resource: trail, message: `no delivery errors; last digest ${s.LatestDigestDeliveryTime?.toISOString()}` }
      : { check: 'trailDelivery', outcome: 'fail', resource: trail, message: delivery.join('; ') },
  );
  const cw = [
    s.LatestCloudWatchLogsDeliveryError ? `LatestCloudWatchLogsDeliveryError: ${s.LatestCloudWatchLogsDeliveryError}` : undefined,
    recent('CloudWatch Logs batch', s.LatestCloudWatchLogsDeliveryTime),
  ].filter((x): x is string => x !== undefined);
  out.push(
    cw.length === 0
      ? {
          check: 'cloudWatchDelivery',
          outcome: 'pass',
          resource: trail,
          message: `no errors; last delivery ${s.LatestCloudWatchLogsDeliveryTime?.toISOString()}`,
        }
      : { check: 'cloudWatchDelivery', outcome: 'fail', resource: trail, message: cw.join('; ') },
  );
  return out;
}

/** DescribeTrails (shadow trails included): another trail whose bucket is the audit bucket, with weaker settings. */
export async function otherTrails(ctx: RuntimeContext): Promise<VerifyFinding[]> {
  const { auditBucket, trailArn } = ctx.target.names;
  const answer = await awsCall(
    'cloudtrail:DescribeTrails',
    '*',
    (abortSignal) => ctx.clients.cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }), { abortSignal }),
    ctx.policy,
  );
  const others = (answer.trailList ?? []).filter((t) => t.S3BucketName === auditBucket && t.TrailARN !== trailArn);
  const out: VerifyFinding[] = others.map((t) => {
    const weaker = [
      t.IsMultiRegionTrail ? undefined : 'not multi-region',
      t.LogFileValidationEnabled ? undefined : 'no log-file validation',
      t.KmsKeyId ? undefined : 'no KMS encryption',
      t.IncludeGlobalServiceEvents ? undefined : 'no global service events',
    ].filter((x): x is string => x !== undefined);
    return weaker.length > 0
      ? {
          check: 'otherTrails',
          outcome: 'fail',
          resource: t.TrailARN ?? t.Name,
          message: `delivers to ${auditBucket} with weaker settings: ${weaker.join(', ')}`,
        }
      : { check: 'otherTrails', outcome: 'pass', resource: t.TrailARN ?? t.Name, message: `delivers to ${auditBucket} with settings as strong as ours` };
  });
  return out.length > 0 ? out : [{ check: 'otherTrails', outcome: 'pass', resource: auditBucket, message: 'no other trail delivers to the audit bucket' }];
}

/** ListSubscriptionsByTopic (every page): no subscription pending confirmation; every one in the state is there. */
export async function alarmSubscriptions(ctx: RuntimeContext): Promise<VerifyFinding[]> {
  const topic = ctx.target.names.topicArn;
  const inState = ctx.state.ofType('aws_sns_topic_subscription').filter((s) => s.values.topic_arn === topic);
  const live: { arn: string; protocol: string; endpoint: string }[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await awsCall(
        'sns:ListSubscriptionsByTopic',
        topic,
        (abortSignal) => ctx.clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic, NextToken: token }), { abortSignal }),
        ctx.policy,
      );
      for (const s of page.Subscriptions ?? []) live.push({ arn: s.SubscriptionArn ?? '', protocol: s.Protocol ?? '', endpoint: s.Endpoint ?? '' });
      token = page.NextToken;
    } while (token);
  } catch (err) {
    if (!notFound(err, 'NotFoundException', 'NotFound')) throw err;
    return [{ check: 'alarmSubscriptions', outcome: 'fail', resource: topic, message: 'the alarm topic does not exist: alarms notify nobody' }];
  }
  if (live.length === 0 && inState.length === 0) {
    return [{ check: 'alarmSubscriptions', outcome: 'not_applicable', resource: topic, message: 'no subscriptions configured (alerts)' }];
  }
  const out: VerifyFinding[] = live.map((s) =>
    s.arn === 'PendingConfirmation'
      ? {
          check: 'alarmSubscriptions',
          outcome: 'fail',
          resource: topic,
          message: `${s.protocol} ${s.endpoint}: PendingConfirmation: SNS delivers nothing to it`,
        }
      : { check: 'alarmSubscriptions', outcome: 'pass', resource: topic, message: `${s.protocol} ${s.endpoint}: confirmed` },
  );
  for (const s of inState) {
    if (!live.some((l) => l.protocol === s.values.protocol && l.endpoint === s.values.endpoint)) {
      out.push({
        check: 'alarmSubscriptions',
        outcome: 'fail',
        resource: s.address,
        message: `${s.values.protocol} ${s.values.endpoint}: in the state, not on the topic`,
      });
    }
  }
  return out;
}

/** DescribeAlarms: the heartbeat alarm is OK and its actions are enabled. */
export async function heartbeatAlarm(ctx: RuntimeContext): Promise<VerifyFinding[]> {
  const name = ctx.target.names.heartbeatAlarm;
  const answer = await awsCall(
    'cloudwatch:DescribeAlarms',
    name,
    (abortSignal) => ctx.clients.cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ['MetricAlarm'] }), { abortSignal }),
    ctx.policy,
  );
  const alarm = answer.MetricAlarms?.find((a) => a.AlarmName === name);
  if (!alarm) return [{ check: 'heartbeat', outcome: 'fail', resource: name, message: 'the heartbeat alarm does not exist: a dead pipeline would be silent' }];
  const problems = [
    alarm.StateValue === 'OK' ? undefined : `state ${alarm.StateValue}${alarm.StateReason ? ` (${alarm.StateReason})` : ''}`,
    alarm.ActionsEnabled === false ? 'actions disabled: it would notify nobody' : undefined,
  ].filter((x): x is string => x !== undefined);
  return [
    problems.length === 0
      ? { check: 'heartbeat', outcome: 'pass', resource: name, message: `state OK since ${alarm.StateUpdatedTimestamp?.toISOString() ?? '(unknown)'}` }
      : { check: 'heartbeat', outcome: 'fail', resource: name, message: problems.join('; ') },
  ];
}

/** DescribeKey of every key in the state: Enabled, not disabled or pending deletion. */
export async function keysEnabled(ctx: RuntimeContext): Promise<VerifyFinding[]> {
  const keys = ctx.state.ofType('aws_kms_key');
  if (keys.length === 0) return [{ check: 'keyEnabled', outcome: 'unknown', message: 'the state holds no aws_kms_key: nothing to ask KMS about' }];
  const out: VerifyFinding[] = [];
  for (const key of keys) {
    const arn = String(key.values.arn ?? key.values.key_id);
    try {
      const answer = await awsCall(
        'kms:DescribeKey',
        arn,
        (abortSignal) => ctx.clients.kms.send(new DescribeKeyCommand({ KeyId: arn }), { abortSignal }),
        ctx.policy,
      );
      const m = answer.KeyMetadata;
      out.push(
        m?.KeyState === 'Enabled'
          ? { check: 'keyEnabled', outcome: 'pass', resource: arn, message: 'KeyState: Enabled' }
          : {
              check: 'keyEnabled',
              outcome: 'fail',
              resource: arn,
              message: `KeyState: ${m?.KeyState ?? '(none)'}${m?.DeletionDate ? `, deletion on ${m.DeletionDate.toISOString()}` : ''}`,
            },
      );
    } catch (err) {
      if (!notFound(err, 'NotFoundException')) throw err;
      out.push({ check: 'keyEnabled', outcome: 'fail', resource: arn, message: 'the key does not exist' });
    }
  }
  return out;
}

/** The split S3 resource of `type` for bucket `name` in the state, or undefined. */
function split(state: Model, type: string, name: string): TfResource | undefined {
  return state.ofType(type).find((r) => r.values.bucket === name);
}

const first = (v: unknown): Record<string, unknown> => ((Array.isArray(v) ? v[0] : v) ?? {}) as Record<string, unknown>;

/**
 * GetObjectLockConfiguration, GetBucketVersioning and GetBucketEncryption of the audit and access-log buckets,
 * each compared with the state's value.
 */
export async function bucketSettings(ctx: RuntimeContext): Promise<VerifyFinding[]> {
  const { s3 } = ctx.clients;
  const policy = ctx.policy ?? DEFAULT_CALL_POLICY;
  const out: VerifyFinding[] = [];
  const compare = (bucket: string, what: string, claimed: unknown, live: unknown) => {
    const c = JSON.stringify(claimed ?? null);
    const l = JSON.stringify(live ?? null);
    out.push(
      c === l
        ? { check: 'bucketLive', outcome: 'pass', resource: bucket, message: `${what}: ${l}, as the state says` }
        : { check: 'bucketLive', outcome: 'fail', resource: bucket, message: `${what}: S3 reports ${l}, the state says ${c}` },
    );
  };
  const missing = (bucket: string, what: string, type: string) =>
    out.push({ check: 'bucketLive', outcome: 'unknown', resource: bucket, message: `${what}: the state holds no ${type} for this bucket` });
  const tolerateAbsent = async <T>(
    operation: string,
    bucket: string,
    call: (signal: AbortSignal) => Promise<T>,
    ...codes: string[]
  ): Promise<T | undefined> => {
    try {
      return await awsCall(operation, bucket, call, policy);
    } catch (err) {
      if (notFound(err, ...codes)) return undefined;
      throw err;
    }
  };

  for (const bucket of [ctx.target.names.auditBucket, ctx.target.names.accessLogBucket]) {
    const versioning = split(ctx.state, 'aws_s3_bucket_versioning', bucket);
    const live = await awsCall(
      's3:GetBucketVersioning',
      bucket,
      (abortSignal) => s3.send(new GetBucketVersioningCommand({ Bucket: bucket }), { abortSignal }),
      policy,
    );
    if (versioning) compare(bucket, 'versioning', first(versioning.values.versioning_configuration).status, live.Status);
    else missing(bucket, 'versioning', 'aws_s3_bucket_versioning');

    const sse = split(ctx.state, 'aws_s3_bucket_server_side_encryption_configuration', bucket);
    const enc = await tolerateAbsent(
      's3:GetEncryptionConfiguration',
      bucket,
      (abortSignal) => s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }), { abortSignal }),
      'ServerSideEncryptionConfigurationNotFoundError',
    );
    const liveRule = enc?.ServerSideEncryptionConfiguration?.Rules?.[0];
    if (sse) {
      const rule = first(sse.values.rule);
      const byDefault = first(rule.apply_server_side_encryption_by_default);
      compare(
        bucket,
        'default encryption',
        { algorithm: byDefault.sse_algorithm, key: byDefault.kms_master_key_id || null, bucketKey: rule.bucket_key_enabled ?? false },
        liveRule
          ? {
              algorithm: liveRule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
              key: liveRule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID || null,
              bucketKey: liveRule.BucketKeyEnabled ?? false,
            }
          : null,
      );
    } else missing(bucket, 'default encryption', 'aws_s3_bucket_server_side_encryption_configuration');
  }

  const bucket = ctx.target.names.auditBucket;
  const lock = split(ctx.state, 'aws_s3_bucket_object_lock_configuration', bucket);
  const liveLock = await tolerateAbsent(
    's3:GetBucketObjectLockConfiguration',
    bucket,
    (abortSignal) => s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }), { abortSignal }),
    'ObjectLockConfigurationNotFoundError',
  );
  if (lock) {
    const retention = first(first(lock.values.rule).default_retention);
    const l = liveLock?.ObjectLockConfiguration;
    compare(
      bucket,
      'Object Lock',
      { enabled: lock.values.object_lock_enabled ?? 'Enabled', mode: retention.mode ?? null, days: retention.days || null, years: retention.years || null },
      l
        ? {
            enabled: l.ObjectLockEnabled ?? null,
            mode: l.Rule?.DefaultRetention?.Mode ?? null,
            days: l.Rule?.DefaultRetention?.Days ?? null,
            years: l.Rule?.DefaultRetention?.Years ?? null,
          }
        : null,
    );
  } else missing(bucket, 'Object Lock', 'aws_s3_bucket_object_lock_configuration');
  return out;
}
