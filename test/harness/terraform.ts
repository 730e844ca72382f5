import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultEnvironments } from '../../config/configured-environments';
import { defaultOrganizations } from '../../config/configured-organizations';
import type { EnvironmentConfig } from '../../config/environment-schema';
import { loadEnvironments } from '../../config/load-environments';
import { loadOrganizations } from '../../config/load-organizations';
import type { OrganizationConfig } from '../../config/organization-schema';
import { type SynthesizedStack, synthesizeStacks } from '../../stacks/build-app';
import { govCloudOrganization } from '../support/organization-stacks';
import { PARTITION_ENVIRONMENTS } from '../support/partition-environments';
import { type OfflineAlias, startOfflineKms } from './offline-kms';
import { findProviderMirror, findTerraform } from './terraform-discovery';

/**
 * Runs the real terraform with the real hashicorp/aws provider on synthesized stacks, offline: on a copy
 * of each stack's cdk.tf.json with the backend removed and the provider told not to reach AWS. The
 * production configuration is never changed; terraform runs in a temporary directory with its own CLI
 * configuration (the provider mirror), whatever the machine's terraform settings are.
 */

export { findProviderMirror, findTerraform, TERRAFORM_ENV } from './terraform-discovery';

/** A synthesized stack as cdktf emits it (the `terraform` of stacks/build-app's SynthesizedStack). */
export type TerraformConfig = Record<string, unknown>;

/** `terraform validate -json`. */
export interface TerraformValidateJson {
  readonly format_version: string;
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: readonly TerraformDiagnostic[];
}

export interface TerraformDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
}

/** The parts of `terraform show -json <plan>` the tests read. */
export interface TerraformPlanJson {
  readonly format_version: string;
  readonly terraform_version: string;
  readonly planned_values: { readonly root_module: PlannedModule };
  readonly resource_changes: readonly ResourceChange[];
  /** Data sources terraform could read while planning are here rather than in resource_changes. */
  readonly prior_state?: { readonly values?: { readonly root_module: PlannedModule } };
  readonly configuration: Record<string, unknown>;
  readonly errored: boolean;
  readonly complete?: boolean;
  readonly applyable?: boolean;
}

export interface PlannedModule {
  readonly resources?: readonly PlannedResource[];
  readonly child_modules?: readonly PlannedModule[];
}

export interface PlannedResource {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly values: Record<string, any>;
}

export interface ResourceChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly after: Record<string, any> | null;
    readonly after_unknown?: Record<string, any>;
  };
}

/** What terraform said about one stack. */
export interface StackCheck {
  readonly validate: TerraformValidateJson;
  readonly planJson: TerraformPlanJson;
}

/** Lets the provider validate and plan without credentials, account lookups, IMDS or region checks. */
const OFFLINE_PROVIDER_SETTINGS = {
  access_key: 'offline-test-access-key',
  secret_key: 'offline-test-secret-key',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
} as const;

/** Generous: a run takes seconds, but two cores may be shared with other test files. */
const COMMAND_TIMEOUT_MS = 5 * 60 * 1000;

/** Where the terraform test saves each environment's plan JSON (for the logging-standard checks). */
export const PLANS_DIR = resolve(__dirname, '..', 'terraform', '.plans');

/**
 * The offline copy of a stack: no backend (state stays out of the picture), and every aws provider with
 * dummy credentials and the skip_* flags. allowed_account_ids goes too: checking it needs the account id,
 * which the provider cannot look up offline ("AWS account ID not allowed"); so does assume_role, which
 * would call STS. With `kmsEndpoint`, providers send KMS calls there (see offline-kms.ts). Never changes
 * `config`.
 */
export function prepareOfflineCopy(config: TerraformConfig, kmsEndpoint?: string): TerraformConfig {
  const copy = structuredClone(config) as { terraform?: Record<string, unknown>; provider?: { aws?: Record<string, unknown>[] } };
  delete copy.terraform?.backend;
  const awsProviders = copy.provider?.aws ?? [];
  if (awsProviders.length === 0) throw new Error('the stack configures no aws provider (provider.aws is missing)');
  for (const provider of awsProviders) {
    delete provider.allowed_account_ids;
    delete provider.assume_role;
    Object.assign(provider, OFFLINE_PROVIDER_SETTINGS);
    if (kmsEndpoint) provider.endpoints = [{ kms: kmsEndpoint }];
  }
  return copy;
}

/** Data sources terraform evaluates by itself; any other data source reads AWS. */
const LOCAL_DATA_SOURCES = new Set(['aws_iam_policy_document']);

