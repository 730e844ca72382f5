import type { Readable } from 'node:stream';
import { summarizeAwsError } from './aws-error';
import type { LogFileEntry } from './digest-file';
import type { HashWorkers } from './hash-workers';
import { type BufferHashOutcome, GzipFormatError, gunzipAndHash, hashGzipBuffer } from './log-file-hasher';
import { ObjectAccessError, type ObjectSource } from './object-source';
import type { FileResult, Problem } from './report';

/**
 * Receives each log file's uncompressed bytes while it is checked, then its verdict: a consumer
 * (reading the records, say) works in the same pass that hashes the file, without fetching it again.
 */
export interface LogFileListener {
  /** A sink for this file's bytes, or undefined to leave the file out. */
  open(entry: LogFileEntry): LogFileSink | undefined;
}

export interface LogFileSink {
  /** The next uncompressed bytes, in order. */
  write(chunk: Buffer): void;
  /** The file's verdict: its bytes are what the digest lists only when `result.problems` is empty. */
  close(result: FileResult): void | Promise<void>;
}

/** Log files up to this size (compressed) are read whole and hashed on a worker thread; larger ones stream. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/**
 * Below this size (compressed) a file is hashed on the main thread: handing it to a worker and
 * waking it costs about as much as the hashing.
 */
const MAX_INLINE_BYTES = 64 * 1024;
/** The uncompressed size up to which a buffered file is inflated at once; beyond it, it streams. */
export const MAX_BUFFERED_UNCOMPRESSED_BYTES = 48 * 1024 * 1024;

export interface CheckedLogFile {
  readonly result: FileResult;
  readonly uncompressedBytes: number;
}

/** One log file listed by an authentic digest: present, well-formed gzip, SHA-256 as listed. */
export async function checkLogFile(
  source: ObjectSource,
  entry: LogFileEntry,
  workers: HashWorkers | undefined,
  listener?: LogFileListener,
): Promise<CheckedLogFile> {
  const { s3Bucket: bucket, s3Object: key } = entry;
  const verdict = (problems: Problem[], uncompressedBytes = 0): CheckedLogFile => ({ result: { kind: 'log', bucket, key, problems }, uncompressedBytes });
  const object = await source.open(bucket, key);
  if (!object) return verdict([{ reason: 'not found', detail: 'listed in a digest' }]);
  const sink = listener?.open(entry);
  let checked: CheckedLogFile;
  try {
    const first = await hashObject(object.body, object.size, workers, sink);
    let hash: StreamHashOutcome;
    if (first.status === 'too large') {
      // Rare (a small file that inflates past the limit): read it again, streaming.
      const again = await source.open(bucket, key);
      if (!again) return verdict([{ reason: 'not found', detail: 'listed in a digest; deleted while it was being read' }]);
      hash = await streamHash(again.body, sink);
    } else {
      hash = first;
    }
    if (hash.status === 'invalid format') {
      checked = verdict([{ reason: 'invalid format', detail: hash.detail }]);
    } else {
      const problems: Problem[] =
        hash.sha256Hex === entry.hashValue ? [] : [{ reason: 'hash mismatch', detail: `SHA-256 ${hash.sha256Hex}, digest lists ${entry.hashValue}` }];
      checked = verdict(problems, hash.uncompressedBytes);
    }
  } catch (err) {
    if (err instanceof ObjectAccessError) throw err;
    const { code, detail } = summarizeAwsError(err);
    throw new ObjectAccessError(code, bucket, key, detail);
  }
  await sink?.close(checked.result);
  return checked;
}

/**
 * Small files (most CloudTrail log files) are read whole and hashed on a worker; large ones, or
 * of unknown size, stream through gunzip on this thread, so memory does not grow with them.
 */
async function hashObject(
  body: Readable,
  size: number | undefined,
  workers: HashWorkers | undefined,
  sink: LogFileSink | undefined,
): Promise<BufferHashOutcome> {
  if (!workers || size === undefined || size > MAX_BUFFERED_BYTES) return streamHash(body, sink);
  const compressed = await readWhole(body, size);
  const keepOutput = sink !== undefined;
  const outcome =
    size <= MAX_INLINE_BYTES ? hashGzipBuffer(compressed, MAX_BUFFERED_UNCOMPRESSED_BYTES, keepOutput) : await workers.hash(compressed, keepOutput);
  if (outcome.status === 'hashed' && outcome.output) sink?.write(Buffer.from(outcome.output.buffer, outcome.output.byteOffset, outcome.output.byteLength));
  return outcome;
}

type StreamHashOutcome = Exclude<BufferHashOutcome, { status: 'too large' }>;

async function streamHash(body: Readable, sink: LogFileSink | undefined): Promise<StreamHashOutcome> {
  try {
    const hash = await gunzipAndHash(body, sink ? (chunk) => sink.write(chunk) : undefined);
    return { status: 'hashed', sha256Hex: hash.sha256Hex, uncompressedBytes: hash.uncompressedBytes };
  } catch (err) {
    if (err instanceof GzipFormatError) return { status: 'invalid format', detail: err.message };
    throw err;
  }
}

/** The whole body, of the size announced; a body longer or shorter than that is a storage error. */
async function readWhole(body: Readable, size: number): Promise<Buffer> {
  const whole = Buffer.allocUnsafeSlow(size);
  let offset = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    if (offset + bytes.length > size) throw Object.assign(new Error(`body longer than its Content-Length ${size}`), { code: 'BodyLengthMismatch' });
    bytes.copy(whole, offset);
    offset += bytes.length;
  }
  if (offset !== size) throw Object.assign(new Error(`body of ${offset} bytes, Content-Length ${size}`), { code: 'BodyLengthMismatch' });
  return whole;
}
