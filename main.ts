import { ConfigError } from './config/config-error';
import { loadEnvironmentsFile } from './config/load-environments';
import { defaultEnvironments, synthesizeToDirectory } from './stacks/build-app';

/**
 * The cdktf app (`cdktf synth`, `npm run synth`): synthesizes every environment into cdktf.out, or
 * nothing at all. AUDITREADY_ENVIRONMENTS_FILE replaces the embedded environments with a JSON file.
 */
function main(): void {
  const file = process.env.AUDITREADY_ENVIRONMENTS_FILE;
  try {
    const environments = file ? loadEnvironmentsFile(file) : defaultEnvironments();
    const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
    synthesizeToDirectory(outdir, environments);
    process.stdout.write(`synthesized ${environments.map((e) => `${e.name} (${e.tier})`).join(', ')} into ${outdir}\n`);
  } catch (err) {
    process.stderr.write(`auditready: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

main();
