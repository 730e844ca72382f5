import type { Readable } from 'node:stream';

/** An object's bytes, streamed, and its user metadata (lower-case names without `x-amz-meta-`). */
export interface StoredObject {
  readonly body: Readable;
  readonly metadata: Readonly<Record<string, string>>;
  /** The size in bytes, when storage says it up front (S3's Content-Length). */
  readonly size?: number;
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
    readonly detail?: string,
    /** Why this object was read, when that is not obvious (a bucket the trail used before). */
    readonly context?: string,
  ) {
    super(`${code} on s3://${bucket}/${key ?? ''}${detail ? ` (${detail})` : ''}${context ? `: ${context}` : ''}`);
    this.name = 'ObjectAccessError';
  }

  withContext(context: string): ObjectAccessError {
    return new ObjectAccessError(this.code, this.bucket, this.key, this.detail, context);
  }

  /** The endpoint never answered (connection, answer or body stalled past the timeout, on every attempt). */
  get timedOut(): boolean {
    return this.code === 'TimeoutError' || this.code === 'ETIMEDOUT';
  }
}

/**
 * The endpoint answered, but not as S3 does (every S3 answer carries `x-amz-request-id`): a web page, a
 * proxy, a wrong port. An input error, not a missing folder.
 */
export class NotS3ResponseError extends Error {
  constructor(
    readonly operation: string,
    readonly bucket: string,
    readonly key: string,
    answer: string,
  ) {
    super(`the answer to ${operation} on s3://${bucket}/${key} is not from S3 (${answer}, no x-amz-request-id header)`);
    this.name = 'NotS3ResponseError';
  }
}
