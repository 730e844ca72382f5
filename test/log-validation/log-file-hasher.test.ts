import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { GzipFormatError, gunzipAndHash } from '../../log-validation/log-file-hasher';

const CONTENT = Buffer.from(JSON.stringify({ Records: Array.from({ length: 500 }, (_, i) => ({ eventID: i, eventName: 'GetObject' })) }));
const GZIPPED = gzipSync(CONTENT);
const SHA256 = createHash('sha256').update(CONTENT).digest('hex');

/** The bytes as a stream of chunks of `size` bytes, as a network body arrives. */
function streamOf(bytes: Buffer, size = bytes.length): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

describe('gunzipAndHash', () => {
  test.each([1, 7, 4096, GZIPPED.length])('hashes the uncompressed bytes, whatever the chunk size (%d)', async (size) => {
    await expect(gunzipAndHash(streamOf(GZIPPED, size))).resolves.toEqual({
      sha256Hex: SHA256,
      compressedBytes: GZIPPED.length,
      uncompressedBytes: CONTENT.length,
    });
  });

  test('hands every uncompressed byte to the chunk callback', async () => {
    const seen: Buffer[] = [];
    await gunzipAndHash(streamOf(GZIPPED, 100), (chunk) => seen.push(chunk));
    expect(Buffer.concat(seen).equals(CONTENT)).toBe(true);
  });

  test('streams a file much larger than its chunks without keeping it', async () => {
    const big = randomBytes(8 * 1024 * 1024);
    const result = await gunzipAndHash(streamOf(gzipSync(big, { level: 1 }), 64 * 1024));
    expect(result.sha256Hex).toBe(createHash('sha256').update(big).digest('hex'));
    expect(result.uncompressedBytes).toBe(big.length);
  });

  test.each([
    ['truncated', GZIPPED.subarray(0, GZIPPED.length - 6), /not a valid gzip stream \(unexpected end of file\)/],
    ['not gzip', CONTENT, /not a valid gzip stream \(incorrect header check\)/],
    ['empty', Buffer.alloc(0), /not a valid gzip stream/],
    ['corrupt deflate data', Buffer.concat([GZIPPED.subarray(0, 12), Buffer.alloc(40, 0xff), GZIPPED.subarray(52)]), /not a valid gzip stream/],
    ['followed by text', Buffer.concat([GZIPPED, Buffer.from('{"more":1}')]), /^trailing data after the gzip stream$/],
    ['followed by zero bytes', Buffer.concat([GZIPPED, Buffer.alloc(100)]), /^trailing data after the gzip stream \(100 bytes\)$/],
  ])('rejects a stream that is %s', async (_name, bytes, message) => {
    const failure = gunzipAndHash(streamOf(bytes, 512));
    await expect(failure).rejects.toThrow(GzipFormatError);
    await expect(failure).rejects.toThrow(message);
  });

  test('lets storage errors through unchanged', async () => {
    const broken = new Readable({
      read() {
        this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      },
    });
    await expect(gunzipAndHash(broken)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});
