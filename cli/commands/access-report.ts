import { type Command, InvalidArgumentError, Option } from 'commander';
import { FORMATS, type Format } from '../../access-report/formats';
import type { CommandContext } from '../io';
import { addLogValidationOptions, patternOption, type ValidateLogsOptions } from './validate-logs';

/** The parsed flags of `auditready access-report`. */
export interface AccessReportOptions extends Omit<ValidateLogsOptions, 'format' | 'verbose'> {
  readonly endTime: Date;
  readonly s3Bucket: string;
  /** The environment whose config and stack give the context. */
  readonly env?: string;
  readonly tagKey?: string;
  readonly auditorRole?: string[];
  readonly breakGlassRole?: string[];
  readonly auditBucket?: string[];
  readonly principal?: string;
  readonly resource?: string;
  readonly format: Format;
  readonly output?: string;
}

const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export function registerAccessReport(program: Command, context: CommandContext): void {
  const command = program
    .command('access-report')
    .description(
      'Who accessed what, when and why: sessions and accountability findings from CloudTrail logs proven intact in the same pass ' +
        '(only log files whose digests verify count). Exit 0 the logs are intact, 1 a file is INVALID or missing, 2 usage or access error.',
    );
  addLogValidationOptions(command, { endTime: true, s3Bucket: true })
    .option('--env <name>', "take the context from this environment's config: its ticket tag, roles, audit bucket and change alarms")
    .option(
      '--tag-key <key>',
      'without --env: the session tag that carries the ticket (default: ticket)',
      patternOption('--tag-key', /^[\w+=.@:/-]{1,128}$/, 'an IAM tag key (1-128 of letters, digits, + = . @ : / - _)'),
    )
    .option('--auditor-role <arn...>', 'without --env: roles whose sessions may read the audit bucket', collect('--auditor-role', ROLE_ARN, 'an IAM role ARN'))
    .option('--break-glass-role <arn...>', 'without --env: the break-glass roles', collect('--break-glass-role', ROLE_ARN, 'an IAM role ARN'))
    .option(
      '--audit-bucket <bucket...>',
      'without --env: buckets whose object reads only auditors may make (default: --s3-bucket)',
      collect('--audit-bucket', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
    )
    .option('--principal <glob>', 'only sessions whose source identity, user, role or ARN matches (* and ?)', nonEmpty('--principal'))
    .option('--resource <arn-glob>', 'only sessions whose calls named a resource matching this ARN glob (* and ?)', nonEmpty('--resource'))
    .addOption(new Option('--format <format>', 'report format').choices([...FORMATS]).default('text'))
    .option('--output <file>', 'write the report to FILE (atomically) instead of standard output')
    .action(async (options: AccessReportOptions) => {
      // The AWS SDK, the validation and the report load only when this command runs.
      const { runAccessReport } = await import('./access-report-run');
      const code = await runAccessReport(options, context);
      if (code !== 0) context.setExitCode(code);
    });
}

function collect(flag: string, pattern: RegExp, expected: string): (value: string, previous: string[] | undefined) => string[] {
  return (value, previous) => {
    if (!pattern.test(value)) throw new InvalidArgumentError(`${flag} expects ${expected}, got '${value}'.`);
    return [...(previous ?? []), value];
  };
}

function nonEmpty(flag: string): (value: string) => string {
  return (value) => {
    if (value === '') throw new InvalidArgumentError(`${flag} expects a non-empty glob.`);
    return value;
  };
}
