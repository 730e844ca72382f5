import { loadEnvironmentsFile } from '../config/load-environments';
import { loadOrganizationsFile } from '../config/load-organizations';
import { defaultEnvironments, defaultOrganizations, synthesizeToDirectory } from './build-app';
import { organizationNames } from './organization-names';

/** Where the synth command reads from and writes to; `process.env` in production. */
export interface SynthEnvironment {
  /** JSON file replacing the embedded environments. */
  readonly AUDITREADY_ENVIRONMENTS_FILE?: string;
  /** JSON file replacing the embedded organizations. */
  readonly AUDITREADY_ORGANIZATIONS_FILE?: string;
  /** Output directory (set by the cdktf CLI). */
  readonly CDKTF_OUTDIR?: string;
}

/**
 * Synthesizes every environment and organization into the output directory, or nothing at all.
 * Returns the exit code: 0 on success, 1 with one message on stderr for bad config or a failed
 * construct validation.
 */
export function runSynth(env: SynthEnvironment, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  try {
    const environments = env.AUDITREADY_ENVIRONMENTS_FILE ? loadEnvironmentsFile(env.AUDITREADY_ENVIRONMENTS_FILE) : defaultEnvironments();
    const organizations = env.AUDITREADY_ORGANIZATIONS_FILE ? loadOrganizationsFile(env.AUDITREADY_ORGANIZATIONS_FILE) : defaultOrganizations();
    const outdir = env.CDKTF_OUTDIR ?? 'cdktf.out';
    synthesizeToDirectory(outdir, environments, organizations);
    const stacks = [
      ...environments.map((e) => `${e.name} (${e.tier})`),
      ...organizations.map((o) => {
        const { logArchive, management } = organizationNames(o).stackIds;
        return `organization ${o.name} (${o.tier}): ${logArchive}, ${management}`;
      }),
    ];
    out.write(`synthesized ${stacks.join(', ')} into ${outdir}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    err.write(`auditready: ${e.message}\n`);
    return 1;
  }
}
