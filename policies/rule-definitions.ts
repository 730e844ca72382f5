/** Every rule definition in `policies/rules/`, one file each (the id is the file name). */
import { rule as bucketAccessLogTargetDeliverable } from './rules/bucket-access-log-target-deliverable';
import { rule as bucketAccessLogging } from './rules/bucket-access-logging';
import { rule as bucketAclsDisabled } from './rules/bucket-acls-disabled';
import { rule as bucketCloudtrailSourceArn } from './rules/bucket-cloudtrail-source-arn';
import { rule as bucketForceDestroy } from './rules/bucket-force-destroy';
import { rule as bucketLifecycleRetention } from './rules/bucket-lifecycle-retention';
import { rule as bucketNoPublicPrincipal } from './rules/bucket-no-public-principal';
import { rule as bucketObjectLock } from './rules/bucket-object-lock';
import { rule as bucketPublicAccessBlock } from './rules/bucket-public-access-block';
import { rule as bucketSseKms } from './rules/bucket-sse-kms';
import { rule as bucketTlsOnly } from './rules/bucket-tls-only';
import { rule as bucketVersioning } from './rules/bucket-versioning';
import { rule as cis501UnauthorizedApiCalls } from './rules/cis-5-01-unauthorized-api-calls';
import { rule as cis502ConsoleSigninWithoutMfa } from './rules/cis-5-02-console-signin-without-mfa';
import { rule as cis503RootAccountUsage } from './rules/cis-5-03-root-account-usage';
import { rule as cis504IamPolicyChanges } from './rules/cis-5-04-iam-policy-changes';
import { rule as cis505CloudtrailConfigChanges } from './rules/cis-5-05-cloudtrail-config-changes';
import { rule as cis506ConsoleAuthFailures } from './rules/cis-5-06-console-auth-failures';
import { rule as cis507CmkDisableOrDeletion } from './rules/cis-5-07-cmk-disable-or-deletion';
import { rule as cis508S3BucketPolicyChanges } from './rules/cis-5-08-s3-bucket-policy-changes';
import { rule as cis509ConfigChanges } from './rules/cis-5-09-config-changes';
import { rule as cis510SecurityGroupChanges } from './rules/cis-5-10-security-group-changes';
import { rule as cis511NaclChanges } from './rules/cis-5-11-nacl-changes';
import { rule as cis512NetworkGatewayChanges } from './rules/cis-5-12-network-gateway-changes';
import { rule as cis513RouteTableChanges } from './rules/cis-5-13-route-table-changes';
import { rule as cis514VpcChanges } from './rules/cis-5-14-vpc-changes';
import { rule as cis515OrganizationsChanges } from './rules/cis-5-15-organizations-changes';
import { rule as iamAuditorReadOnly } from './rules/iam-auditor-read-only';
import { rule as iamHumanAccessContext } from './rules/iam-human-access-context';
import { rule as iamHumanMfa } from './rules/iam-human-mfa';
import { rule as iamHumanPermissionsBoundary } from './rules/iam-human-permissions-boundary';
import { rule as iamHumanSessionLength } from './rules/iam-human-session-length';
import { rule as iamHumanTrustScope } from './rules/iam-human-trust-scope';
import { rule as iamNoWildcardActions } from './rules/iam-no-wildcard-actions';
import { rule as kmsKeyDeletionWindow } from './rules/kms-key-deletion-window';
import { rule as kmsKeyPolicyNoPublicPrincipal } from './rules/kms-key-policy-no-public-principal';
import { rule as kmsKeyRotation } from './rules/kms-key-rotation';
import { rule as logGroupKms } from './rules/log-group-kms';
import { rule as logGroupRetention } from './rules/log-group-retention';
import { rule as logResourcesPreventDestroy } from './rules/log-resources-prevent-destroy';
import { rule as orgBucketPolicyOrganizationScoped } from './rules/org-bucket-policy-organization-scoped';
import { rule as orgRcpProtectsLogArchive } from './rules/org-rcp-protects-log-archive';
import { rule as orgScpProtectsTrail } from './rules/org-scp-protects-trail';
import { rule as orgTrailOrganizationWide } from './rules/org-trail-organization-wide';
import { rule as planNoBaselineDestroy } from './rules/plan-no-baseline-destroy';
import { rule as trailCloudwatchLogs } from './rules/trail-cloudwatch-logs';
import { rule as trailGlobalServiceEvents } from './rules/trail-global-service-events';
import { rule as trailKmsCmk } from './rules/trail-kms-cmk';
import { rule as trailLogFileValidation } from './rules/trail-log-file-validation';
import { rule as trailLoggingEnabled } from './rules/trail-logging-enabled';
import { rule as trailManagementEvents } from './rules/trail-management-events';
import { rule as trailMultiRegion } from './rules/trail-multi-region';
import { rule as trailPresent } from './rules/trail-present';
import { rule as trailS3DataEvents } from './rules/trail-s3-data-events';
import type { RuleDefinition } from './types';

export const RULE_DEFINITIONS: readonly RuleDefinition[] = [
  bucketAccessLogTargetDeliverable,
  bucketAccessLogging,
  bucketAclsDisabled,
  bucketCloudtrailSourceArn,
  bucketForceDestroy,
  bucketLifecycleRetention,
  bucketNoPublicPrincipal,
  bucketObjectLock,
  bucketPublicAccessBlock,
  bucketSseKms,
  bucketTlsOnly,
  bucketVersioning,
  cis501UnauthorizedApiCalls,
  cis502ConsoleSigninWithoutMfa,
  cis503RootAccountUsage,
  cis504IamPolicyChanges,
  cis505CloudtrailConfigChanges,
  cis506ConsoleAuthFailures,
  cis507CmkDisableOrDeletion,
  cis508S3BucketPolicyChanges,
  cis509ConfigChanges,
  cis510SecurityGroupChanges,
  cis511NaclChanges,
  cis512NetworkGatewayChanges,
  cis513RouteTableChanges,
  cis514VpcChanges,
  cis515OrganizationsChanges,
  iamAuditorReadOnly,
  iamHumanAccessContext,
  iamHumanMfa,
  iamHumanPermissionsBoundary,
  iamHumanSessionLength,
  iamHumanTrustScope,
  iamNoWildcardActions,
  kmsKeyDeletionWindow,
  kmsKeyPolicyNoPublicPrincipal,
  kmsKeyRotation,
  logGroupKms,
  logGroupRetention,
  logResourcesPreventDestroy,
  orgBucketPolicyOrganizationScoped,
  orgRcpProtectsLogArchive,
  orgScpProtectsTrail,
  orgTrailOrganizationWide,
  planNoBaselineDestroy,
  trailCloudwatchLogs,
  trailGlobalServiceEvents,
  trailKmsCmk,
  trailLogFileValidation,
  trailLoggingEnabled,
  trailManagementEvents,
  trailMultiRegion,
  trailPresent,
  trailS3DataEvents,
];
