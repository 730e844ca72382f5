import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeStacks } from '../../stacks/build-app';
import {
  findProviderMirror,
  findTerraform,
  type PlannedResource,
  plannedEnvironments,
  prepareOfflineCopy,
  runTerraform,
  type StackCheck,
  savedPlanPath,
  stackCheckFor,
  TERRAFORM_ENV,
  type TerraformPlanJson,
  terraformEnv,
  validateAndPlan,
  writeCliConfig,
} from '../harness/terraform';
import type { TerraformJson } from '../support/terraform-json';

// The real terraform and hashicorp/aws provider, offline, on every example environment and on a GovCloud
// and a China environment: validated and planned once per test run by the global setup
// (test/harness/terraform-global-setup.ts) for every suite that reads plans. Missing terraform or provider
// mirror fails these tests with the override to set; nothing skips.

/** Managed resources per environment: a change in these numbers should be a deliberate one. */
const EXPECTED_RESOURCE_COUNTS: Record<string, number> = { dev: 86, staging: 87, prod: 87, govcloud: 87, china: 87 };

const environments = plannedEnvironments();
const stacks = synthesizeStacks(environments);
const productionBefore = structuredClone(stacks.map((s) => s.terraform));

describe('prepareOfflineCopy', () => {
  const prodStack = stacks.find((s) => s.environment === 'prod')!;
  const prod = prodStack.terraform as unknown as TerraformJson;
  const copy = prepareOfflineCopy(prodStack.terraform) as unknown as TerraformJson;

  test('GIVEN a stack THEN the copy has no backend, and its provider keeps the region and default tags', () => {
    expect(copy.terraform.backend).toBeUndefined();
    expect(copy.provider.aws).toEqual([expect.objectContaining({ region: prod.provider.aws[0]!.region, default_tags: prod.provider.aws[0]!.default_tags })]);
  });

  test("GIVEN the copy with the provider's own AWS checks turned back on THEN terraform fails at the closed route to AWS: so the plans of the offline copies made no request", async () => {
    const online = structuredClone(copy) as unknown as { provider: { aws: Record<string, unknown>[] } };
    for (const provider of online.provider.aws) {
      for (const setting of Object.keys(provider).filter((k) => k.startsWith('skip_'))) delete provider[setting];
      provider.max_retries = 1;
    }
    const dir = mkdtempSync(join(tmpdir(), 'auditready-online-'));
    try {
      writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(online));
      const env = terraformEnv(writeCliConfig(dir));
      await runTerraform(['init', '-backend=false', '-input=false', '-no-color'], dir, env);
      await expect(runTerraform(['plan', '-input=false', '-lock=false', '-refresh=false', '-no-color'], dir, env)).rejects.toThrow(
        /GetCallerIdentity[\s\S]*proxyconnect tcp: dial tcp 127\.0\.0\.1:\d+: connect: connection refused/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN a stack THEN everything but the backend and provider is copied as is', () => {
    const { terraform: copyTerraform, provider: _copyProvider, ...copyRest } = copy;
    const { terraform: prodTerraform, provider: _prodProvider, ...prodRest } = prod;
    expect(copyRest).toEqual(prodRest);
    const { backend: _backend, ...prodTerraformWithoutBackend } = prodTerraform;
    expect(copyTerraform).toEqual(prodTerraformWithoutBackend);
  });

  test('GIVEN a stack THEN the production JSON keeps its backend and allowed_account_ids', () => {
    expect(prod.terraform.backend).toEqual(expect.objectContaining({ s3: expect.objectContaining({ bucket: 'example-terraform-state-333333333333' }) }));
    expect(prod.provider.aws[0]!.allowed_account_ids).toEqual(['333333333333']);
    expect(prod.provider.aws[0]!.access_key).toBeUndefined();
    expect(prodStack.terraform).toEqual(productionBefore[stacks.indexOf(prodStack)]);
  });

  test('GIVEN a stack without an aws provider THEN it says so', () => {
    expect(() => prepareOfflineCopy({ terraform: {}, resource: {} })).toThrow('the stack configures no aws provider (provider.aws is missing)');
  });
});

describe('missing tools fail with the override to set', () => {
  const saved = { ...process.env };
  const scratch = mkdtempSync(join(tmpdir(), 'auditready-missing-tools-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  afterEach(() => {
    for (const name of Object.values(TERRAFORM_ENV)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  test('GIVEN the mirror override names a directory without the aws provider THEN discovery and validateAndPlan fail naming it', async () => {
    const empty = mkdtempSync(join(scratch, 'empty-mirror-'));
    process.env[TERRAFORM_ENV.providerMirror] = empty;
    const message = new RegExp(
      `^AUDITREADY_TF_PROVIDER_MIRROR=${empty} has no hashicorp/aws provider for \\w+_\\w+: expected ${empty}/registry\\.terraform\\.io/hashicorp/aws/<version>/`,
    );
    expect(() => findProviderMirror()).toThrow(message);
    await expect(validateAndPlan(stacks[0]!.terraform)).rejects.toThrow(message);
  });

  test('GIVEN the terraform override is not an executable THEN it fails naming it', () => {
    const notExecutable = join(scratch, 'terraform');
    writeFileSync(notExecutable, '');
    process.env[TERRAFORM_ENV.terraform] = notExecutable;
    expect(() => findTerraform()).toThrow(`AUDITREADY_TERRAFORM=${notExecutable} is not an executable file; point it at the terraform binary.`);
  });
});

describe('runTerraform', () => {
  test('GIVEN a failing command THEN the error names the command, directory and exit code and has stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'auditready-no-configuration-'));
    try {
      const failure = runTerraform(['plan', '-input=false', '-no-color'], dir, terraformEnv(writeCliConfig(dir)));
      await expect(failure).rejects.toThrow(
        `\`${findTerraform()} plan -input=false -no-color\` failed (exit 1) in ${dir}\n--- stderr ---\nError: No configuration files`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('terraform validate and plan, offline', () => {
  const checks = new Map<string, StackCheck>();

  beforeAll(async () => {
    for (const stack of stacks) checks.set(stack.environment, await stackCheckFor(stack.environment));
  });

  test('every environment is covered', () => {
    expect(stacks.map((s) => s.environment)).toEqual(environments.map((e) => e.name));
    expect(Object.keys(EXPECTED_RESOURCE_COUNTS)).toEqual(environments.map((e) => e.name));
  });

  describe.each(environments.map((e) => [e.name, e] as const))('%s', (name, environment) => {
    const stack = () => stacks.find((s) => s.environment === name)!.terraform as unknown as TerraformJson;
    const check = () => checks.get(name)!;
    const plan = () => check().planJson;

    test('terraform validate: valid, no errors, no warnings', () => {
      expect(check().validate).toEqual({ format_version: '1.0', valid: true, error_count: 0, warning_count: 0, diagnostics: [] });
    });

    test('the plan is complete and applyable', () => {
      expect(plan()).toMatchObject({ errored: false, complete: true, applyable: true });
    });

    test('the plan creates exactly the synthesized resources, nothing else', () => {
      const managed = plan().resource_changes.filter((c) => c.mode === 'managed');
      expect(managed.map((c) => c.address).sort()).toEqual(addressesOf(stack().resource).sort());
      expect(managed.length).toBe(EXPECTED_RESOURCE_COUNTS[name]);
      expect(managed.filter((c) => c.change.actions.join() !== 'create').map((c) => `${c.address}: ${c.change.actions.join()}`)).toEqual([]);
    });

    test('every data source is read: at plan time, or planned for apply when it depends on unknown values', () => {
      const planned = plan().resource_changes.filter((c) => c.mode === 'data');
      expect(planned.filter((c) => c.change.actions.join() !== 'read').map((c) => c.address)).toEqual([]);
      const readAtPlan = (plan().prior_state?.values?.root_module.resources ?? []).filter((r) => r.mode === 'data');
      expect([...planned, ...readAtPlan].map((r) => r.address).sort()).toEqual(addressesOf(stack().data ?? {}, 'data.').sort());
    });

    test('the audit bucket is planned with object lock, in the configured mode and retention', () => {
      expect(plannedResource(plan(), 'aws_s3_bucket.audit-bucket_bucket').values).toMatchObject({ object_lock_enabled: true });
      expect(plannedResource(plan(), 'aws_s3_bucket_object_lock_configuration.audit-bucket_object-lock').values).toMatchObject({
        object_lock_enabled: 'Enabled',
        rule: [{ default_retention: [{ mode: environment.objectLock.mode, days: environment.objectLock.retentionDays, years: null }] }],
      });
    });

    test('the trail is planned multi-region, with log file validation and global service events', () => {
      expect(plannedResource(plan(), 'aws_cloudtrail.trail_trail').values).toMatchObject({
        is_multi_region_trail: true,
        enable_log_file_validation: true,
        include_global_service_events: true,
        enable_logging: true,
      });
    });

    test("the plan used the environment's region", () => {
      expect(plan().configuration).toMatchObject({ provider_config: { aws: { expressions: { region: { constant_value: environment.region } } } } });
    });

    test('the plan JSON is kept in test/terraform/.plans/<environment>.plan.json', () => {
      expect(savedPlanPath(name)).toBe(join(__dirname, '.plans', `${name}.plan.json`));
      expect(JSON.parse(readFileSync(savedPlanPath(name), 'utf8'))).toEqual(plan());
    });
  });

  test('the production JSON was not modified', () => {
    expect(stacks.map((s) => s.terraform)).toEqual(productionBefore);
    for (const stack of stacks) {
      const tf = stack.terraform as unknown as TerraformJson;
      expect(tf.terraform.backend).toBeDefined();
      expect(tf.provider.aws[0]!.allowed_account_ids).toEqual([environments.find((e) => e.name === stack.environment)!.accountId]);
    }
  });
});

/** `<prefix><type>.<name>` of every block in a resource or data section. */
function addressesOf(section: Record<string, Record<string, unknown>>, prefix = ''): string[] {
  return Object.entries(section).flatMap(([type, blocks]) => Object.keys(blocks).map((name) => `${prefix}${type}.${name}`));
}

function plannedResource(plan: TerraformPlanJson, address: string): PlannedResource {
  const resources = plan.planned_values.root_module.resources ?? [];
  const found = resources.find((r) => r.address === address);
  if (!found) throw new Error(`no ${address} in the planned values; have ${resources.length} resources`);
  return found;
}
