import type { Command } from 'commander';
import { registerCheck } from './check';
import { registerValidateLogs } from './validate-logs';

/** Every subcommand registers itself here, one line each. */
export function registerCommands(program: Command): void {
  void program;
  registerCheck(program);
  registerValidateLogs(program);
}
