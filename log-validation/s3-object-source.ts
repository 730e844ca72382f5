import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { ObjectAccessError, type ObjectSource, type StoredObject } from './object-source';

/** Objects read with the AWS SDK v3 S3 client. */
export class S3ObjectSource implements ObjectSource {
  constructor(private readonly s3: S3Client) {}

  async listFolders(bucket: string, prefix: string): Promise<string[]> {
    const folders: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(bucket, prefix, () =>
        this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token })),
      );
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return folders;
  }

  async *listKeys(bucket: string, prefix: string, startAfter?: string): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.call(bucket, prefix, () =>
        this.s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ContinuationToken: token,
            ...(token === undefined && startAfter !== undefined ? { StartAfter: startAfter } : {}),
          }),
        ),
      );
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async open(bucket: string, key: string): Promise<StoredObject | undefined> {
    try {
      const response = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return { body: response.Body as Readable, metadata: response.Metadata ?? {} };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw toAccessError(err, bucket, key);
    }
  }

  private async call<T>(bucket: string, key: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw toAccessError(err, bucket, key);
    }
  }
}

function isNotFound(err: unknown): boolean {
  const name = (err as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

function toAccessError(err: unknown, bucket: string, key: string): ObjectAccessError {
  const e = err as { name?: string; code?: string; message?: string };
  // Some S3 servers send errors without a message: the SDK then only has the code, in `name`.
  const code = e.code ?? e.name ?? 'Error';
  const detail = e.message && e.message !== 'UnknownError' && e.message !== code ? e.message : undefined;
  return new ObjectAccessError(code, bucket, key, detail);
}
