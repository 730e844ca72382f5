import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands';
import type { CliIo } from './io';
import { UsageError } from './usage-error';
import { toolVersion } from './version';

/**
 * Runs the `auditready` command with `argv` (without node and the script) and resolves to its exit code,
 * the same for every subcommand: 0 success, 1 findings (failed checks, invalid logs), 2 usage or input
 * errors and internal errors. Writes only to `io`; never exits the process.
 */
export async function run(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let exitCode = 0;
  const program = new Command('auditready')
    .description('Audit-ready access logging for AWS: synthesize, check and verify.')
    .version(toolVersion(), '--version', 'print the version of auditready')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');
  registerCommands(program, {
    ...io,
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    // --help and --version end through here with exit code 0; commander has printed the problem otherwise.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError) {
      io.stderr.write(`auditready: ${err.message}\n`);
      return 2;
    }
    io.stderr.write(`auditready: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    return 2;
  }
}
