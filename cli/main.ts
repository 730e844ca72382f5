import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands';
import { UsageError } from './usage-error';

/**
 * Entry point of the `auditready` command. Exit codes are the same for every subcommand:
 * 0 success, 1 findings (failed checks, invalid logs), 2 usage or input errors.
 */
async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('auditready')
    .description('Audit-ready access logging for AWS: synthesize, check and verify.')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerCommands(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`auditready: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`auditready: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 2;
  },
);
