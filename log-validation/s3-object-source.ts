import { GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { MAX_ATTEMPTS } from './aws-clients';
import { summarizeAwsError } from './aws-error';
import { NotS3ResponseError, ObjectAccessError, type ObjectSource, type StoredObject } from './object-source';
import { type BucketEndpoint, SignedObjectGetter } from './s3-signed-get';

export interface S3ObjectSourceOptions {
  /**
   * A client for buckets in another region than the first client's (a trail that moved to a bucket
   * elsewhere); without it, the first client serves every bucket (it follows region redirects).
   */
  readonly clientForRegion?: (region: string) => S3Client;
}

/** What is resolved once per bucket: the client for its region, and where and how its objects are fetched. */
interface BucketAccess {
  readonly client: S3Client;
  readonly endpoint: BucketEndpoint;
}

/**
 * Objects read from S3: listings with the AWS SDK v3 client, objects with SignedObjectGetter (the
 * SDK's signer, HTTP handler and retry strategy without its per-request middleware). Every answer must
 * come from S3 (NotS3ResponseError otherwise); refusals and failures are ObjectAccessErrors.
 */
export class S3ObjectSource implements ObjectSource {
  private readonly buckets = new Map<string, Promise<BucketAccess>>();
  private readonly getter: SignedObjectGetter;

  constructor(
    private readonly s3: S3Client,
    private readonly options: S3ObjectSourceOptions = {},
  ) {
    this.getter = new SignedObjectGetter(s3.config.requestHandler as NodeHttpHandler, MAX_ATTEMPTS);
  }

  async listFolders(bucket: string, prefix: string): Promise<string[]> {
    const folders: string[] = [];
    for await (const page of this.pages(bucket, prefix, { Delimiter: '/' })) {
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix);
    }
    return folders;
  }

  async *listKeys(bucket: string, prefix: string, startAfter?: string): AsyncIterable<string> {
    for await (const page of this.pages(bucket, prefix, startAfter !== undefined ? { StartAfter: startAfter } : {})) {
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
    }
  }

  /** Resolves the bucket's region and endpoint ahead of the first listing (it is done once per bucket anyway). */
  async prepare(bucket: string): Promise<void> {
    await this.access(bucket);
  }

  async open(bucket: string, key: string): Promise<StoredObject | undefined> {
    const access = await this.access(bucket);
    return this.getter.get(access.endpoint, bucket, key);
  }

  private async *pages(bucket: string, prefix: string, extra: { Delimiter?: string; StartAfter?: string }): AsyncIterable<ListObjectsV2CommandOutput> {
    const { client } = await this.access(bucket);
    let token: string | undefined;
    do {
      const input = { Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : extra), ...(extra.Delimiter ? { Delimiter: '/' } : {}) };
      const page = await s3Call('ListObjectsV2', bucket, prefix, () => client.send(new ListObjectsV2Command(input)));
      // S3 names the bucket in every listing; an empty answer without it is not a listing.
      if (page.Name !== bucket) throw new NotS3ResponseError('ListObjectsV2', bucket, prefix, `HTTP ${page.$metadata.httpStatusCode}, no bucket name in it`);
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** The bucket's region (HeadBucket, once), its client, and its GetObject endpoint as the SDK's rules resolve it. */
  private access(bucket: string): Promise<BucketAccess> {
    let access = this.buckets.get(bucket);
    if (!access) {
      access = (async () => {
        const head = await s3Call('HeadBucket', bucket, '', () => this.s3.send(new HeadBucketCommand({ Bucket: bucket })));
        const clientRegion = await this.s3.config.region();
        const region = head.BucketRegion ?? clientRegion;
        const client = region !== clientRegion && this.options.clientForRegion ? this.options.clientForRegion(region) : this.s3;
        const resolved = await getEndpointFromInstructions({ Bucket: bucket, Key: 'k' }, GetObjectCommand, client.config);
        const scheme = (resolved.properties?.authSchemes as Array<{ signingRegion?: string }> | undefined)?.[0];
        const url = resolved.url;
        return {
          client,
          endpoint: {
            protocol: url.protocol,
            hostname: url.hostname,
            ...(url.port ? { port: Number(url.port) } : {}),
            basePath: url.pathname,
            signer: new SignatureV4({
              service: 's3',
              region: scheme?.signingRegion ?? region,
              credentials: client.config.credentials,
              sha256: client.config.sha256,
              // S3 signs the path as sent (no double encoding), and wants the payload hash header.
              uriEscapePath: false,
              applyChecksum: true,
            }),
            clockOffsetMs: () => client.config.systemClockOffset ?? 0,
          },
        };
      })();
      this.buckets.set(bucket, access);
    }
    return access;
  }
}

const HEAD_BUCKET_ERRORS: Readonly<Record<number, string>> = { 301: 'PermanentRedirect', 403: 'AccessDenied', 404: 'NoSuchBucket' };

/**
 * One SDK call, its failure turned into ObjectAccessError (or NotS3ResponseError when what answered
 * is not S3: S3 sets x-amz-request-id on every answer, which the SDK reports as `requestId`).
 */
async function s3Call<T extends { $metadata: { requestId?: string; httpStatusCode?: number } }>(
  operation: string,
  bucket: string,
  key: string,
  call: () => Promise<T>,
): Promise<T> {
  let output: T;
  try {
    output = await call();
  } catch (err) {
    const e = err as { $metadata?: { requestId?: string; httpStatusCode?: number }; $response?: { statusCode?: number; headers?: Record<string, string> } };
    const status = e.$response?.statusCode ?? e.$metadata?.httpStatusCode;
    const requestId = e.$metadata?.requestId ?? e.$response?.headers?.['x-amz-request-id'];
    if (status !== undefined && requestId === undefined) {
      throw new NotS3ResponseError(operation, bucket, key, `HTTP ${status}, ${e.$response?.headers?.['content-type'] ?? 'no content type'}`);
    }
    const { code, detail } = summarizeAwsError(err);
    // HeadBucket answers have no body to name the error: the status does.
    const named = operation === 'HeadBucket' && status !== undefined ? (HEAD_BUCKET_ERRORS[status] ?? code) : code;
    throw new ObjectAccessError(named, bucket, key, detail);
  }
  if (output.$metadata.requestId === undefined) {
    throw new NotS3ResponseError(operation, bucket, key, `HTTP ${output.$metadata.httpStatusCode ?? '?'}`);
  }
  return output;
}
