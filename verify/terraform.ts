import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

/**
 * Terraform in a synthesized stack directory, with the stack's own backend and the user's own terraform
 * settings: a refresh-only plan (what changed outside Terraform, and the refreshed state), read back with
 * `terraform show -json`. Read-only: no lock is taken (-lock=false) and the plan file goes to a temporary
 * directory, never into the stack or the state.
 */

/** Something the user has to set up before verify can run (exit 2); the message says what to run. */
export class VerifySetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifySetupError';
  }
}

/** Overrides the terraform binary (else `terraform` on PATH). */
export const TERRAFORM_BINARY_ENV = 'AUDITREADY_TERRAFORM';

/** A refresh-only plan can read every resource of a large stack. */
const COMMAND_TIMEOUT_MS = 15 * 60 * 1000;

export function findTerraform(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[TERRAFORM_BINARY_ENV];
  const candidates = override
    ? [override]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, 'terraform'));
  const found = candidates.find(isExecutableFile);
  if (!found) {
    throw new VerifySetupError(
      override
        ? `${TERRAFORM_BINARY_ENV}=${override} is not an executable file`
        : `terraform not found on PATH: install Terraform 1.10 or later (the version that deploys the stacks), or set ${TERRAFORM_BINARY_ENV}`,
    );
  }
  return resolve(found);
}

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

interface Output {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

function run(terraform: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Output> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(terraform, args, { cwd, env: { ...env, TF_IN_AUTOMATION: '1' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: COMMAND_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(new VerifySetupError(`could not run ${terraform}: ${e.message}`)));
    child.on('close', (code) => resolvePromise({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code }));
  });
}

/** Error diagnostics of `terraform ... -json` (one JSON message a line). */
function diagnostics(stdout: string): { summary: string; detail: string }[] {
  const out: { summary: string; detail: string }[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const m = JSON.parse(line) as { type?: string; diagnostic?: { severity?: string; summary?: string; detail?: string } };
      if (m.type === 'diagnostic' && m.diagnostic?.severity === 'error') out.push({ summary: m.diagnostic.summary ?? '', detail: m.diagnostic.detail ?? '' });
    } catch {
      // Not a JSON message: terraform printed something else (a crash); the caller shows stderr.
    }
  }
  return out;
}

/** What the refresh-only plan says: the plan JSON, which holds `resource_drift` and the refreshed state as `prior_state`. */
export interface RefreshedStack {
  readonly plan: Record<string, unknown>;
  /** `terraform show -json` of the refreshed state (the plan's prior_state). */
  readonly state: Record<string, unknown>;
}

/**
 * Runs the refresh-only plan in `stackDir` for `environment`. Throws VerifySetupError, naming what to run,
 * when terraform is missing, the stack is not synthesized or not initialised, there is no state, or
 * terraform cannot reach the backend or AWS.
 */
export async function refreshStack(environment: string, stackDir: string, env: NodeJS.ProcessEnv = process.env): Promise<RefreshedStack> {
  const terraform = findTerraform(env);
  if (!existsSync(join(stackDir, 'cdk.tf.json'))) {
    throw new VerifySetupError(
      `${environment}: no synthesized stack in ${stackDir}: run \`npm run synth\` (or \`cdktf synth\`), then \`terraform -chdir=${stackDir} init\``,
    );
  }
  if (!existsSync(join(stackDir, '.terraform'))) {
    throw new VerifySetupError(`${environment}: ${stackDir} is not initialised: run \`terraform -chdir=${stackDir} init\` (cdktf deploy does it too)`);
  }
  const work = mkdtempSync(join(tmpdir(), 'auditready-verify-'));
  try {
    const planFile = join(work, 'refresh.tfplan');
    const plan = await run(terraform, ['plan', '-refresh-only', '-lock=false', '-input=false', '-no-color', '-json', `-out=${planFile}`], stackDir, env);
    if (plan.code !== 0) throw planFailure(environment, stackDir, plan);
    const show = await run(terraform, ['show', '-json', '-no-color', planFile], stackDir, env);
    if (show.code !== 0) throw new VerifySetupError(`${environment}: terraform show failed in ${stackDir}: ${show.stderr.trim() || show.stdout.trim()}`);
    const json = JSON.parse(show.stdout) as Record<string, unknown>;
    const state = json.prior_state as Record<string, unknown> | undefined;
    // Data sources are read while planning and show up in any state: only managed resources mean a deployment.
    const resources = (state?.values as { root_module?: { resources?: { mode?: string }[] } } | undefined)?.root_module?.resources ?? [];
    if (!state || !resources.some((r) => r.mode === 'managed')) {
      throw new VerifySetupError(
        `${environment}: the state of ${stackDir} holds no resources: deploy first (\`cdktf deploy ${environment}\`), or check the backend it points to`,
      );
    }
    return { plan: json, state };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function planFailure(environment: string, stackDir: string, out: Output): VerifySetupError {
  const errors = diagnostics(out.stdout);
  const text =
    errors.map((d) => `${d.summary}${d.detail ? `: ${d.detail.split('\n')[0]}` : ''}`).join('; ') || out.stderr.trim().split('\n').slice(-3).join(' ');
  const all = errors.map((d) => `${d.summary} ${d.detail}`).join(' ');
  if (/terraform init|initiali[sz]ation required|not installed|Inconsistent dependency lock file/i.test(all)) {
    return new VerifySetupError(`${environment}: ${stackDir} needs \`terraform -chdir=${stackDir} init\`: ${text}`);
  }
  return new VerifySetupError(`${environment}: terraform plan -refresh-only failed in ${stackDir}: ${text}`);
}
