import { type Command, InvalidArgumentError, Option } from 'commander';
import * as v from 'valibot';
import { parseTrailArn, type TrailArn } from '../../log-validation/trail-arn';
import { isRegionName } from '../../log-validation/trail-regions';
import type { CommandContext } from '../io';

/** The parsed flags of `auditready validate-logs`. */
export interface ValidateLogsOptions {
  readonly trailArn: TrailArn;
  readonly startTime: Date;
  readonly endTime?: Date;
  readonly s3Bucket?: string;
  readonly s3Prefix?: string;
  readonly accountId?: string;
  readonly organizationId?: string;
  readonly publicKey?: string[];
  readonly endpointUrl?: URL;
  readonly regions?: string[];
  readonly concurrency: number;
  /** Seconds. */
  readonly timeout: number;
  readonly format: 'text' | 'json';
  readonly verbose?: boolean;
}

export const MAX_CONCURRENCY = 64;
const DEFAULT_CONCURRENCY = 8;
export const MAX_TIMEOUT_S = 3600;
const DEFAULT_TIMEOUT_S = 60;
export function registerValidateLogs(program: Command, context: CommandContext): void {
  const command = program
    .command('validate-logs')
    .description(
      'Prove that delivered CloudTrail log files were not altered: walk the signed digest chain and check every log file. ' +
        'Exit 0 all valid, 1 anything INVALID, 2 usage or access error.',
    );
  addLogValidationOptions(command, {})
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--verbose', 'also list the valid files (text format)')
    .action(async (options: ValidateLogsOptions) => {
      // The AWS SDK and the validation load only when this command runs: other commands start faster.
      const { runValidateLogs } = await import('./validate-logs-run');
      const code = await runValidateLogs(options, context);
      if (code !== 0) context.setExitCode(code);
    });
}

/**
 * The flags of every command that validates logs (validate-logs, access-report): the trail, the
 * period, where the logs are, the keys, and how to reach S3. `required` makes --end-time or --s3-bucket
 * mandatory (access-report reads a period that has ended, from a bucket it is told).
 */
export function addLogValidationOptions(command: Command, required: { readonly endTime?: boolean; readonly s3Bucket?: boolean }): Command {
  const bucket = patternOption('--s3-bucket', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name');
  const endTime = timeOption('--end-time');
  command
    .requiredOption('--trail-arn <arn>', 'ARN of the trail (arn:<partition>:cloudtrail:<region>:<account>:trail/<name>)', parseTrailArnOption)
    .requiredOption('--start-time <time>', 'start of the period, UTC (YYYY-MM-DD or ISO 8601 with Z or offset)', timeOption('--start-time'));
  if (required.endTime) command.requiredOption('--end-time <time>', 'end of the period', endTime);
  else command.option('--end-time <time>', 'end of the period (default: now); digests missing before it are reported', endTime);
  if (required.s3Bucket) command.requiredOption('--s3-bucket <bucket>', 'bucket holding the logs (the audit bucket, or a copy)', bucket);
  else command.option('--s3-bucket <bucket>', "bucket holding the logs (default: the trail's, from DescribeTrails)", bucket);
  return command
    .option('--s3-prefix <prefix>', "the trail's S3 key prefix (default: with --s3-bucket none, else the trail's)", (v: string) => v.replace(/^\/+|\/+$/g, ''))
    .option('--account-id <id>', "account whose logs to validate (default: the trail's)", patternOption('--account-id', /^\d{12}$/, '12 digits'))
    .option(
      '--organization-id <id>',
      'organization id, for organization trails (AWSLogs/<org-id>/<account>/...)',
      patternOption('--organization-id', /^o-[a-z0-9]{10,32}$/, 'o- followed by 10 to 32 lower-case letters or digits'),
    )
    .option('--public-key <file...>', 'public keys (PEM or DER) to verify digests with instead of CloudTrail ListPublicKeys: offline audit')
    .option('--endpoint-url <url>', 'S3 endpoint to read from (path-style addressing), e.g. a local S3 server', parseEndpointUrl)
    .option(
      '--regions <region...>',
      "regions the trail logs (default: from DescribeTrails, else the region folders holding the trail's digests)",
      collectRegions,
    )
    .addOption(
      new Option('--concurrency <n>', `log files checked at the same time, 1 to ${MAX_CONCURRENCY}`).default(DEFAULT_CONCURRENCY).argParser(parseConcurrency),
    )
    .addOption(
      new Option('--timeout <seconds>', `longest wait for an answer from S3 or CloudTrail, retries included, 1 to ${MAX_TIMEOUT_S}`)
        .default(DEFAULT_TIMEOUT_S)
        .argParser(parseTimeout),
    );
}

function parseTrailArnOption(value: string): TrailArn {
  const arn = parseTrailArn(value);
  if (!arn) throw new InvalidArgumentError('expected arn:<partition>:cloudtrail:<region>:<12-digit account>:trail/<name>.');
  return arn;
}

const utcTime = v.union([v.pipe(v.string(), v.isoDate()), v.pipe(v.string(), v.isoTimestamp())]);

function timeOption(flag: string): (value: string) => Date {
  return (value) => {
    if (!v.is(utcTime, value)) {
      throw new InvalidArgumentError(`${flag} expects YYYY-MM-DD or an ISO 8601 time with Z or an offset, e.g. 2026-01-31T22:00:00Z.`);
    }
    return new Date(value);
  };
}

export function patternOption(flag: string, pattern: RegExp, expected: string): (value: string) => string {
  return (value) => {
    if (!pattern.test(value)) throw new InvalidArgumentError(`${flag} expects ${expected}.`);
    return value;
  };
}

function parseEndpointUrl(value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidArgumentError('--endpoint-url expects an http:// or https:// URL.');
  }
  return url;
}

function parseTimeout(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_TIMEOUT_S) throw new InvalidArgumentError(`--timeout expects whole seconds from 1 to ${MAX_TIMEOUT_S}.`);
  return n;
}

function collectRegions(value: string, previous: string[] | undefined): string[] {
  const regions = value.split(',').map((r) => r.trim());
  for (const region of regions) {
    if (!isRegionName(region)) throw new InvalidArgumentError(`--regions expects AWS region names such as us-east-1 or eu-west-1, got '${region}'.`);
  }
  return [...(previous ?? []), ...regions];
}

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_CONCURRENCY) {
    throw new InvalidArgumentError(`--concurrency expects an integer from 1 to ${MAX_CONCURRENCY}.`);
  }
  return n;
}
