import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { CloudTrailClient, CloudTrailClientConfig } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** How validate-logs talks to AWS: one set of network settings for every S3 and CloudTrail call. */
export interface AwsConnectionSettings {
  /** The longest wait for any one answer from S3 or CloudTrail, retries included, in milliseconds. */
  readonly timeoutMs: number;
  /** Connections to S3 kept open at the same time (one per request in flight). */
  readonly maxSockets: number;
  /** An S3 endpoint other than AWS's (a local or S3-compatible server): path-style addressing. */
  readonly s3Endpoint?: URL;
}

/** Attempts per request, as the SDK's standard retry mode makes them; the timeout is shared among them. */
export const MAX_ATTEMPTS = 3;

/**
 * The SDK's HTTP handler with a deadline on every stage of each attempt: connecting, waiting for the
 * answer, and silence while a body streams. Without them an endpoint that accepts a connection and
 * never answers holds the run forever. Sockets are kept alive: a new connection per object costs more
 * than hashing a small log file.
 */
export function createRequestHandler(settings: AwsConnectionSettings): NodeHttpHandler {
  const perAttemptMs = Math.max(1, Math.floor(settings.timeoutMs / MAX_ATTEMPTS));
  return new NodeHttpHandler({
    connectionTimeout: perAttemptMs,
    requestTimeout: perAttemptMs,
    // Without this the SDK only logs a warning when requestTimeout passes, and goes on waiting.
    throwOnRequestTimeout: true,
    socketTimeout: perAttemptMs,
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: settings.maxSockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: settings.maxSockets }),
    // Its one log line, on console, tells developers that requests queue for a socket: here they are
    // meant to (digests read ahead), and stderr carries only auditready's own messages.
    logger: QUIET,
  });
}

const QUIET = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** An S3 client for the buckets of one region, sharing `handler` (and its sockets) with the others. */
export function createS3Client(settings: AwsConnectionSettings, region: string, handler: NodeHttpHandler): S3Client {
  silenceNodeVersionWarning();
  return new S3Client({
    region,
    requestHandler: handler,
    maxAttempts: MAX_ATTEMPTS,
    followRegionRedirects: true,
    // Validation hashes every byte with SHA-256 itself; the SDK's extra CRC pass would only cost time.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(settings.s3Endpoint ? { endpoint: settings.s3Endpoint.toString(), forcePathStyle: true } : {}),
  });
}

/**
 * A CloudTrail client in the trail's home region, with the S3 client's credentials (one lookup for
 * both). Its endpoint follows the SDK's standard AWS_ENDPOINT_URL_CLOUDTRAIL setting. Loaded when
 * first needed: an offline audit never loads it.
 */
export async function createCloudTrailClient(
  settings: AwsConnectionSettings,
  homeRegion: string,
  credentials: CloudTrailClientConfig['credentials'],
): Promise<CloudTrailClient> {
  silenceNodeVersionWarning();
  const { CloudTrailClient } = await import('@aws-sdk/client-cloudtrail');
  return new CloudTrailClient({
    region: homeRegion,
    credentials,
    requestHandler: createRequestHandler({ ...settings, maxSockets: 2 }),
    maxAttempts: MAX_ATTEMPTS,
  });
}

/**
 * The SDK warns on stderr, once per process, that its releases after January 2027 need Node 22: noise
 * for users on Node 20, which auditready supports. The SDK's own switch for that one warning, unless
 * the user has set it; other warnings still show.
 */
export function silenceNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
