import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { type Command, InvalidArgumentError, Option } from 'commander';
import * as v from 'valibot';
import { ObjectAccessError } from '../../log-validation/object-source';
import { TerminalProgress } from '../../log-validation/progress';
import { PublicKeyFileError, PublicKeyStore } from '../../log-validation/public-key-store';
import { isReportValid } from '../../log-validation/report';
import { formatReportJson, formatReportText } from '../../log-validation/report-format';
import { S3ObjectSource } from '../../log-validation/s3-object-source';
import { parseTrailArn, type TrailArn } from '../../log-validation/trail-arn';
import { describeTrailDelivery, TrailNotFoundError } from '../../log-validation/trail-settings';
import { validateLogs } from '../../log-validation/validate-logs';
import type { CliIo, CommandContext } from '../io';
import { UsageError } from '../usage-error';

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
  readonly concurrency: number;
  readonly format: 'text' | 'json';
  readonly verbose?: boolean;
}

export const MAX_CONCURRENCY = 64;
const DEFAULT_CONCURRENCY = 8;
/** Keys are asked for from a day before the start: the walk goes back past the start. */
const DAY_MS = 24 * 3600 * 1000;

export function registerValidateLogs(program: Command, context: CommandContext): void {
  program
    .command('validate-logs')
    .description(
      'Prove that delivered CloudTrail log files were not altered: walk the signed digest chain and check every log file. ' +
        'Exit 0 all valid, 1 anything INVALID, 2 usage or access error.',
    )
    .requiredOption('--trail-arn <arn>', 'ARN of the trail (arn:<partition>:cloudtrail:<region>:<account>:trail/<name>)', parseTrailArnOption)
    .requiredOption('--start-time <time>', 'start of the period, UTC (YYYY-MM-DD or ISO 8601 with Z or offset)', timeOption('--start-time'))
    .option('--end-time <time>', 'end of the period (default: now); digests missing before it are reported', timeOption('--end-time'))
    .option(
      '--s3-bucket <bucket>',
      "bucket holding the logs (default: the trail's, from DescribeTrails)",
      patternOption('--s3-bucket', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
    )
    .option('--s3-prefix <prefix>', "the trail's S3 key prefix (default: with --s3-bucket none, else the trail's)", (v: string) => v.replace(/^\/+|\/+$/g, ''))
    .option('--account-id <id>', "account whose logs to validate (default: the trail's)", patternOption('--account-id', /^\d{12}$/, '12 digits'))
    .option(
      '--organization-id <id>',
      'organization id, for organization trails (AWSLogs/<org-id>/<account>/...)',
      patternOption('--organization-id', /^o-[a-z0-9]{10,32}$/, 'o- followed by 10 to 32 lower-case letters or digits'),
    )
    .option('--public-key <file...>', 'public keys (PEM or DER) to verify digests with instead of CloudTrail ListPublicKeys: offline audit')
    .option('--endpoint-url <url>', 'S3 endpoint to read from (path-style addressing), e.g. a local S3 server', parseEndpointUrl)
    .addOption(
      new Option('--concurrency <n>', `log files checked at the same time, 1 to ${MAX_CONCURRENCY}`).default(DEFAULT_CONCURRENCY).argParser(parseConcurrency),
    )
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--verbose', 'also list the valid files (text format)')
    .action(async (options: ValidateLogsOptions) => {
      const code = await runValidateLogs(options, context);
      if (code !== 0) context.setExitCode(code);
    });
}

/**
 * Runs the validation and writes the report to `output.stdout` (progress to `output.stderr` when it is a terminal). Returns 0 when everything is valid, 1 otherwise;
 * throws UsageError (exit 2) for inconsistent flags and for storage or CloudTrail errors.
 */
export async function runValidateLogs(options: ValidateLogsOptions, output: CliIo): Promise<number> {
  const endTimeGiven = options.endTime !== undefined;
  const endTime = options.endTime ?? new Date();
  if (endTime <= options.startTime) {
    throw new UsageError(`--end-time ${endTime.toISOString()} must be after --start-time ${options.startTime.toISOString()}`);
  }
  const trail = options.trailArn;
  const region = process.env.AWS_REGION ?? trail.homeRegion;
  const cloudTrail = new CloudTrailClient({ region: trail.homeRegion });
  const s3 = new S3Client({
    region,
    followRegionRedirects: true,
    // Validation hashes every byte with SHA-256 itself; the SDK's extra CRC pass would only cost time.
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.endpointUrl ? { endpoint: options.endpointUrl.toString(), forcePathStyle: true } : {}),
  });
  const progress = output.stderr.isTTY ? new TerminalProgress(output.stderr) : undefined;
  try {
    // Key files first: a bad --public-key is reported before any request is made.
    const keyFiles = options.publicKey?.length ? await PublicKeyStore.fromFiles(options.publicKey) : undefined;
    const delivery = options.s3Bucket
      ? { bucket: options.s3Bucket, prefix: options.s3Prefix }
      : await awsCall('DescribeTrails', trail.arn, () => describeTrailDelivery(cloudTrail, trail.arn));
    const prefix = options.s3Prefix ?? delivery.prefix;
    const publicKeys =
      keyFiles ??
      (await awsCall('ListPublicKeys', trail.arn, () =>
        // Up to now: backfill digests of the period may have been signed much later.
        PublicKeyStore.fromCloudTrail(cloudTrail, new Date(options.startTime.getTime() - DAY_MS), new Date()),
      ));
    const report = await validateLogs(
      {
        trail,
        bucket: delivery.bucket,
        ...(prefix ? { prefix } : {}),
        accountId: options.accountId ?? trail.accountId,
        ...(options.organizationId ? { organizationId: options.organizationId } : {}),
        startTime: options.startTime,
        endTime,
        endTimeGiven,
        concurrency: options.concurrency,
      },
      { source: new S3ObjectSource(s3), publicKeys, ...(progress ? { progress } : {}) },
    );
    progress?.stop();
    output.stdout.write(options.format === 'json' ? formatReportJson(report) : formatReportText(report, options.verbose ?? false));
    return isReportValid(report) ? 0 : 1;
  } catch (err) {
    progress?.stop();
    if (err instanceof ObjectAccessError) throw new UsageError(`cannot read the logs: ${err.message}`);
    if (err instanceof PublicKeyFileError || err instanceof TrailNotFoundError) throw new UsageError(err.message);
    throw err;
  } finally {
    s3.destroy();
    cloudTrail.destroy();
  }
}

/** A CloudTrail call whose failure (access, credentials, network) ends the run with exit code 2. */
async function awsCall<T>(operation: string, trailArn: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof TrailNotFoundError) throw err;
    const e = err as { name?: string; code?: string; message?: string };
    throw new UsageError(`${operation} for ${trailArn} failed: ${e.code ?? e.name ?? 'Error'}${e.message ? ` (${e.message})` : ''}`);
  }
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

function patternOption(flag: string, pattern: RegExp, expected: string): (value: string) => string {
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

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_CONCURRENCY) {
    throw new InvalidArgumentError(`--concurrency expects an integer from 1 to ${MAX_CONCURRENCY}.`);
  }
  return n;
}