/**
 * The KMS aliases a stack reads at plan time (`data.aws_kms_alias`), each in the account and region of
 * the provider that reads it. A stack reading anything else from AWS cannot be planned offline: that
 * fails here, naming the data source, rather than quietly planning something else.
 */
export function offlineAliases(config: TerraformConfig): OfflineAlias[] {
  const tf = config as { data?: Record<string, Record<string, Record<string, unknown>>>; provider?: { aws?: Record<string, unknown>[] } };
  const aliases: OfflineAlias[] = [];
  for (const [type, blocks] of Object.entries(tf.data ?? {})) {
    if (LOCAL_DATA_SOURCES.has(type)) continue;
    if (type !== 'aws_kms_alias') throw new Error(`the offline plan cannot read data.${type} from AWS: teach test/harness how to answer it`);
    for (const [name, block] of Object.entries(blocks)) {
      const alias = typeof block.provider === 'string' ? block.provider.replace(/^aws\.?/, '') : '';
      const provider = (tf.provider?.aws ?? []).find((p) => (p.alias ?? '') === alias);
      const accountId = (provider?.allowed_account_ids as string[] | undefined)?.[0];
      if (!provider || !accountId) throw new Error(`data.aws_kms_alias.${name}: its provider "${String(block.provider ?? 'aws')}" is not pinned to an account`);
      const region = String(provider.region);
      const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
      aliases.push({ name: String(block.name), accountId, region, partition });
    }
  }
  return aliases;
}

/** Writes the terraform CLI configuration (install providers from `mirror` only) to `dir`; returns its path. */
export function writeCliConfig(dir: string, mirror: string = findProviderMirror()): string {
  const path = join(dir, 'terraform.tfrc');
  // JSON string literals are valid HCL string literals, so paths with quotes or backslashes stay intact.
  writeFileSync(
    path,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/*/*"]',
      '  }',
      '  direct {',
      '    exclude = ["registry.terraform.io/*/*"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return path;
}

/**
 * Every HTTP(S) request terraform and the provider make goes through this proxy, a closed port on loopback:
 * a request to AWS fails at once ("proxyconnect ... connection refused") instead of leaving the machine,
 * so a plan that succeeds made none (a test turns the provider's checks back on and sees the refusal).
 */
const CLOSED_PROXY = 'http://127.0.0.1:9';

/**
 * The environment for terraform: this process's, minus the machine's AWS_*, TF_* and proxy settings (a
 * TF_CLI_CONFIG_FILE, TF_CLI_ARGS or AWS_PROFILE there would change the run; TF_LOG* stays for
 * debugging), plus the CLI configuration, automation settings and the closed proxy.
 */
export function terraformEnv(cliConfigFile: string): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !/^(AWS_|TF_(?!LOG)|(HTTPS?|NO|ALL)_PROXY$)/i.test(name));
  return {
    ...Object.fromEntries(inherited),
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    HTTPS_PROXY: CLOSED_PROXY,
    HTTP_PROXY: CLOSED_PROXY,
  };
}

export interface TerraformOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * Runs terraform with `args` in `cwd`. Rejects, with the command, directory, exit status, stderr and
 * the end of stdout, unless the exit code is one of `okExitCodes`.
 */
export function runTerraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, okExitCodes: readonly number[] = [0]): Promise<TerraformOutput> {
  const terraform = findTerraform();
  const command = [terraform, ...args].join(' ');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(terraform, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: COMMAND_TIMEOUT_MS });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err) => reject(new Error(`could not run \`${command}\` in ${cwd}: ${err.message}`)));
    child.on('close', (code, signal) => {
      const output = { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode: code ?? -1 };
      if (code !== null && okExitCodes.includes(code)) return resolvePromise(output);
      const status = signal ? `killed by ${signal}${signal === 'SIGTERM' ? ` (timeout ${COMMAND_TIMEOUT_MS / 1000} s?)` : ''}` : `exit ${code}`;
      reject(
        new Error(
          `\`${command}\` failed (${status}) in ${cwd}\n--- stderr ---\n${output.stderr.trim() || '(empty)'}\n` +
            `--- stdout (end) ---\n${output.stdout.trim().slice(-4000) || '(empty)'}`,
        ),
      );
    });
  });
}

/**
 * `terraform init`, `validate -json`, `plan` and `show -json` on the offline copy of one stack, in a
 * temporary directory (removed on success, kept and named in the error on failure). Rejects when the
 * configuration is invalid, listing the diagnostics; warnings are returned for the caller to judge.
 */
