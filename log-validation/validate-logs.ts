import { availableParallelism } from 'node:os';
import { walkDigestChain } from './digest-chain';
import type { DigestScope } from './digest-key';
import { HashWorkers } from './hash-workers';
import { checkLogFile, type LogFileListener, MAX_BUFFERED_UNCOMPRESSED_BYTES } from './log-file-check';
import type { ObjectSource } from './object-source';
import type { ProgressListener } from './progress';
import type { PublicKeyStore } from './public-key-store';
import { type FileResult, summarize, type ValidationReport } from './report';
import { TaskPool } from './task-pool';
import type { TrailArn } from './trail-arn';
import { resolveTrailRegions, type TrailRegions } from './trail-regions';

const MAX_QUEUED_LOG_FILES = 10_000;

export interface ValidationRequest {
  readonly trail: TrailArn;
  readonly bucket: string;
  /** The trail's S3 key prefix, without a trailing slash. */
  readonly prefix?: string;
  /** Whose logs to validate; the trail's account unless given (organization trails). */
  readonly accountId: string;
  readonly organizationId?: string;
  readonly startTime: Date;
  readonly endTime: Date;
  /** Log files checked at the same time. */
  readonly concurrency: number;
  /**
   * The regions to validate.
   * @default the region folders holding digests of this trail, and its home region
   */
  readonly regions?: TrailRegions;
  /**
   * The time of the run: digests due in the last two hours before it may not be delivered yet.
   * @default now
   */
  readonly now?: Date;
}

export interface ValidationDependencies {
  readonly source: ObjectSource;
  readonly publicKeys: PublicKeyStore;
  readonly progress?: ProgressListener;
  /** Receives each log file's bytes as it is checked, and its verdict. */
  readonly logFiles?: LogFileListener;
}

/**
 * Validates a trail's delivered logs: walks the digest chain of every region (all at once) and
 * checks the log files of each authentic digest as it is found, up to `concurrency` at a time,
 * hashing on worker threads. Throws ObjectAccessError when storage refuses or fails a request, and
 * NotS3ResponseError when what answered is not S3.
 */
export async function validateLogs(request: ValidationRequest, deps: ValidationDependencies): Promise<ValidationReport> {
  const scope: DigestScope = {
    bucket: request.bucket,
    ...(request.prefix ? { prefix: request.prefix } : {}),
    ...(request.organizationId ? { organizationId: request.organizationId } : {}),
    accountId: request.accountId,
    trailName: request.trail.trailName,
    homeRegion: request.trail.homeRegion,
  };
  const now = request.now ?? new Date();
  const regions = request.regions ?? (await resolveTrailRegions(deps.source, { scope, startTime: request.startTime }));

  const digestResults = regions.regions.map((): FileResult[] => []);
  const logResults: FileResult[] = [];
  const pool = new TaskPool(request.concurrency);
  // Each thread hashes whole files; the main thread keeps the requests going meanwhile.
  const workers = new HashWorkers(Math.min(availableParallelism(), request.concurrency), MAX_BUFFERED_UNCOMPRESSED_BYTES);
  let logFilesNotChecked = 0;
  let uncompressedBytesHashed = 0;

  let walkFailure: { readonly error: unknown } | undefined;
  await Promise.all(
    regions.regions.map((region, i) =>
      walkDigestChain(
        deps.source,
        deps.publicKeys,
        { scope, region, startTime: request.startTime, endTime: request.endTime, now },
        async (result, digest, trusted) => {
          // One region's failure ends the run: the other walks stop at their next digest.
          if (walkFailure) throw walkFailure.error;
          (digestResults[i] as FileResult[]).push(result);
          if (!digest) return;
          if (!trusted) {
            logFilesNotChecked += digest.content.logFiles.length;
            return;
          }
          for (const entry of digest.content.logFiles) {
            pool.add(async () => {
              const checked = await checkLogFile(deps.source, entry, workers, deps.logFiles);
              logResults.push(checked.result);
              uncompressedBytesHashed += checked.uncompressedBytes;
              deps.progress?.fileChecked(checked.uncompressedBytes);
            });
          }
          // The walk waits while many log files are queued: memory stays flat over long periods.
          await pool.waitForRoom(MAX_QUEUED_LOG_FILES);
        },
      ).catch((error: unknown) => {
        walkFailure ??= { error };
      }),
    ),
  );
  // Let started log checks finish before reporting either failure: no stream is left running.
  try {
    await pool.drain();
  } catch (error) {
    walkFailure ??= { error };
  } finally {
    await workers.close();
  }
  if (walkFailure) throw walkFailure.error;

  logResults.sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
  const results = [...digestResults.flat(), ...logResults];
  return {
    trailArn: request.trail.arn,
    startTime: request.startTime.toISOString(),
    endTime: request.endTime.toISOString(),
    regions: regions.regions,
    regionsFrom: regions.source,
    results,
    summary: summarize(results, logFilesNotChecked, uncompressedBytesHashed),
  };
}
