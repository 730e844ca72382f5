import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { S3Client } from '@aws-sdk/client-s3';
import { type AwsConnectionSettings, createCloudTrailClient, createRequestHandler, createS3Client, MAX_ATTEMPTS } from '../../log-validation/aws-clients';
import { formatAwsError, summarizeAwsError } from '../../log-validation/aws-error';
import type { LogFileListener } from '../../log-validation/log-file-check';
import { NotS3ResponseError, ObjectAccessError } from '../../log-validation/object-source';
import { TerminalProgress } from '../../log-validation/progress';
import { PublicKeyFileError, PublicKeyStore } from '../../log-validation/public-key-store';
import { isReportValid, type ValidationReport } from '../../log-validation/report';
import { formatReportJson, formatReportText } from '../../log-validation/report-format';
import { S3ObjectSource } from '../../log-validation/s3-object-source';
import { resolveTrailRegions } from '../../log-validation/trail-regions';
import { describeTrail, type TrailDescription, TrailNotFoundError } from '../../log-validation/trail-settings';
import { validateLogs } from '../../log-validation/validate-logs';
import type { CliIo } from '../io';
import { UsageError } from '../usage-error';
import type { ValidateLogsOptions } from './validate-logs';

/** Keys are asked for from a day before the start: the walk goes back past the start. */
const DAY_MS = 24 * 3600 * 1000;

/**
 * Runs the validation and writes the report to `output.stdout` (progress to `output.stderr` when it is
 * a terminal). Returns 0 when everything is valid, 1 otherwise; throws UsageError (exit 2) for
 * inconsistent flags, for storage or CloudTrail errors, and when S3 or CloudTrail does not answer
 * within the timeout.
 */
export async function runValidateLogs(options: ValidateLogsOptions, output: CliIo): Promise<number> {
  const report = await validateTrailLogs(options, output);
  output.stdout.write(options.format === 'json' ? formatReportJson(report) : formatReportText(report, options.verbose ?? false));
  return isReportValid(report) ? 0 : 1;
}

/** The flags every command that validates logs takes (validate-logs, access-report). */
export type LogValidationFlags = Omit<ValidateLogsOptions, 'format' | 'verbose'>;

/**
 * Validates the logs the flags name and returns the verdict, with progress on `output.stderr` when it
 * is a terminal; `logFiles` receives each log file's bytes and verdict (see validateLogs). Throws
 * UsageError (exit 2) for inconsistent flags, storage or CloudTrail errors, and timeouts.
 */
export async function validateTrailLogs(options: LogValidationFlags, output: CliIo, logFiles?: LogFileListener): Promise<ValidationReport> {
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
  const s3 = s3For(process.env.AWS_REGION ?? trail.homeRegion);
  const source = new S3ObjectSource(s3, { clientForRegion: s3For });
  let cloudTrail: Promise<CloudTrailClient> | undefined;
  const cloudTrailCall = async <T>(operation: string, call: (client: CloudTrailClient) => Promise<T>): Promise<T> => {
    // One credential lookup for both services.
    cloudTrail ??= createCloudTrailClient(settings, trail.homeRegion, s3.config.credentials);
    const client = await cloudTrail;
    return awsCall(operation, trail.arn, options.timeout, () => call(client));
  };
  const progress = output.stderr.isTTY ? new TerminalProgress(output.stderr) : undefined;
  try {
    // Key files first: a bad --public-key is reported before any request is made.
    const keyFiles = options.publicKey?.length ? await PublicKeyStore.fromFiles(options.publicKey) : undefined;
    // What does not depend on each other is asked at once: the trail, its keys, the bucket's region.
    const ready = options.s3Bucket ? source.prepare(options.s3Bucket) : undefined;
    ready?.catch(() => undefined);
    const keysAsked =
      keyFiles === undefined
        ? cloudTrailCall('ListPublicKeys', (client) =>
            // Up to now: backfill digests of the period may have been signed much later.
            PublicKeyStore.fromCloudTrail(client, new Date(options.startTime.getTime() - DAY_MS), now),
          )
        : undefined;
    keysAsked?.catch(() => undefined);
    const described = await describeTrailIfReachable(options, (call) => cloudTrailCall('DescribeTrails', call), trail.arn, keyFiles !== undefined);
    const bucket = options.s3Bucket ?? (described.trail as TrailDescription).bucket;
    const prefix = options.s3Bucket ? options.s3Prefix : (options.s3Prefix ?? described.trail?.prefix);
    const publicKeys = keyFiles ?? (await (keysAsked as Promise<PublicKeyStore>));
    await ready;
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
      { source, publicKeys, ...(progress ? { progress } : {}), ...(logFiles ? { logFiles } : {}) },
    );
    progress?.stop();
    return report;
  } catch (err) {
    progress?.stop();
    throw asUsageError(err, options);
  } finally {
    for (const client of s3Clients.values()) client.destroy();
    handler.destroy();
    (await cloudTrail?.catch(() => undefined))?.destroy();
  }
}

/**
 * DescribeTrails, when it can help: without --s3-bucket it names the bucket (and must answer);
 * with --s3-bucket it still tells a single-region trail from a multi-region one, unless the run is
 * offline (--public-key). A refusal then only means the regions come from the digest folders.
 */
async function describeTrailIfReachable(
  options: LogValidationFlags,
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
function asUsageError(err: unknown, options: LogValidationFlags): unknown {
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
