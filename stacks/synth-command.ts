import { loadEnvironmentsFile } from '../config/load-environments';
import { defaultEnvironments, synthesizeToDirectory } from './build-app';

/** Where the synth command reads from and writes to; `process.env` in production. */
export interface SynthEnvironment {
  /** JSON file replacing the embedded environments. */
  readonly AUDITREADY_ENVIRONMENTS_FILE?: string;
  /** Output directory (set by the cdktf CLI). */
  readonly CDKTF_OUTDIR?: string;
}

/**
 * Synthesizes every environment into the output directory, or nothing at all. Returns the exit code:
 * 0 on success, 1 with one message on stderr for bad config or a failed construct validation.
 */
export function runSynth(env: SynthEnvironment, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  try {
    const file = env.AUDITREADY_ENVIRONMENTS_FILE;
    const environments = file ? loadEnvironmentsFile(file) : defaultEnvironments();
    const outdir = env.CDKTF_OUTDIR ?? 'cdktf.out';
    synthesizeToDirectory(outdir, environments);
    out.write(`synthesized ${environments.map((e) => `${e.name} (${e.tier})`).join(', ')} into ${outdir}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    err.write(`auditready: ${e.message}\n`);
    return 1;
  }
}
