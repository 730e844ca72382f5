import { TerraformStack } from 'cdktf';
import type { OrganizationConfig } from '../../config/organization-schema';
import { check, type Report } from '../../policies/engine';
import { modelFromDocument } from '../../policies/load';
import { buildApp, synthesizeStacks } from '../../stacks/build-app';
import { ManagementStack } from '../../stacks/management-stack';
import { logArchiveNamesUsedByManagement, organizationNames } from '../../stacks/organization-names';
import { offlineKeyArn } from '../harness/offline-kms';
import {
  offlineAliases,
  type PlannedResource,
  plannedOrganizations,
  prepareOfflineCopy,
  type StackCheck,
  stackCheckFor,
  type TerraformPlanJson,
} from '../harness/terraform';
import type { TerraformJson } from '../support/terraform-json';

// The real terraform and hashicorp/aws provider, offline, on both stacks of the example organization and
// of a GovCloud one, planned once per test run by the global setup (test/harness/terraform-global-setup.ts).
// The management stack reads one thing from AWS at plan time, the log archive key's ARN through its alias;
// the harness answers that call from a local KMS endpoint (test/harness/offline-kms.ts).

/** Managed resources per stack: a change in these numbers should be a deliberate one. */
const EXPECTED_RESOURCE_COUNTS: Record<string, number> = {
  'example-org-log-archive': 25,
  'example-org-management': 79,
  'gov-org-log-archive': 25,
  'gov-org-management': 79,
};

const organizations = plannedOrganizations();
const stacks = synthesizeStacks([], organizations);
const managementStacks = buildApp({ environments: [], organizations })
  .node.findAll()
  .filter((c): c is ManagementStack => TerraformStack.isStack(c) && c instanceof ManagementStack);

const managementTerraform = () => stacks.find((s) => s.environment === 'example-org-management')!.terraform;

describe('offline reads', () => {
  test('GIVEN a stack that reads anything else from AWS THEN the offline plan refuses, naming the data source', () => {
    const tf = { ...managementTerraform(), data: { aws_caller_identity: { current: {} } } };
    expect(() => offlineAliases(tf)).toThrow('the offline plan cannot read data.aws_caller_identity from AWS: teach test/harness how to answer it');
  });

  test('GIVEN the offline copy THEN no provider assumes a role or is pinned to an account, and KMS goes to the local endpoint', () => {
    const copy = prepareOfflineCopy(managementTerraform(), 'http://127.0.0.1:1') as unknown as TerraformJson;
    expect(copy.provider.aws).toHaveLength(2);
    for (const provider of copy.provider.aws) {
      expect(provider.assume_role).toBeUndefined();
      expect(provider.allowed_account_ids).toBeUndefined();
      expect(provider.endpoints).toEqual([{ kms: 'http://127.0.0.1:1' }]);
    }
  });
});

