import { walkDigestChain } from './digest-chain';
import type { LogFileEntry } from './digest-file';
import { type DigestScope, digestRootPrefix } from './digest-key';
import { GzipFormatError, gunzipAndHash } from './log-file-hasher';
import { ObjectAccessError, type ObjectSource } from './object-source';
import type { ProgressListener } from './progress';
import type { PublicKeyStore } from './public-key-store';
import { type FileResult, summarize, type ValidationReport } from './report';
import { TaskPool } from './task-pool';
import type { TrailArn } from './trail-arn';

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
  /** True when the auditor chose the end time: digests missing at the end of the range are then reported. */
  readonly endTimeGiven: boolean;
  /** Log files checked at the same time. */
  readonly concurrency: number;
}

export interface ValidationDependencies {
  readonly source: ObjectSource;
  readonly publicKeys: PublicKeyStore;
  readonly progress?: ProgressListener;
}

/**
 * Validates a trail's delivered logs: walks the digest chain of every region (in turn) and checks
 * the log files of each authentic digest as it is found, up to `concurrency` at a time, streaming.
 * Throws ObjectAccessError when storage refuses or fails a request.
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
  const root = digestRootPrefix(scope);
  const regions = (await deps.source.listFolders(request.bucket, root)).map((folder) => folder.slice(root.length, -1)).sort();

  const digestResults: FileResult[] = [];
  const logResults: FileResult[] = [];
  const pool = new TaskPool(request.concurrency);
  let logFilesNotChecked = 0;
  let uncompressedBytesHashed = 0;

  if (regions.length === 0) {
    digestResults.push({
      kind: 'digest',
      bucket: request.bucket,
      description: `digests under s3://${request.bucket}/${root}`,
      problems: [{ reason: 'not found', detail: 'no region folder: is log file validation enabled, and are bucket, prefix and account right?' }],
    });
  }
  let walkFailure: { readonly error: unknown } | undefined;
  try {
    for (const region of regions) {
      const walkRequest = { scope, region, startTime: request.startTime, endTime: request.endTime, checkEndGap: request.endTimeGiven };
      await walkDigestChain(deps.source, deps.publicKeys, walkRequest, async (result, digest, trusted) => {
        digestResults.push(result);
        if (!digest) return;
        if (!trusted) {
          logFilesNotChecked += digest.content.logFiles.length;
          return;
        }
        for (const entry of digest.content.logFiles) {
          pool.add(async () => {
            const checked = await checkLogFile(deps.source, entry);
            logResults.push(checked.result);
            uncompressedBytesHashed += checked.uncompressedBytes;
            deps.progress?.fileChecked(checked.uncompressedBytes);
          });
        }
        // The walk waits while many log files are queued: memory stays flat over long periods.
        await pool.waitForRoom(MAX_QUEUED_LOG_FILES);
      });
    }
  } catch (error) {
    walkFailure = { error };
  }
  // Let started log checks finish before reporting either failure: no stream is left running.
  try {
    await pool.drain();
  } catch (error) {
    walkFailure ??= { error };
  }
  if (walkFailure) throw walkFailure.error;

  logResults.sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
  const results = [...digestResults, ...logResults];
  return {
    trailArn: request.trail.arn,
    startTime: request.startTime.toISOString(),
    endTime: request.endTime.toISOString(),
    regions,
    results,
    summary: summarize(results, logFilesNotChecked, uncompressedBytesHashed),
  };
}

/** One log file listed by an authentic digest: present, well-formed gzip, SHA-256 as listed. */
async function checkLogFile(source: ObjectSource, entry: LogFileEntry): Promise<{ result: FileResult; uncompressedBytes: number }> {
  const { s3Bucket: bucket, s3Object: key } = entry;
  const object = await source.open(bucket, key);
  if (!object) {
    return { result: { kind: 'log', bucket, key, problems: [{ reason: 'not found', detail: 'listed in a digest' }] }, uncompressedBytes: 0 };
  }
  try {
    const hash = await gunzipAndHash(object.body);
    const problems =
      hash.sha256Hex === entry.hashValue ? [] : [{ reason: 'hash mismatch' as const, detail: `SHA-256 ${hash.sha256Hex}, digest lists ${entry.hashValue}` }];
    return { result: { kind: 'log', bucket, key, problems }, uncompressedBytes: hash.uncompressedBytes };
  } catch (err) {
    if (err instanceof GzipFormatError) {
      return { result: { kind: 'log', bucket, key, problems: [{ reason: 'invalid format', detail: err.message }] }, uncompressedBytes: 0 };
    }
    if (err instanceof ObjectAccessError) throw err;
    const e = err as { code?: string; name?: string; message?: string };
    throw new ObjectAccessError(e.code ?? e.name ?? 'Error', bucket, key, e.message);
  }
}
