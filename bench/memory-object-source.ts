import { Readable } from 'node:stream';
import type { ObjectSource, StoredObject } from '../log-validation/object-source';

/** Network bodies arrive in pieces of about this size. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Objects held in memory, served as chunked streams: the benchmark measures the validation
 * pipeline (digest handling, gunzip, SHA-256) without a storage server's cost.
 */
export class MemoryObjectSource implements ObjectSource {
  private readonly objects = new Map<string, { body: Buffer; metadata: Record<string, string> }>();

  put(bucket: string, key: string, body: Buffer, metadata: Record<string, string> = {}): void {
    this.objects.set(`${bucket}/${key}`, { body, metadata });
  }

  async listFolders(bucket: string, prefix: string): Promise<string[]> {
    const folders = new Set<string>();
    for (const key of this.keysOf(bucket, prefix)) {
      const slash = key.indexOf('/', prefix.length);
      if (slash >= 0) folders.add(key.slice(0, slash + 1));
    }
    return [...folders].sort();
  }

  async *listKeys(bucket: string, prefix: string, startAfter?: string): AsyncIterable<string> {
    yield* this.keysOf(bucket, prefix).filter((key) => startAfter === undefined || key > startAfter);
  }

  async open(bucket: string, key: string): Promise<StoredObject | undefined> {
    const object = this.objects.get(`${bucket}/${key}`);
    if (!object) return undefined;
    const { body } = object;
    let offset = 0;
    const stream = new Readable({
      read() {
        const chunk = offset < body.length ? body.subarray(offset, offset + CHUNK_BYTES) : null;
        offset += CHUNK_BYTES;
        this.push(chunk);
      },
    });
    return { body: stream, metadata: object.metadata, size: body.length };
  }

  private keysOf(bucket: string, prefix: string): string[] {
    const start = `${bucket}/`;
    return [...this.objects.keys()]
      .filter((k) => k.startsWith(start + prefix))
      .map((k) => k.slice(start.length))
      .sort();
  }
}
