import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Lazy, LocalBackend, S3Backend } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment-schema';
import { partitionOf } from '../config/regions';
import { AccessLogBucket } from '../constructs/access-log-bucket';
import { AccessRoles } from '../constructs/access-roles';
import { AuditKey } from '../constructs/audit-key';
import { AuditLogBucket } from '../constructs/audit-log-bucket';
import { AuditTrail } from '../constructs/audit-trail';
import { type AwsAccount, bucketArnOf, roleArnOf } from '../constructs/aws-account';
import { baselineChangeControls, breakGlassUseControl } from '../constructs/baseline-monitoring-controls';
import { ObjectLockRetention } from '../constructs/object-lock-retention';
import { SecurityAlarms } from '../constructs/security-alarms';
import { ENVIRONMENT_TAG, MANAGED_BY, MANAGED_BY_TAG, TIER_TAG } from '../standard/tags';
import { AuditreadyStack } from './auditready-stack';

/** Names and ARNs of one environment's resources, known at synthesis: what `auditready verify` asks AWS about. */
export interface StackNames {
  readonly partition: string;
  readonly auditBucket: string;
  readonly accessLogBucket: string;
  readonly trailArn: string;
  readonly logGroup: string;
  readonly topicArn: string;
  readonly heartbeatAlarm: string;
  /** Prefix of every alarm, role and policy name of the stack. */
  readonly namePrefix: string;
  readonly keyAlias: string;
}

/**
 * One environment's audit logging baseline: key, WORM bucket, access-log bucket, trail, alarms and
 * access roles, composed from one validated environment config. Stack id = environment name.
 */
export class AuditLoggingStack extends AuditreadyStack {
  readonly key: AuditKey;
  readonly auditBucket: AuditLogBucket;
  readonly accessLogBucket: AccessLogBucket;
  readonly trail: AuditTrail;
  readonly alarms: SecurityAlarms;
  readonly roles: AccessRoles;
  readonly names: StackNames;

