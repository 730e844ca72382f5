/**
 * Produces `terraform show -json` plan output for a synthesized stack, offline: a copy of the stack's JSON
 * with a local state, mock credentials and no account check, planned with the provider from a filesystem
 * mirror. Terraform and the mirror come from $AUDITREADY_TERRAFORM / $AUDITREADY_TF_PROVIDER_MIRROR, else
 * `terraform` on PATH and /opt/tf-plugins; when missing, this fails with a message (tests never skip).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Json } from './fixtures/environment';

const run = promisify(execFile);

function providerMirror(): string {
  const dir = process.env.AUDITREADY_TF_PROVIDER_MIRROR ?? '/opt/tf-plugins';
  if (!existsSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws')))
    throw new Error(`no hashicorp/aws provider mirror at ${dir}; set AUDITREADY_TF_PROVIDER_MIRROR to a filesystem mirror root`);
  return dir;
}

/** Plans `terraform` (a cdk.tf.json object) and returns the parsed `terraform show -json` output. */
export async function planJson(terraform: Json): Promise<Json> {
  const dir = mkdtempSync(join(tmpdir(), 'auditready-plan-'));
  try {
    const doc = structuredClone(terraform);
    delete doc.terraform?.backend;
    for (const p of doc.provider?.aws ?? []) {
      delete p.allowed_account_ids;
      Object.assign(p, { access_key: 'mock', secret_key: 'mock', skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true });
    }
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(doc));
    const bin = process.env.AUDITREADY_TERRAFORM ?? 'terraform';
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
    const opts = { cwd: dir, env, maxBuffer: 256 * 1024 * 1024 };
    await run(bin, ['init', '-input=false', '-backend=false', `-plugin-dir=${providerMirror()}`], opts);
    await run(bin, ['plan', '-input=false', '-lock=false', '-refresh=false', '-out=plan.bin'], opts);
    const { stdout } = await run(bin, ['show', '-json', 'plan.bin'], opts);
    return JSON.parse(stdout) as Json;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
