import { ConfigError } from '../config/config-error';
import type { EnvironmentsSource } from '../config/configured-environments';
import type { OrganizationsSource } from '../config/configured-organizations';
import type { SynthCache } from './synth-cache';

/** Where the synth command reads from and writes to; `process.env` in production. */
export interface SynthEnvironment extends EnvironmentsSource, OrganizationsSource {
  /** Output directory (set by the cdktf CLI). @default "cdktf.out" */
  readonly CDKTF_OUTDIR?: string;
}

/**
 * Synthesizes every environment and organization into the output directory, or nothing at all.
 * Returns the exit code: 0 on success; 2 for bad config and 1 for a failed construct validation, each
 * with one message on stderr (2 is the usage and input error code every auditready command uses). With a cache, output whose inputs have not changed is put back instead of
 * synthesized again.
 */
export function runSynth(
  env: SynthEnvironment,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
  cache?: SynthCache,
): number {
  const outdir = env.CDKTF_OUTDIR ?? 'cdktf.out';
  try {
    const reused = cache?.restore(outdir);
    if (reused !== undefined) {
      out.write(`synthesized ${reused} into ${outdir} (inputs unchanged: the previous output)\n`);
      return 0;
    }
    // Loaded here, not above: output taken from the cache needs neither cdktf nor the config schema.
    const { configuredEnvironments } = require('../config/configured-environments') as typeof import('../config/configured-environments');
    const { configuredOrganizations } = require('../config/configured-organizations') as typeof import('../config/configured-organizations');
    const { synthesizeToDirectory } = require('./build-app') as typeof import('./build-app');
    const { organizationNames } = require('./organization-names') as typeof import('./organization-names');
    const environments = configuredEnvironments(env);
    const organizations = configuredOrganizations(env);
    synthesizeToDirectory(outdir, environments, organizations);
    const summary = [
      ...environments.map((e) => `${e.name} (${e.tier})`),
      ...organizations.map((o) => {
        const { logArchive, management } = organizationNames(o).stackIds;
        return `organization ${o.name} (${o.tier}): ${logArchive}, ${management}`;
      }),
    ].join(', ');
    cache?.store(outdir, summary);
    out.write(`synthesized ${summary} into ${outdir}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    err.write(`auditready: ${e.message}\n`);
    return e instanceof ConfigError ? 2 : 1;
  }
}