describe('terraform validate and plan, offline', () => {
  const checks = new Map<string, StackCheck>();

  beforeAll(async () => {
    for (const stack of stacks) checks.set(stack.environment, await stackCheckFor(stack.environment));
  });

  test('every stack is covered', () => {
    expect(stacks.map((s) => s.environment).sort()).toEqual(Object.keys(EXPECTED_RESOURCE_COUNTS).sort());
  });

  describe.each(stacks.map((s) => [s.environment, s] as const))('%s', (name, stack) => {
    const tf = stack.terraform as unknown as TerraformJson;
    const check = () => checks.get(name)!;
    const plan = () => check().planJson;

    test('terraform validate: valid, no errors, no warnings', () => {
      expect(check().validate).toEqual({ format_version: '1.0', valid: true, error_count: 0, warning_count: 0, diagnostics: [] });
    });

    test('the plan is complete and applyable, and creates exactly the synthesized resources', () => {
      expect(plan()).toMatchObject({ errored: false, complete: true, applyable: true });
      const managed = plan().resource_changes.filter((c) => c.mode === 'managed');
      expect(managed.map((c) => c.address).sort()).toEqual(
        Object.entries(tf.resource)
          .flatMap(([type, blocks]) => Object.keys(blocks).map((id) => `${type}.${id}`))
          .sort(),
      );
      expect(managed.length).toBe(EXPECTED_RESOURCE_COUNTS[name]);
      expect(managed.filter((c) => c.change.actions.join() !== 'create').map((c) => c.address)).toEqual([]);
    });
  });

  describe.each(managementStacks.map((s) => [s.node.id, s] as const))('%s', (name, stack) => {
    const plan = () => checks.get(name)!.planJson;
    const tf = stacks.find((s) => s.environment === name)!.terraform as unknown as TerraformJson;

    test('the organization trail is planned organization-wide, into the log archive bucket, with the key the log-archive account holds under the alias', () => {
      const [alias] = offlineAliases(tf as never);
      expect(alias).toMatchObject({ name: stack.names.logArchiveKeyAlias, accountId: stack.names.logArchive.accountId });
      expect(plannedResource(plan(), 'aws_cloudtrail.trail_trail').values).toMatchObject({
        is_organization_trail: true,
        is_multi_region_trail: true,
        enable_log_file_validation: true,
        s3_bucket_name: stack.names.auditBucketName,
        kms_key_id: offlineKeyArn(alias!),
      });
    });

    test('each guardrail is planned with the content the construct measured, character for character in length, within the 5,120 AWS Organizations accepts', () => {
      for (const [address, policy] of [
        ['aws_organizations_policy.guardrails_scp_policy', stack.guardrails.serviceControlPolicy],
        ['aws_organizations_policy.guardrails_rcp_policy', stack.guardrails.resourceControlPolicy],
      ] as const) {
        const content = plannedResource(plan(), address).values.content as string;
        // The provider orders a statement's actions and resources its own way; the text is otherwise the same.
        expect(sortedLists(JSON.parse(content))).toEqual(sortedLists(JSON.parse(policy.content)));
        expect(content.length).toBe(policy.content.length);
        expect(content.length).toBeLessThanOrEqual(5120);
      }
    });

    test('the attachments are planned for the configured targets', () => {
      const targets = (plan().planned_values.root_module.resources ?? [])
        .filter((r) => r.type === 'aws_organizations_policy_attachment')
        .map((r) => r.values.target_id);
      expect(targets.sort()).toEqual(
        Object.values(tf.resource.aws_organizations_policy_attachment ?? {})
          .map((a) => a.target_id)
          .sort(),
      );
    });
  });
});

/** The value with every list sorted. */
function sortedLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedLists).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortedLists(v)]));
  return value;
}

describe('the standard on the organization plans', () => {
  // In a plan the trail's key is the ARN the log archive's alias resolved to: that ARN is what is external.
  const externalsOf = (org: OrganizationConfig): string[] => {
    const tf = stacks.find((st) => st.environment === organizationNames(org).stackIds.management)!.terraform;
    return [organizationNames(org).auditBucketName, ...offlineAliases(tf).map(offlineKeyArn)];
  };
  const verdicts = (report: Report) =>
    Object.fromEntries(report.results.filter((r) => r.rule !== 'log-resources-prevent-destroy').map((r) => [`${r.rule}|${r.resource ?? ''}`, r.status]));

  test.each(organizations.map((o) => [o.name, o] as const))('%s: both plans pass, with the verdicts of the synthesized JSON', async (_name, org) => {
    const externals = externalsOf(org);
    for (const id of Object.values(organizationNames(org).stackIds)) {
      // The offline copy drops allowed_account_ids (the provider cannot check it offline); a real plan records
      // it, and with it the account the trail's ARN (which the SCP names) is built from.
      const plan = structuredClone((await stackCheckFor(id)).planJson) as unknown as { configuration: { provider_config: Record<string, any> } };
      const pinned = (stacks.find((st) => st.environment === id)!.terraform as unknown as TerraformJson).provider.aws[0]!.allowed_account_ids;
      plan.configuration.provider_config.aws.expressions.allowed_account_ids = { constant_value: pinned };
      const synthesized = stacks.find((st) => st.environment === id)!.terraform;
      const fromPlan = check([modelFromDocument(plan, `${id}.plan.json`)], { externals, waivers: [], today: '2026-01-01' });
      const fromConfig = check([modelFromDocument(synthesized, `${id}/cdk.tf.json`)], {
        externals: [...externals, ...logArchiveNamesUsedByManagement(org)],
        waivers: [],
        today: '2026-01-01',
      });
      expect({ id, problems: fromPlan.results.filter((r) => r.status !== 'pass' && r.status !== 'not_applicable') }).toEqual({ id, problems: [] });
      expect(verdicts(fromPlan)).toEqual(verdicts(fromConfig));
    }
  });
});

function plannedResource(plan: TerraformPlanJson, address: string): PlannedResource {
  const resources = plan.planned_values.root_module.resources ?? [];
  const found = resources.find((r) => r.address === address);
  if (!found) throw new Error(`no ${address} in the planned values; have ${resources.length} resources`);
  return found;
}
