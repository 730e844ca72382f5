import type { Command } from 'commander';
import type { CommandContext } from '../io';
import { registerAccessReport } from './access-report';
import { registerCheck } from './check';
import { registerDiff } from './diff';
import { registerReport } from './report';
import { registerValidateLogs } from './validate-logs';
import { registerVerify } from './verify';

/** Every subcommand registers itself here, one line each. */
export function registerCommands(program: Command, context: CommandContext): void {
  registerCheck(program, context);
  registerDiff(program, context);
  registerReport(program, context);
  registerValidateLogs(program, context);
  registerVerify(program, context);
  registerAccessReport(program, context);
}
