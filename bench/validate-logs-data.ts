import { createPublicKey } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { pkcs1Der } from '../log-validation/public-key-fingerprint';
import { buildCloudTrailFixture, putAll } from '../testkit/cloudtrail-fixture';
import { ensureS3Server, type S3ServerConnection } from '../testkit/s3-server';
import { benchRecords } from './access-report-records';

/** The shape of a generated trail: hourly digests, each listing log files of about one size. */
export interface TrailShape {
  readonly name: string;
  readonly hours: number;
  readonly logFilesPerHour: number;
  readonly logFileBytes: number;
  /**
   * What the log files hold: generated CloudTrail-like records, or the sessions of a busy account
   * (bench/access-report-records.ts), which the access report has something to find in.
   * @default 'random'
   */
  readonly content?: 'random' | 'sessions';
}

/** A generated trail as stored on the S3 server, with what a run needs to validate it. */
export interface BenchTrail {
  readonly shape: TrailShape;
  readonly bucket: string;
  readonly trailArn: string;
  /** The first digest's start and the last digest's end: the window to validate. */
  readonly startTime: string;
  readonly endTime: string;
  readonly digests: number;
  readonly logFiles: number;
  readonly uncompressedBytes: number;
  readonly compressedBytes: number;
  readonly publicKeyPem: string;
}

/** Bump when the generator changes: the data kept on the server is then made again. */
const DATA_VERSION = 1;
const MARKER_KEY = 'auditready-bench-trail.json';

/**
 * The trail of `shape` on the S3 server: generated and uploaded the first time (large shapes take a
 * minute), then found again by its marker object, written last, on later runs against the same server.
 */
export async function ensureBenchTrail(s3: S3Client, shape: TrailShape, log: (text: string) => void): Promise<BenchTrail> {
  const bucket = `auditready-bench-${shape.name}-v${DATA_VERSION}`;
  const existing = await readMarker(s3, bucket);
  if (existing && JSON.stringify(existing.shape) === JSON.stringify(shape)) return existing;

  const started = Date.now();
  const start = new Date('2026-02-02T00:00:17Z');
  const day = new Date('2026-02-02T00:00:00Z');
  const fixture = buildCloudTrailFixture({
    bucket,
    start,
    hours: shape.hours,
    logFilesPerHour: shape.logFilesPerHour,
    logFileBytes: shape.logFileBytes,
    ...(shape.content === 'sessions'
      ? { logFileRecords: (hour: number) => Array.from({ length: shape.logFilesPerHour }, (_, file) => benchRecords(day, hour, file, shape.logFileBytes)) }
      : {}),
  });
  const logs = fixture.digests.flatMap((d) => d.logFiles);
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((err: { name?: string }) => {
    if (err.name !== 'BucketAlreadyOwnedByYou' && err.name !== 'BucketAlreadyExists') throw err;
  });
  await putAll(s3, bucket, [...fixture.digests, ...logs]);
  const trail: BenchTrail = {
    shape,
    bucket,
    trailArn: fixture.trailArn,
    startTime: fixture.digests[0]!.startTime.toISOString(),
    endTime: fixture.digests[fixture.digests.length - 1]!.endTime.toISOString(),
    digests: fixture.digests.length,
    logFiles: logs.length,
    uncompressedBytes: logs.reduce((n, f) => n + f.uncompressedBytes, 0),
    compressedBytes: logs.reduce((n, f) => n + f.body.length, 0),
    publicKeyPem: fixture.publicKeyPem,
  };
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: MARKER_KEY, Body: JSON.stringify(trail) }));
  log(`  generated and uploaded ${shape.name} (${trail.logFiles} log files) in ${((Date.now() - started) / 1000).toFixed(0)} s; kept for later runs`);
  return trail;
}

/** The public key of a stored trail, DER PKCS#1, as ListPublicKeys serves it. */
export function publicKeyDerOf(trail: BenchTrail): Buffer {
  return pkcs1Der(createPublicKey(trail.publicKeyPem));
}

async function readMarker(s3: S3Client, bucket: string): Promise<BenchTrail | undefined> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: MARKER_KEY }));
    return JSON.parse(await (response.Body as { transformToString(): Promise<string> }).transformToString()) as BenchTrail;
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'NoSuchBucket' || name === 'NoSuchKey') return undefined;
    throw err;
  }
}

/**
 * The S3 server a benchmark generates its trails onto, or undefined (said on `log`) when none can run.
 * The benchmark's own process uses the AWS SDK too: its Node-version notice has no place in the figures.
 */
export async function benchS3Connection(what: string, log: (text: string) => void): Promise<S3ServerConnection | undefined> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    return (await ensureS3Server()).connection;
  } catch (err) {
    log(`${what}: not measured, no S3 server (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
}