export async function validateAndPlan(config: TerraformConfig): Promise<StackCheck> {
  const aliases = offlineAliases(config);
  const kms = aliases.length > 0 ? await startOfflineKms(aliases) : undefined;
  try {
    return await planDirectory({ 'cdk.tf.json': JSON.stringify(prepareOfflineCopy(config, kms?.url), null, 2) });
  } finally {
    await kms?.close();
  }
}

/**
 * The same on a directory of files (HCL or JSON, modules in subdirectories), optionally planned against a
 * prior state (a `terraform.tfstate` object): for plans the tests build by hand (deletions and replacements,
 * HCL expressions, a stack inside a module). The files must configure the aws provider offline themselves
 * (prepareOfflineCopy, or offlineProviderHcl).
 */
export async function planDirectory(files: Readonly<Record<string, string>>, state?: unknown): Promise<StackCheck> {
  // Missing tools fail here, before anything is created.
  findTerraform();
  const mirror = findProviderMirror();
  const workDir = mkdtempSync(join(tmpdir(), 'auditready-terraform-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(workDir, path, '..'), { recursive: true });
      writeFileSync(join(workDir, path), text);
    }
    if (state !== undefined) writeFileSync(join(workDir, 'terraform.tfstate'), JSON.stringify(state));
    const env = terraformEnv(writeCliConfig(workDir, mirror));
    await runTerraform(['init', '-backend=false', '-input=false', '-no-color'], workDir, env);
    // validate exits 1 on an invalid configuration, with the diagnostics in its JSON.
    const validate = JSON.parse((await runTerraform(['validate', '-json', '-no-color'], workDir, env, [0, 1])).stdout) as TerraformValidateJson;
    if (!validate.valid) throw new Error(`terraform validate: configuration invalid\n${formatDiagnostics(validate.diagnostics)}`);
    await runTerraform(['plan', '-input=false', '-lock=false', '-refresh=false', '-no-color', '-out=plan.bin'], workDir, env);
    const planJson = JSON.parse((await runTerraform(['show', '-json', '-no-color', 'plan.bin'], workDir, env)).stdout) as TerraformPlanJson;
    if (planJson.errored) throw new Error('terraform show: the plan is marked errored');
    rmSync(workDir, { recursive: true, force: true });
    return { validate, planJson };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message}\n(terraform work directory kept: ${workDir})`, { cause: err });
  }
}

/** An HCL `provider "aws"` block with the offline settings, and `default_tags` when given. */
export function offlineProviderHcl(region: string, defaultTags: Readonly<Record<string, string>> = {}): string {
  const settings = Object.entries(OFFLINE_PROVIDER_SETTINGS).map(([k, v]) => `  ${k} = ${JSON.stringify(v)}`);
  const tags = Object.entries(defaultTags).map(([k, v]) => `      ${JSON.stringify(k)} = ${JSON.stringify(v)}`);
  return ['provider "aws" {', `  region = ${JSON.stringify(region)}`, ...settings, '  default_tags {', '    tags = {', ...tags, '    }', '  }', '}', ''].join(
    '\n',
  );
}

/** Diagnostics one a line: severity, summary, address, detail. */
export function formatDiagnostics(diagnostics: readonly TerraformDiagnostic[]): string {
  return diagnostics.map((d) => `  ${d.severity}: ${d.summary}${d.address ? ` (${d.address})` : ''}${d.detail ? ` - ${d.detail}` : ''}`).join('\n');
}

/** The saved plan JSON of an environment: test/terraform/.plans/<environment>.plan.json. */
export function savedPlanPath(environment: string): string {
  return join(PLANS_DIR, `${environment}.plan.json`);
}

/** Beside each saved plan: `terraform validate -json` of the same configuration. */
function savedValidatePath(environment: string): string {
  return join(PLANS_DIR, `${environment}.validate.json`);
}

/** Beside each saved plan: the digest of what it was planned from, so a reader can tell a stale plan. */
function savedDigestPath(environment: string): string {
  return join(PLANS_DIR, `${environment}.input.sha256`);
}

/** Identifies a plan's inputs: the offline copy, the terraform binary and the provider mirror. */
function planInputDigest(config: TerraformConfig): string {
  const inputs = { config: prepareOfflineCopy(config), terraform: findTerraform(), mirror: findProviderMirror() };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

/** Saves an environment's validate and plan JSON (and the digest of its inputs) under PLANS_DIR. */
function saveCheck(environment: string, config: TerraformConfig, check: StackCheck): void {
  mkdirSync(PLANS_DIR, { recursive: true });
  writeAtomically(savedPlanPath(environment), `${JSON.stringify(check.planJson, null, 2)}\n`);
  writeAtomically(savedValidatePath(environment), `${JSON.stringify(check.validate, null, 2)}\n`);
  writeAtomically(savedDigestPath(environment), `${planInputDigest(config)}\n`);
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Set by the terraform global setup when planning failed: why, for the suites that need the plans. */
export const PLAN_FAILURE_ENV = 'AUDITREADY_TF_PLAN_FAILURE';

/** The environments planned for the tests: the examples, and a GovCloud and a China environment. */
export function plannedEnvironments(): EnvironmentConfig[] {
  return [...defaultEnvironments(), ...loadEnvironments(PARTITION_ENVIRONMENTS)];
}

/** The organizations planned for the tests: the example, and a GovCloud one. */
export function plannedOrganizations(): OrganizationConfig[] {
  return [...defaultOrganizations(), ...loadOrganizations([govCloudOrganization()])];
}

/**
 * Validates and plans every stack of plannedEnvironments() and plannedOrganizations() (in parallel) and
 * saves the results under PLANS_DIR: once per test run, by the jest global setup of the suites that need
 * plans (*.terraform.test.ts).
 */
export async function planEveryStack(): Promise<void> {
  const stacks = synthesizeStacks(plannedEnvironments(), plannedOrganizations());
  // Stale results of an earlier run must not stand in for a plan that fails now.
  rmSync(PLANS_DIR, { recursive: true, force: true });
  await Promise.all(
    stacks.map(async (stack) => {
      const check = await validateAndPlan(stack.terraform);
      saveCheck(stack.environment, stack.terraform, check);
    }),
  );
}

/** One planned stack, synthesized now: an environment's, or either stack of an organization. */
function synthesizePlannedStack(id: string): SynthesizedStack {
  const env = plannedEnvironments().find((e) => e.name === id);
  const org = plannedOrganizations().find((o) => id === `${o.name}-log-archive` || id === `${o.name}-management`);
  const stack = env ? synthesizeStacks([env])[0] : org ? synthesizeStacks([], [org]).find((s) => s.environment === id) : undefined;
  if (!stack) {
    const ids = synthesizeStacks(plannedEnvironments(), plannedOrganizations()).map((s) => s.environment);
    throw new Error(`no planned stack ${id}; have: ${ids.join(', ')}`);
  }
  return stack;
}

/**
 * What terraform said about one stack of plannedEnvironments() or plannedOrganizations() (by stack id) in
 * this test run: `validate -json`
 * and the plan JSON (`terraform show -json`), as the global setup (planEveryStack) saved them.
 * Checks that they were planned from the configuration synthesized now; fails, never skips, when they
 * were not, naming why (terraform or the provider mirror missing: see TERRAFORM_ENV for the overrides).
 *
 * The plan is of the offline copy (prepareOfflineCopy): its configuration.provider_config has dummy
 * credentials and the skip_* flags, and no allowed_account_ids or backend. Read those from the
 * synthesized JSON.
 *
 * @example
 *   import { planJsonFor } from '../harness/terraform';
 *   const plan = await planJsonFor('prod');
 *   const bucket = plan.planned_values.root_module.resources?.find((r) => r.address === 'aws_s3_bucket.audit-bucket_bucket');
 */
export async function stackCheckFor(environment: string): Promise<StackCheck> {
  const stack = synthesizePlannedStack(environment);
  const failure = process.env[PLAN_FAILURE_ENV];
  if (failure) throw new Error(`terraform could not plan the stacks in this run's global setup: ${failure}`);
  let digest: string;
  try {
    digest = readFileSync(savedDigestPath(environment), 'utf8').trim();
  } catch {
    throw new Error(`no plan of ${environment} in ${PLANS_DIR}: run the suite through jest, whose global setup plans every stack`);
  }
  if (digest !== planInputDigest(stack.terraform)) throw new Error(`the plan of ${environment} in ${PLANS_DIR} is of another configuration`);
  return {
    validate: JSON.parse(readFileSync(savedValidatePath(environment), 'utf8')) as TerraformValidateJson,
    planJson: JSON.parse(readFileSync(savedPlanPath(environment), 'utf8')) as TerraformPlanJson,
  };
}

/** The plan JSON of one environment in this test run (see stackCheckFor). */
export async function planJsonFor(environment: string): Promise<TerraformPlanJson> {
  return (await stackCheckFor(environment)).planJson;
}