  constructor(
    scope: Construct,
    readonly environment: EnvironmentConfig,
  ) {
    super(scope, environment.name);
    const env = environment;
    const account: AwsAccount = { accountId: env.accountId, region: env.region, partition: partitionOf(env.region) };

    new AwsProvider(this, 'aws', {
      region: env.region,
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: { ...env.tags, [ENVIRONMENT_TAG]: env.name, [TIER_TAG]: env.tier, [MANAGED_BY_TAG]: MANAGED_BY } }],
    });
    if (env.backend) {
      new S3Backend(this, { bucket: env.backend.bucket, key: env.backend.key, region: env.backend.region, encrypt: true });
      // cdktf 0.21 predates S3-native locking (Terraform 1.10+): set it directly.
      this.addOverride('terraform.backend.s3.use_lockfile', env.backend.useLockfile);
    } else {
      // Relative to cdktf.out/stacks/<env>, where terraform runs: the state lives in the project
      // root, outside the output directory that every synthesis replaces. cdktf's own default is an
      // absolute path, which would differ on every machine.
      new LocalBackend(this, { path: `../../../terraform.${env.name}.tfstate` });
    }

    // Names and ARNs known before the resources exist: policies that name each other use these.
    const prefix = env.name;
    const suffix = `${env.accountId}-${env.region}`;
    const trailName = `${prefix}-audit-trail`;
    const logGroupName = `/aws/cloudtrail/${trailName}`;
    const topicName = `${prefix}-security-alarms`;
    const auditBucketName = `${prefix}-audit-logs-${suffix}`;
    const accessLogBucketName = `${prefix}-access-logs-${suffix}`;
    const roleNames = AccessRoles.roleNames(prefix);
    const trailArn = AuditTrail.arnFor(account, trailName);
    const logGroupArn = AuditTrail.logGroupArnFor(account, logGroupName);
    const alarmTopicArn = SecurityAlarms.topicArnFor(account, topicName);
    const breakGlassRoleArn = roleArnOf(account, roleNames.breakGlass);
    const deployerRoleArns = env.principals.deployers;
    const guardians = { deployerRoleArns, breakGlassRoleArn };

    // The roles' policies need the key's ARN, and the key policy needs the auditor role to exist.
    let key: AuditKey | undefined;
    this.roles = new AccessRoles(this, 'access-roles', {
      account,
      namePrefix: prefix,
      auditorPrincipals: env.principals.auditors,
      administratorPrincipals: env.principals.administrators,
      breakGlassPrincipals: env.principals.breakGlass,
      accessContext: env.accessContext,
      resources: {
        keyArn: Lazy.stringValue({ produce: () => (key as AuditKey).key.arn }),
        storage: { auditBucketArn: bucketArnOf(account, auditBucketName), accessLogBucketArn: bucketArnOf(account, accessLogBucketName) },
        delivery: { trailArn, logGroupArn, alarmTopicArn, alarmNamePrefix: prefix },
      },
    });
    const keyAlias = `alias/${prefix}-audit-logs`;
    key = this.key = new AuditKey(this, 'audit-key', {
      account,
      aliasName: keyAlias,
      trailArn,
      logGroupArn,
      alarmTopicArn,
      // Verifiers read the logs too: the scheduled workflow validates them (README "Verifying a deployed environment").
      decryptRoleArns: [roleArnOf(account, roleNames.auditor), ...env.principals.verifiers],
      readerRoleArns: env.principals.verifiers,
      deployerRoleArns,
      breakGlassRoleArn,
      principalsToWaitFor: [this.roles.auditor.role, this.roles.breakGlass.role],
    });

    this.accessLogBucket = new AccessLogBucket(this, 'access-log-bucket', {
      account,
      bucketName: accessLogBucketName,
      sourceBucketName: auditBucketName,
      guardians,
      expirationDays: env.lifecycle.expirationDays,
    });
    this.auditBucket = new AuditLogBucket(this, 'audit-bucket', {
      account,
      bucketName: auditBucketName,
      retention: ObjectLockRetention.of(env.objectLock.mode, env.objectLock.retentionDays),
      kmsKeyArn: key.key.arn,
      trailArn,
      guardians,
      accessLogBucket: this.accessLogBucket,
      expirationDays: env.lifecycle.expirationDays,
      transitions: env.lifecycle.transitions,
      noncurrentVersionExpirationDays: env.lifecycle.noncurrentVersionExpirationDays,
      verifierRoleArns: env.principals.verifiers,
    });
    this.trail = new AuditTrail(this, 'trail', {
      account,
      trailName,
      bucket: this.auditBucket,
      key,
      logGroupName,
      logGroupRetentionDays: env.logGroupRetentionDays,
      permissionsBoundaryArn: this.roles.boundary.arn,
      additionalDataEvents: env.dataEvents,
    });
    this.alarms = new SecurityAlarms(this, 'security-alarms', {
      account,
      namePrefix: prefix,
      logGroupName: this.trail.logGroup.name,
      kmsKeyArn: key.key.arn,
      topicName,
      subscriptions: env.alerts,
      additionalControls: [
        breakGlassUseControl([breakGlassRoleArn]),
        ...baselineChangeControls({
          auditBucketName,
          accessLogBucketName,
          trailName,
          trailArn,
          logGroupName,
          keyArns: [key.key.arn],
          roleNames: [roleNames.auditor, roleNames.logAdmin, roleNames.breakGlass, this.trail.deliveryRoleName],
          alarmTopicArn,
          alarmNamePrefix: prefix,
        }),
      ],
    });
    this.names = {
      partition: account.partition,
      auditBucket: auditBucketName,
      accessLogBucket: accessLogBucketName,
      trailArn,
      logGroup: logGroupName,
      topicArn: alarmTopicArn,
      heartbeatAlarm: this.alarms.heartbeatAlarmName,
      namePrefix: prefix,
      keyAlias,
    };
  }
}
