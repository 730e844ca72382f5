import type { Readable } from 'node:stream';

/** An object's bytes, streamed, and its user metadata (lower-case names without `x-amz-meta-`). */
export interface StoredObject {
  readonly body: Readable;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Read-only access to a bucket, the only storage operations log validation needs. S3 in production;
 * the benchmark serves generated files through the same interface.
 */
export interface ObjectSource {
  /** The sub-folders (common prefixes ending in `/`) directly under `prefix`. */
  listFolders(bucket: string, prefix: string): Promise<string[]>;
  /** Every key under `prefix` that sorts after `startAfter`, in key order. */
  listKeys(bucket: string, prefix: string, startAfter?: string): AsyncIterable<string>;
  /** The object, or undefined when there is no object at that key. */
  open(bucket: string, key: string): Promise<StoredObject | undefined>;
}

/**
 * Storage refused or failed a request (access denied, no such bucket, bad credentials, network):
 * the validation cannot go on and ends with exit code 2. A missing object is not an access error.
 */
export class ObjectAccessError extends Error {
  constructor(
    readonly code: string,
    readonly bucket: string,
    readonly key: string | undefined,
    detail?: string,
  ) {
    super(`${code} on s3://${bucket}/${key ?? ''}${detail ? ` (${detail})` : ''}`);
    this.name = 'ObjectAccessError';
  }
}
