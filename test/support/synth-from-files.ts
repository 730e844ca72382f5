import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runSynth } from '../../stacks/synth-command';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** The text of the config files to synthesize from; a file left out is the embedded config. */
export interface ConfigFiles {
  readonly environments?: string;
  readonly organizations?: string;
}

/**
 * Runs the synth entry point as `cdktf synth` would, on config files written to a fresh directory;
 * returns the exit code, what it printed, and whether anything was written beside the config files.
 */
export function synthFromFiles(files: ConfigFiles) {
  const dir = mkdtempSync(join(tmpdir(), 'auditready-config-'));
  const written = new Set<string>();
  const write = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    writeFileSync(join(dir, name), text);
    written.add(name);
    return join(dir, name);
  };
  const environments = write('environments.json', files.environments);
  const organizations = write('organizations.json', files.organizations);
  const outdir = join(dir, 'cdktf.out');
  const out = capture();
  const err = capture();
  const code = runSynth(
    {
      ...(environments ? { AUDITREADY_ENVIRONMENTS_FILE: environments } : {}),
      ...(organizations ? { AUDITREADY_ORGANIZATIONS_FILE: organizations } : {}),
      CDKTF_OUTDIR: outdir,
    },
    out.stream,
    err.stream,
  );
  return {
    code,
    stderr: err.text(),
    stdout: out.text(),
    outdirExists: existsSync(outdir),
    leftovers: readdirSync(dir).filter((f) => !written.has(f)),
  };
}
