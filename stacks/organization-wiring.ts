import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, type TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { OrganizationConfig } from '../config/organization-schema';
import type { AwsAccount } from '../constructs/aws-account';
import { ENVIRONMENT_TAG, MANAGED_BY, MANAGED_BY_TAG, type OrganizationScope, SCOPE_TAG, TIER_TAG } from '../standard/tags';

/** One account an organization stack works in, and the deployer role its provider assumes there. */
export interface AccountAccess {
  readonly account: AwsAccount;
  readonly deployerRoleArn: string;
}

/** Which stack of the organization a provider belongs to: its id, and the scope `auditready check` reads from its tags. */
export interface OrganizationStackId {
  readonly id: string;
  readonly scope: OrganizationScope;
}

/**
 * A provider for one account of the organization: pinned to it (`allowed_account_ids`), reached by
 * assuming its deployer role from whatever identity runs `cdktf deploy`, tagging every resource with
 * the stack, tier and scope. `alias` names a second provider of a stack, for a read in another account.
 */
export function accountProvider(
  scope: Construct,
  id: string,
  org: OrganizationConfig,
  stack: OrganizationStackId,
  access: AccountAccess,
  alias?: string,
): AwsProvider {
  return new AwsProvider(scope, id, {
    alias,
    region: access.account.region,
    allowedAccountIds: [access.account.accountId],
    assumeRole: [{ roleArn: access.deployerRoleArn, sessionName: `auditready-${stack.id}` }],
    defaultTags: [{ tags: { ...org.tags, [ENVIRONMENT_TAG]: stack.id, [TIER_TAG]: org.tier, [SCOPE_TAG]: stack.scope, [MANAGED_BY_TAG]: MANAGED_BY } }],
  });
}

/** State of one organization stack in S3: `<keyPrefix>/<stack id>.tfstate`, encrypted, with S3-native locking. */
export function remoteState(stack: TerraformStack, org: OrganizationConfig, stackId: string): void {
  const { backend } = org;
  new S3Backend(stack, { bucket: backend.bucket, key: `${backend.keyPrefix}/${stackId}.tfstate`, region: backend.region, encrypt: true });
  // cdktf 0.21 predates S3-native locking (Terraform 1.10+): set it directly.
  stack.addOverride('terraform.backend.s3.use_lockfile', backend.useLockfile);
}
