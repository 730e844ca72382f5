/**
 * Every configured environment and organization, synthesized with the same buildApp the synth command
 * uses (honouring AUDITREADY_ENVIRONMENTS_FILE and AUDITREADY_ORGANIZATIONS_FILE), for the commands that
 * work on "this checkout" (`check`, `diff` and `report` without paths). An organization's management stack
 * names its log archive's bucket and key by string; they are declared external, since the log archive's
 * own stack is checked beside it. A config problem is an InputError.
 */
import { InputError, modelFromDocument } from '../policies/load';
import type { Model } from '../policies/model';

/** Models synthesized from the config, and the resources one names in another (declared external when both are checked). */
export interface SynthesizedModels {
  readonly models: readonly Model[];
  readonly externals: readonly string[];
}

/** Every stack, synthesized in memory; nothing is written. */
export function synthesizeAll(): SynthesizedModels {
  // Loaded lazily: commands given files do not need cdktf.
  const { synthesizeStacks } = require('../stacks/build-app') as typeof import('../stacks/build-app');
  const { environments, organizations, externals } = configured();
  return {
    models: synthesizeStacks(environments, organizations).map((s) => modelFromDocument(s.terraform, `cdktf.out/stacks/${s.environment}/cdk.tf.json`)),
    externals,
  };
}

/**
 * Every stack, synthesized into `outdir` as `npm run synth` writes it (the same bytes), for commands that
 * record the SHA-256 of what they read. Returns the names declared external.
 */
export function synthesizeAllFiles(outdir: string): { readonly externals: readonly string[] } {
  const { synthesizeToDirectory } = require('../stacks/build-app') as typeof import('../stacks/build-app');
  const { environments, organizations, externals } = configured();
  translateConfigError(() => synthesizeToDirectory(outdir, environments, organizations));
  return { externals };
}

function configured() {
  const { configuredEnvironments } = require('../config/configured-environments') as typeof import('../config/configured-environments');
  const { configuredOrganizations } = require('../config/configured-organizations') as typeof import('../config/configured-organizations');
  const { logArchiveNamesUsedByManagement } = require('../stacks/organization-names') as typeof import('../stacks/organization-names');
  return translateConfigError(() => {
    const environments = configuredEnvironments(process.env);
    const organizations = configuredOrganizations(process.env);
    return { environments, organizations, externals: organizations.flatMap(logArchiveNamesUsedByManagement) };
  });
}

function translateConfigError<T>(run: () => T): T {
  const { ConfigError } = require('../config/config-error') as typeof import('../config/config-error');
  try {
    return run();
  } catch (err) {
    if (err instanceof ConfigError) throw new InputError(err.message);
    throw err;
  }
}
