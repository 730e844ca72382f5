import { createHash } from 'node:crypto';
import { type Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

export interface GunzipHash {
  /** Hex SHA-256 of the uncompressed bytes: what digests list as `hashValue`. */
  readonly sha256Hex: string;
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
}

/** The bytes are not one well-formed gzip stream. */
export class GzipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GzipFormatError';
  }
}

// Far larger than zlib's 16 KiB default: each output chunk is a round trip to the zlib thread, and
// the benchmark measured 512 KiB at about twice the throughput of 128 KiB with one worker.
const GUNZIP_CHUNK_BYTES = 512 * 1024;

/**
 * Gunzips a stream and hashes the result as it arrives, so memory does not grow with the file.
 * Rejects truncated streams, corrupt data and any bytes after the end of the gzip stream (which
 * gunzip would otherwise ignore, leaving room to hide data in a file whose hash still matches).
 * `onChunk` sees the uncompressed bytes (digests are parsed from them; a consumer of log records
 * can read them in the same pass). Storage errors from `compressed` propagate unchanged.
 */
export async function gunzipAndHash(compressed: Readable, onChunk?: (chunk: Buffer) => void): Promise<GunzipHash> {
  const hash = createHash('sha256');
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  let compressedBytes = 0;
  let uncompressedBytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      uncompressedBytes += chunk.length;
      onChunk?.(chunk);
      callback();
    },
  });
  let leadingBytes = Buffer.alloc(0);
  compressed.on('data', (chunk: Buffer) => {
    if (leadingBytes.length < 3) leadingBytes = Buffer.concat([leadingBytes, chunk.subarray(0, 3)]);
    compressedBytes += chunk.length;
  });
  try {
    await pipeline(compressed, gunzip, sink);
  } catch (err) {
    const problem = gzipProblem(err, leadingBytes, 0);
    if (problem === undefined) throw err;
    throw new GzipFormatError(problem);
  }
  const problem = gzipProblem(undefined, leadingBytes, compressedBytes - gunzip.bytesWritten);
  if (problem !== undefined) throw new GzipFormatError(problem);
  return { sha256Hex: hash.digest('hex'), compressedBytes, uncompressedBytes };
}

/** The outcome of hashing a gzip file held in memory. */
export type BufferHashOutcome =
  | { readonly status: 'hashed'; readonly sha256Hex: string; readonly uncompressedBytes: number; readonly output?: Uint8Array }
  | { readonly status: 'invalid format'; readonly detail: string }
  /** Larger than the limit once uncompressed: stream it instead, memory then does not grow with it. */
  | { readonly status: 'too large' };

/**
 * Gunzips and hashes a whole gzip file held in memory, synchronously: about half the CPU time of the
 * streaming path, which pays a thread hand-off per chunk. The uncompressed bytes are kept (returned
 * as `output`) only when asked for. Self-contained (it runs as the source of a worker thread too):
 * no imports, only `require` of Node's built-ins inside.
 */
export function hashGzipBuffer(compressed: Uint8Array, maxUncompressedBytes: number, keepOutput: boolean): BufferHashOutcome {
  const zlib = require('node:zlib') as typeof import('node:zlib');
  const crypto = require('node:crypto') as typeof import('node:crypto');
  let inflated: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    // One output buffer of the size the gzip trailer announces (ISIZE, the size modulo 2^32): no spare
    // allocation and no joining of chunks. Only a hint: a wrong ISIZE costs more chunks, or fails the CRC.
    const announced = compressed.length >= 4 ? new DataView(compressed.buffer, compressed.byteOffset + compressed.length - 4, 4).getUint32(0, true) : 0;
    const chunkSize = Math.min(maxUncompressedBytes + 1, Math.max(64 * 1024, announced + 1));
    inflated = zlib.gunzipSync(compressed, { info: true, maxOutputLength: maxUncompressedBytes, chunkSize }) as unknown as typeof inflated;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return { status: 'too large' };
    const detail = gzipProblem(err, compressed, 0);
    if (detail === undefined) throw err;
    return { status: 'invalid format', detail };
  }
  const detail = gzipProblem(undefined, compressed, compressed.length - inflated.engine.bytesWritten);
  if (detail !== undefined) return { status: 'invalid format', detail };
  const sha256Hex = crypto.createHash('sha256').update(inflated.buffer).digest('hex');
  return { status: 'hashed', sha256Hex, uncompressedBytes: inflated.buffer.length, ...(keepOutput ? { output: inflated.buffer } : {}) };
}

/**
 * What is wrong with a gzip file, from zlib's error (or none) and the count of bytes zlib left
 * unread; undefined when nothing is (or the error is not zlib's). zlib reads on into a second member
 * after the first; when the first header was sound, a header error can only come from bytes after the
 * end of the gzip stream. And zlib silently drops some trailing bytes (zeros, for one): every byte
 * read must have been consumed. Self-contained, like hashGzipBuffer, whose worker source includes it.
 */
export function gzipProblem(err: unknown, leadingBytes: Uint8Array, unreadBytes: number): string | undefined {
  if (err !== undefined) {
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('Z_')) return undefined;
    const message = (err as Error).message;
    // ID1, ID2 and CM (deflate) of a gzip member header, RFC 1952.
    const soundHeader = leadingBytes[0] === 0x1f && leadingBytes[1] === 0x8b && leadingBytes[2] === 0x08;
    const atTrailingData = /incorrect header check|unknown compression method/.test(message) && soundHeader;
    return atTrailingData ? 'trailing data after the gzip stream' : `not a valid gzip stream (${message})`;
  }
  return unreadBytes > 0 ? `trailing data after the gzip stream (${unreadBytes} bytes)` : undefined;
}
