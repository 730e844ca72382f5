import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import type { LogFileEntry } from '../../log-validation/digest-file';
import { HashWorkers } from '../../log-validation/hash-workers';
import { checkLogFile, type LogFileSink, MAX_BUFFERED_BYTES, MAX_BUFFERED_UNCOMPRESSED_BYTES } from '../../log-validation/log-file-check';
import type { ObjectSource, StoredObject } from '../../log-validation/object-source';
import type { FileResult } from '../../log-validation/report';

/** Objects in memory, served in network-sized chunks with their size, as S3 serves them. */
class Objects implements ObjectSource {
  readonly opened: string[] = [];
  constructor(private readonly objects: Map<string, Buffer>) {}
  async listFolders(): Promise<string[]> {
    return [];
  }
  async *listKeys(): AsyncIterable<string> {}
  async open(_bucket: string, key: string): Promise<StoredObject | undefined> {
    this.opened.push(key);
    const body = this.objects.get(key);
    if (!body) return undefined;
    const chunks: Buffer[] = [];
    for (let i = 0; i < body.length; i += 64 * 1024) chunks.push(body.subarray(i, i + 64 * 1024));
    return { body: Readable.from(chunks), metadata: {}, size: body.length };
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** JSON-ish text that compresses about as CloudTrail logs do (random ids in repeated structure). */
function logText(bytes: number): Buffer {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const part = `{"eventID":"${randomBytes(16).toString('hex')}","eventName":"GetObject","sourceIPAddress":"10.0.${size % 255}.1"},`;
    parts.push(part);
    size += part.length;
  }
  return Buffer.from(`{"Records":[${parts.join('')}{}]}`);
}

// One file per way through checkLogFile: hashed on this thread, on a worker, streamed, and a small
// file that inflates past the in-memory limit (read again, streamed).
const CASES: ReadonlyArray<readonly [string, Buffer, (gz: Buffer) => void]> = [
  ['small (hashed inline)', logText(20_000), (gz) => expect(gz.length).toBeLessThan(64 * 1024)],
  ['medium (hashed on a worker)', logText(2_000_000), (gz) => expect(gz.length).toBeGreaterThan(64 * 1024)],
  ['large (streamed)', randomBytes(MAX_BUFFERED_BYTES + 100_000), (gz) => expect(gz.length).toBeGreaterThan(MAX_BUFFERED_BYTES)],
  [
    'a small file inflating past the limit (streamed again)',
    Buffer.alloc(MAX_BUFFERED_UNCOMPRESSED_BYTES + 1),
    (gz) => expect(gz.length).toBeLessThan(MAX_BUFFERED_BYTES),
  ],
];

describe('checkLogFile', () => {
  let workers: HashWorkers;
  const posted = jest.spyOn(Worker.prototype, 'postMessage');
  beforeAll(async () => {
    workers = new HashWorkers(2, MAX_BUFFERED_UNCOMPRESSED_BYTES);
    // The first files are hashed here while the threads start; wait until files go to a thread.
    const warmUp = gzipSync(logText(100_000));
    for (let i = 0; i < 500 && posted.mock.calls.length === 0; i++) {
      await workers.hash(Buffer.from(warmUp), false);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(posted).toHaveBeenCalled();
  });
  afterAll(async () => {
    posted.mockRestore();
    await workers.close();
  });

  const entry = (key: string, content: Buffer): LogFileEntry => ({ s3Bucket: 'b', s3Object: key, hashValue: sha256(content), hashAlgorithm: 'SHA-256' });

  describe.each(CASES)('%s', (_name, content, checkSize) => {
    const gz = gzipSync(content, { level: 1 });

    test('valid: the SHA-256 of the uncompressed bytes is the one listed', async () => {
      checkSize(gz);
      const objects = new Objects(new Map([['k', gz]]));
      const postedBefore = posted.mock.calls.length;
      const checked = await checkLogFile(objects, entry('k', content), workers);
      // Only medium files go to a thread: small ones are not worth the hand-over, large ones stream.
      expect(posted.mock.calls.length - postedBefore).toBe(gz.length > 64 * 1024 && gz.length <= MAX_BUFFERED_BYTES ? 1 : 0);
      expect(checked).toEqual({ result: { kind: 'log', bucket: 'b', key: 'k', problems: [] }, uncompressedBytes: content.length });
      // Read once, unless it had to be streamed after all.
      expect(objects.opened).toHaveLength(content.length > MAX_BUFFERED_UNCOMPRESSED_BYTES ? 2 : 1);
    });

    test('one byte of content changed: hash mismatch', async () => {
      const altered = Buffer.from(content);
      altered[altered.length >> 1] ^= 1;
      const checked = await checkLogFile(new Objects(new Map([['k', gzipSync(altered, { level: 1 })]])), entry('k', content), workers);
      expect(checked.result.problems).toEqual([{ reason: 'hash mismatch', detail: `SHA-256 ${sha256(altered)}, digest lists ${sha256(content)}` }]);
    });

    test.each([
      ['text', Buffer.from('{"injected":true}'), 'trailing data after the gzip stream'],
      ['zero bytes', Buffer.alloc(64), 'trailing data after the gzip stream (64 bytes)'],
    ])('followed by %s: invalid format, although the hash matches', async (_what, trailer, detail) => {
      const checked = await checkLogFile(new Objects(new Map([['k', Buffer.concat([gz, trailer])]])), entry('k', content), workers);
      expect(checked.result.problems).toEqual([{ reason: 'invalid format', detail }]);
    });

    test('its CRC altered (the content still authentic): invalid format, as gunzip and the AWS CLI say', async () => {
      const altered = Buffer.from(gz);
      altered[altered.length - 8] ^= 0xff;
      const checked = await checkLogFile(new Objects(new Map([['k', altered]])), entry('k', content), workers);
      expect(checked.result.problems).toEqual([{ reason: 'invalid format', detail: 'not a valid gzip stream (incorrect data check)' }]);
    });

    test('truncated: invalid format', async () => {
      const checked = await checkLogFile(new Objects(new Map([['k', gz.subarray(0, gz.length - 10)]])), entry('k', content), workers);
      expect(checked.result.problems).toEqual([{ reason: 'invalid format', detail: 'not a valid gzip stream (unexpected end of file)' }]);
    });

    test('a listener gets every uncompressed byte, in order, then the verdict', async () => {
      const chunks: Buffer[] = [];
      const verdicts: FileResult[] = [];
      const sink: LogFileSink = { write: (chunk) => chunks.push(Buffer.from(chunk)), close: (result) => void verdicts.push(result) };
      await checkLogFile(new Objects(new Map([['k', gz]])), entry('k', content), workers, { open: () => sink });
      expect(Buffer.concat(chunks).equals(content)).toBe(true);
      expect(verdicts).toEqual([{ kind: 'log', bucket: 'b', key: 'k', problems: [] }]);
    });
  });

  test('a missing file: not found, nothing hashed', async () => {
    const checked = await checkLogFile(new Objects(new Map()), entry('gone', Buffer.from('x')), workers);
    expect(checked).toEqual({
      result: { kind: 'log', bucket: 'b', key: 'gone', problems: [{ reason: 'not found', detail: 'listed in a digest' }] },
      uncompressedBytes: 0,
    });
  });
});
