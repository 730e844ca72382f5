import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { S3Client } from '@aws-sdk/client-s3';
import { type Command, InvalidArgumentError, Option } from 'commander';
import * as v from 'valibot';
import { type AwsConnectionSettings, createCloudTrailClient, createRequestHandler, createS3Client, MAX_ATTEMPTS } from '../../log-validation/aws-clients';
import { formatAwsError, summarizeAwsError } from '../../log-validation/aws-error';
import { NotS3ResponseError, ObjectAccessError } from '../../log-validation/object-source';
import { TerminalProgress } from '../../log-validation/progress';
import { PublicKeyFileError, PublicKeyStore } from '../../log-validation/public-key-store';
import { isReportValid } from '../../log-validation/report';
import { formatReportJson, formatReportText } from '../../log-validation/report-format';
import { S3ObjectSource } from '../../log-validation/s3-object-source';
import { parseTrailArn, type TrailArn } from '../../log-validation/trail-arn';
import { isRegionName, resolveTrailRegions } from '../../log-validation/trail-regions';
import { describeTrail, type TrailDescription, TrailNotFoundError } from '../../log-validation/trail-settings';
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
    )
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--verbose', 'also list the valid files (text format)')
    .action(async (options: ValidateLogsOptions) => {
      const code = await runValidateLogs(options, context);
      if (code !== 0) context.setExitCode(code);
    });
}

/**
 * Runs the validation and writes the report to `output.stdout` (progress to `output.stderr` when it is
 * a terminal). Returns 0 when everything is valid, 1 otherwise; throws UsageError (exit 2) for
 * inconsistent flags, for storage or CloudTrail errors, and when S3 or CloudTrail does not answer
 * within the timeout.
 */
export async function runValidateLogs(options: ValidateLogsOptions, output: CliIo): Promise<number> {
  const now = new Date();
  const endTime = options.endTime ?? now;
  if (options.startTime >= now) throw new UsageError(`--start-time ${options.startTime.toISOString()} is in the future: nothing has been delivered yet`);
  if (endTime <= options.startTime) {
    throw new UsageError(`--end-time ${endTime.toISOString()} must be after --start-time ${options.startTime.toISOString()}`);
  }
  const trail = options.trailArn;
  const settings: AwsConnectionSettings = {
    timeoutMs: options.timeout * 1000,
    maxSockets: options.concurrency + 2,
    ...(options.endpointUrl ? { s3Endpoint: options.endpointUrl } : {}),
  };
  const handler = createRequestHandler(settings);
  const s3Clients = new Map<string, S3Client>();
  const s3For = (region: string): S3Client => {
    const client = s3Clients.get(region) ?? createS3Client(settings, region, handler);
    s3Clients.set(region, client);
    return client;
  };
  let cloudTrail: CloudTrailClient | undefined;
  const cloudTrailCall = <T>(operation: string, call: (client: CloudTrailClient) => Promise<T>): Promise<T> => {
    cloudTrail ??= createCloudTrailClient(settings, trail.homeRegion);
    return awsCall(operation, trail.arn, options.timeout, () => call(cloudTrail as CloudTrailClient));
  };
  const progress = output.stderr.isTTY ? new TerminalProgress(output.stderr) : undefined;
  try {
    // Key files first: a bad --public-key is reported before any request is made.
    const keyFiles = options.publicKey?.length ? await PublicKeyStore.fromFiles(options.publicKey) : undefined;
    const described = await describeTrailIfReachable(options, (call) => cloudTrailCall('DescribeTrails', call), trail.arn, keyFiles !== undefined);
    const bucket = options.s3Bucket ?? (described.trail as TrailDescription).bucket;
    const prefix = options.s3Bucket ? options.s3Prefix : (options.s3Prefix ?? described.trail?.prefix);
    const publicKeys =
      keyFiles ??
      (await cloudTrailCall('ListPublicKeys', (client) =>
        // Up to now: backfill digests of the period may have been signed much later.
        PublicKeyStore.fromCloudTrail(client, new Date(options.startTime.getTime() - DAY_MS), now),
      ));
    const source = new S3ObjectSource(s3For(process.env.AWS_REGION ?? trail.homeRegion), { clientForRegion: s3For });
    const accountId = options.accountId ?? trail.accountId;
    const regions = await resolveTrailRegions(source, {
      scope: {
        bucket,
        ...(prefix ? { prefix } : {}),
        ...(options.organizationId ? { organizationId: options.organizationId } : {}),
        accountId,
        trailName: trail.trailName,
        homeRegion: trail.homeRegion,
      },
      startTime: options.startTime,
      ...(options.regions ? { named: options.regions } : {}),
      ...(described.trail ? { trail: described.trail } : {}),
      ...(described.failure ? { describeFailure: described.failure } : {}),
    });
    const report = await validateLogs(
      {
        trail,
        bucket,
        ...(prefix ? { prefix } : {}),
        accountId,
        ...(options.organizationId ? { organizationId: options.organizationId } : {}),
        startTime: options.startTime,
        endTime,
        concurrency: options.concurrency,
        regions,
        now,
      },
      { source, publicKeys, ...(progress ? { progress } : {}) },
    );
    progress?.stop();
    output.stdout.write(options.format === 'json' ? formatReportJson(report) : formatReportText(report, options.verbose ?? false));
    return isReportValid(report) ? 0 : 1;
  } catch (err) {
    progress?.stop();
    throw asUsageError(err, options);
  } finally {
    for (const client of s3Clients.values()) client.destroy();
    handler.destroy();
    cloudTrail?.destroy();
  }
}

