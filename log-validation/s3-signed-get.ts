import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { extendedEncodeURIComponent, HttpRequest } from '@smithy/core/protocols';
import { isServerError, isThrottlingError, isTransientError, StandardRetryStrategy } from '@smithy/core/retry';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { SignatureV4 } from '@smithy/signature-v4';
import { summarizeAwsError } from './aws-error';
import { NotS3ResponseError, ObjectAccessError, type StoredObject } from './object-source';

/** Where a bucket's objects are fetched, as the SDK's endpoint rules resolve it, and how requests are signed. */
export interface BucketEndpoint {
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number;
  /** `/` for virtual-hosted buckets, `/<bucket>` for path-style addressing. */
  readonly basePath: string;
  readonly signer: SignatureV4;
  /** The clock correction the SDK client learnt from S3's answers (a machine clock off by minutes). */
  readonly clockOffsetMs: () => number;
}

/** An error body is a short XML document; anything longer is not read. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * S3 GetObject, signed with the SDK's SigV4 signer and sent through the SDK's HTTP handler (keep-alive,
 * timeouts), retried with the SDK's standard retry strategy, but without the SDK's per-request
 * middleware stack: measured at about 1.5 ms of CPU per object, more than hashing a 100 KB log file
 * costs, and a validation fetches every log file of the period.
 */
export class SignedObjectGetter {
  private readonly retry: StandardRetryStrategy;

  constructor(
    private readonly handler: NodeHttpHandler,
    maxAttempts: number,
  ) {
    this.retry = new StandardRetryStrategy(maxAttempts);
  }

  /** The object, or undefined when S3 says NoSuchKey; throws ObjectAccessError or NotS3ResponseError. */
  async get(endpoint: BucketEndpoint, bucket: string, key: string): Promise<StoredObject | undefined> {
    const path = `${endpoint.basePath.replace(/\/$/, '')}/${key.split('/').map(extendedEncodeURIComponent).join('/')}`;
    const host = endpoint.port ? `${endpoint.hostname}:${endpoint.port}` : endpoint.hostname;
    let token = await this.retry.acquireInitialRetryToken('s3:GetObject');
    for (;;) {
      let failure: AttemptFailure;
      try {
        const request = new HttpRequest({
          method: 'GET',
          protocol: endpoint.protocol,
          hostname: endpoint.hostname,
          ...(endpoint.port ? { port: endpoint.port } : {}),
          path,
          headers: { host },
        });
        const signingDate = new Date(Date.now() + endpoint.clockOffsetMs());
        const { response } = await this.handler.handle((await endpoint.signer.sign(request, { signingDate })) as HttpRequest);
        const body = response.body as IncomingMessage;
        const headers = response.headers;
        if (headers['x-amz-request-id'] === undefined) {
          body.resume();
          throw new NotS3ResponseError('GetObject', bucket, key, `HTTP ${response.statusCode}, ${headers['content-type'] ?? 'no content type'}`);
        }
        if (response.statusCode === 200) {
          this.retry.recordSuccess(token);
          const length = Number(headers['content-length']);
          return { body: body as Readable, metadata: userMetadata(headers), ...(Number.isSafeInteger(length) ? { size: length } : {}) };
        }
        const error = await readErrorBody(body);
        if (response.statusCode === 404 && error.code === 'NoSuchKey') {
          this.retry.recordSuccess(token);
          return undefined;
        }
        failure = { name: error.code ?? `HTTP${response.statusCode}`, message: error.message ?? '', $metadata: { httpStatusCode: response.statusCode } };
      } catch (err) {
        if (err instanceof NotS3ResponseError) throw err;
        failure = err as AttemptFailure;
      }
      const errorType = isThrottlingError(failure)
        ? 'THROTTLING'
        : isTransientError(failure)
          ? 'TRANSIENT'
          : isServerError(failure)
            ? 'SERVER_ERROR'
            : undefined;
      try {
        if (!errorType) throw failure;
        token = await this.retry.refreshRetryTokenForRetry(token, { errorType });
      } catch {
        const { code, detail } = summarizeAwsError(failure);
        throw new ObjectAccessError(code, bucket, key, detail);
      }
    }
  }
}

/** What the retry decision looks at, shaped like an SDK error. */
type AttemptFailure = Parameters<typeof isTransientError>[0];

/** `x-amz-meta-<name>` headers as `<name>`. */
function userMetadata(headers: Record<string, string | undefined>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) metadata[name.slice('x-amz-meta-'.length)] = value;
  }
  return metadata;
}

/** The Code and Message of an S3 error document. */
async function readErrorBody(body: Readable): Promise<{ code?: string; message?: string }> {
  let text = '';
  for await (const chunk of body) {
    if (text.length < MAX_ERROR_BODY_BYTES) text += (chunk as Buffer).toString('utf8');
  }
  const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1] || undefined;
  const code = field('Code');
  const message = field('Message');
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}
