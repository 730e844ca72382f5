import { Lazy } from 'cdktf';
import type { Construct } from 'constructs';
import type { OrganizationConfig } from '../config/organization-schema';
import { AccessLogBucket } from '../constructs/access-log-bucket';
import { AccessRoles } from '../constructs/access-roles';
import { AuditKey } from '../constructs/audit-key';
import { AuditLogBucket } from '../constructs/audit-log-bucket';
import { ObjectLockRetention } from '../constructs/object-lock-retention';
import { AuditreadyStack } from './auditready-stack';
import { type OrganizationNames, organizationNames } from './organization-names';
import { accountProvider, remoteState } from './organization-wiring';

/**
 * The organization's log archive, in the log-archive account: the WORM bucket the organization trail
 * delivers to (under AWSLogs/<organization id>/), its access-log bucket, the key that encrypts the log
 * files, and the auditor and break-glass roles, which auditors assume from the audit account. Deployed
 * before the management stack, whose trail CloudTrail checks against these policies.
 */
export class LogArchiveStack extends AuditreadyStack {
  readonly names: OrganizationNames;
  readonly key: AuditKey;
  readonly auditBucket: AuditLogBucket;
  readonly accessLogBucket: AccessLogBucket;
  readonly roles: AccessRoles;

  constructor(
    scope: Construct,
    readonly organization: OrganizationConfig,
  ) {
    const names = organizationNames(organization);
    super(scope, names.stackIds.logArchive);
    this.names = names;
    const org = organization;
    const account = names.logArchive;
    const deployerRoleArns = names.deployers.logArchive;
    accountProvider(
      this,
      'aws',
      org,
      { id: names.stackIds.logArchive, scope: 'organization-log-archive' },
      { account, deployerRoleArn: deployerRoleArns[0] as string },
    );
    remoteState(this, org, names.stackIds.logArchive);

    const breakGlassRoleArn = names.roleArns.logArchive.breakGlass;
    const guardians = { deployerRoleArns, breakGlassRoleArn };

    // The roles' policies need the key's ARN, and the key policy needs the auditor role to exist.
    let key: AuditKey | undefined;
    this.roles = new AccessRoles(this, 'access-roles', {
      account,
      namePrefix: org.name,
      auditorPrincipals: org.principals.auditors,
      breakGlassPrincipals: org.principals.breakGlass,
      accessContext: org.accessContext,
      resources: {
        keyArn: Lazy.stringValue({ produce: () => (key as AuditKey).key.arn }),
        storage: { auditBucketArn: names.auditBucketArn, accessLogBucketArn: names.accessLogBucketArn },
      },
    });
    key = this.key = new AuditKey(this, 'audit-key', {
      account,
      aliasName: names.logArchiveKeyAlias,
      trailArn: names.trailArn,
      decryptRoleArns: [names.roleArns.logArchive.auditor],
      deployerRoleArns,
      breakGlassRoleArn,
      principalsToWaitFor: [this.roles.auditor.role, this.roles.breakGlass.role],
    });

    this.accessLogBucket = new AccessLogBucket(this, 'access-log-bucket', {
      account,
      bucketName: names.accessLogBucketName,
      sourceBucketName: names.auditBucketName,
      guardians,
      expirationDays: org.lifecycle.expirationDays,
    });
    this.auditBucket = new AuditLogBucket(this, 'audit-bucket', {
      account,
      bucketName: names.auditBucketName,
      retention: ObjectLockRetention.of(org.objectLock.mode, org.objectLock.retentionDays),
      kmsKeyArn: key.key.arn,
      trailArn: names.trailArn,
      organizationId: org.organizationId,
      guardians,
      accessLogBucket: this.accessLogBucket,
      expirationDays: org.lifecycle.expirationDays,
      transitions: org.lifecycle.transitions,
      noncurrentVersionExpirationDays: org.lifecycle.noncurrentVersionExpirationDays,
    });
    // The organization trail lives in the management stack, which names this bucket by the same string.
    this.auditBucket.addDeliveringTrail(names.trailArn);
  }
}