/**
 * DescribeTrails, when it can help: without --s3-bucket it names the bucket (and must answer);
 * with --s3-bucket it still tells a single-region trail from a multi-region one, unless the run is
 * offline (--public-key). A refusal then only means the regions come from the digest folders.
 */
async function describeTrailIfReachable(
  options: ValidateLogsOptions,
  cloudTrailCall: <T>(call: (client: CloudTrailClient) => Promise<T>) => Promise<T>,
  trailArn: string,
  offline: boolean,
): Promise<{ trail?: TrailDescription; failure?: string }> {
  if (!options.s3Bucket) return { trail: await cloudTrailCall((client) => describeTrail(client, trailArn)) };
  if (offline) return {};
  try {
    return { trail: await cloudTrailCall((client) => describeTrail(client, trailArn)) };
  } catch (err) {
    // The service answered (no access, unknown trail): go on without it. No answer at all still ends the run.
    if (err instanceof TrailNotFoundError) return { failure: 'trail not found' };
    if (err instanceof CloudTrailCallError && err.answered) return { failure: err.failure };
    throw err;
  }
}

/** What stops the run, as one line for the user. */
function asUsageError(err: unknown, options: ValidateLogsOptions): unknown {
  const endpoint = options.endpointUrl ? ` at ${options.endpointUrl.origin}` : '';
  if (err instanceof ObjectAccessError && err.timedOut) {
    return new UsageError(`no answer from S3${endpoint} within --timeout ${options.timeout} s (${MAX_ATTEMPTS} attempts): ${err.message}`);
  }
  if (err instanceof ObjectAccessError) return new UsageError(`cannot read the logs: ${err.message}`);
  if (err instanceof NotS3ResponseError) {
    return new UsageError(
      `${err.message}: ${options.endpointUrl ? `is --endpoint-url ${options.endpointUrl.origin} an S3 endpoint?` : 'is a proxy answering for S3?'}`,
    );
  }
  if (err instanceof PublicKeyFileError || err instanceof TrailNotFoundError || err instanceof CloudTrailCallError) return new UsageError(err.message);
  return err;
}

/** A CloudTrail call failed; `answered` when the service itself refused (rather than no answer at all). */
class CloudTrailCallError extends Error {
  constructor(
    message: string,
    readonly failure: string,
    readonly answered: boolean,
  ) {
    super(message);
    this.name = 'CloudTrailCallError';
  }
}

/** A CloudTrail call whose failure (access, credentials, network) ends the run with exit code 2. */
async function awsCall<T>(operation: string, trailArn: string, timeoutS: number, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof TrailNotFoundError) throw err;
    const failure = formatAwsError(err);
    if (summarizeAwsError(err).code === 'TimeoutError') {
      throw new CloudTrailCallError(
        `no answer from CloudTrail within --timeout ${timeoutS} s (${MAX_ATTEMPTS} attempts): ${operation} for ${trailArn}`,
        failure,
        false,
      );
    }
    const answered = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined;
    throw new CloudTrailCallError(`${operation} for ${trailArn} failed: ${failure}`, failure, answered);
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
