import { Writable } from 'node:stream';
import { run } from '../../cli/main';

/** What one `auditready` invocation did. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `auditready <args>` in process through cli/main.ts's `run`, capturing its output; `tty` makes both streams terminals. */
export async function runCli(args: readonly string[], options: { readonly tty?: boolean } = {}): Promise<CliRun> {
  const stdout = collector(options.tty ?? false);
  const stderr = collector(options.tty ?? false);
  const code = await run(args, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function collector(isTTY: boolean): { stream: Writable & { isTTY: boolean }; text: () => string } {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => text };
}
