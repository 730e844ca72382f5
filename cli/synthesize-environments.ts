import { InputError, modelFromDocument } from '../policies/load';
import type { Model } from '../policies/model';

/**
 * Every configured environment, synthesized in memory with the same buildApp the synth command uses
 * (honouring AUDITREADY_ENVIRONMENTS_FILE). A config problem is an InputError.
 */
export function synthesizeEnvironments(): Model[] {
  // Loaded lazily: commands given files do not need cdktf.
  const { synthesizeStacks } = require('../stacks/build-app') as typeof import('../stacks/build-app');
  const { configuredEnvironments } = require('../config/configured-environments') as typeof import('../config/configured-environments');
  const { ConfigError } = require('../config/config-error') as typeof import('../config/config-error');
  let environments: ReturnType<typeof configuredEnvironments>;
  try {
    environments = configuredEnvironments(process.env);
  } catch (err) {
    if (err instanceof ConfigError) throw new InputError(err.message);
    throw err;
  }
  return synthesizeStacks(environments).map((s) => modelFromDocument(s.terraform, `cdktf.out/stacks/${s.environment}/cdk.tf.json`));
}

/**
 * Every configured environment, synthesized into `outdir` as `npm run synth` writes it (the same bytes),
 * for commands that record the SHA-256 of what they read. A config problem is an InputError.
 */
export function synthesizeEnvironmentFiles(outdir: string): void {
  const { synthesizeToDirectory } = require('../stacks/build-app') as typeof import('../stacks/build-app');
  const { configuredEnvironments } = require('../config/configured-environments') as typeof import('../config/configured-environments');
  const { ConfigError } = require('../config/config-error') as typeof import('../config/config-error');
  try {
    synthesizeToDirectory(outdir, configuredEnvironments(process.env));
  } catch (err) {
    if (err instanceof ConfigError) throw new InputError(err.message);
    throw err;
  }
}
