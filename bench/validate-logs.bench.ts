import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand } from '@aws-sdk/client-s3';
import type { ObjectSource } from '../log-validation/object-source';
import { PublicKeyStore } from '../log-validation/public-key-store';
import { isReportValid } from '../log-validation/report';
import { S3ObjectSource } from '../log-validation/s3-object-source';
import { parseTrailArn, type TrailArn } from '../log-validation/trail-arn';
import { validateLogs } from '../log-validation/validate-logs';
import { buildCloudTrailFixture, type CloudTrailFixture, putAll } from '../testkit/cloudtrail-fixture';
import { ensureS3Server, testS3Client } from '../testkit/s3-server';
import { MemoryObjectSource } from './memory-object-source';

/**
 * Log validation throughput (MB/s of uncompressed log data) beside the single-core limit of the
 * same data: gunzip + SHA-256 of each file, synchronously, nothing else. Target: at least 70 % of
 * that limit with one worker, more with --concurrency. Measured from memory (the pipeline alone),
 * then through the S3 client from the local radosgw (which shares the machine's cores).
 */
const HOURS = 10;
const FILES_PER_HOUR = 10;
const FILE_BYTES = 4 * 1024 * 1024;
const RUNS = 3;
const CONCURRENCY = [1, 2, 4, 8];
const S3_CONCURRENCY = [1, 8];
const TARGET_SHARE_ONE_WORKER = 0.7;

export async function run(): Promise<void> {
  const generated = Date.now();
  const fixture = buildCloudTrailFixture({
    // Unique: the same signed data is also written to a fresh bucket of the local S3 server.
    bucket: `bench-validate-logs-${Date.now()}`,
    start: new Date('2026-01-31T20:00:17Z'),
    hours: HOURS,
    logFilesPerHour: FILES_PER_HOUR,
    logFileBytes: FILE_BYTES,
  });
  const logs = fixture.digests.flatMap((d) => d.logFiles);
  const uncompressed = logs.reduce((n, f) => n + f.uncompressedBytes, 0);
  const compressed = logs.reduce((n, f) => n + f.body.length, 0);
  const source = new MemoryObjectSource();
  for (const object of [...fixture.digests, ...logs]) source.put(fixture.bucket, object.key, object.body, object.metadata);
  line(
    `data: ${logs.length} log files in ${fixture.digests.length} digests, ${mb(uncompressed)} MB uncompressed, ` +
      `${mb(compressed)} MB gzipped (generated in ${((Date.now() - generated) / 1000).toFixed(1)} s)`,
  );

  const rawOnce = (): Timing => {
    const start = startTiming();
    for (const log of logs) createHash('sha256').update(gunzipSync(log.body)).digest('hex');
    return stopTiming(start);
  };

  const keyFile = join(mkdtempSync(join(tmpdir(), 'bench-validate-logs-')), 'cloudtrail.pem');
  writeFileSync(keyFile, fixture.publicKeyPem);
  const publicKeys = await PublicKeyStore.fromFiles([keyFile]);
  let rawBest = Infinity;
  /**
   * Best of RUNS validations, each paired with a raw measurement just before it: load from other
   * work on the machine then weighs on both sides of the ratio alike.
   */
  const measure = async (label: string, from: ObjectSource, concurrency: number): Promise<string> => {
    let raw: Timing = { wall: Infinity, cpu: Infinity };
    let validation: Timing = { wall: Infinity, cpu: Infinity };
    for (let i = 0; i < RUNS; i++) {
      raw = fastest(raw, rawOnce());
      validation = fastest(validation, await timeValidation(fixture, from, publicKeys, concurrency, uncompressed));
    }
    rawBest = Math.min(rawBest, raw.wall);
    const mbps = uncompressed / 1e6 / validation.wall;
    const share = raw.wall / validation.wall;
    const verdict =
      concurrency === 1 && label === 'memory'
        ? `  (target >= ${TARGET_SHARE_ONE_WORKER * 100} %: ${share >= TARGET_SHARE_ONE_WORKER ? 'met' : 'NOT met'})`
        : '';
    // CPU time is less disturbed by other load than wall time: it shows what the pipeline costs beyond the raw work.
    return (
      `validate-logs from ${label.padEnd(6)} --concurrency ${String(concurrency).padEnd(2)} ${mbps.toFixed(0).padStart(6)} MB/s  ` +
      `${(share * 100).toFixed(0).padStart(4)} % of the limit measured alongside (${(uncompressed / 1e6 / raw.wall).toFixed(0)} MB/s), ` +
      `CPU time ${((validation.cpu / raw.cpu) * 100).toFixed(0)} % of raw's${verdict}`
    );
  };
  const fromMemory: string[] = [];
  for (const concurrency of CONCURRENCY) fromMemory.push(await measure('memory', source, concurrency));
  line(`raw gunzip + SHA-256, one core (limit)      ${(uncompressed / 1e6 / rawBest).toFixed(0).padStart(6)} MB/s  (best of all runs)`);
  fromMemory.forEach(line);

  let server: Awaited<ReturnType<typeof ensureS3Server>>;
  try {
    server = await ensureS3Server();
  } catch (err) {
    line(`validate-logs from S3: not measured, no S3 server (${err instanceof Error ? err.message : String(err)})`);
    return;
  }
  const s3 = testS3Client(server.connection);
  const bucket = fixture.bucket;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await putAll(s3, bucket, [...fixture.digests, ...logs]);
    for (const concurrency of S3_CONCURRENCY) line(await measure('S3', new S3ObjectSource(s3), concurrency));
  } finally {
    const keys = [...fixture.digests, ...logs].map((o) => ({ Key: o.key }));
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } })).catch(() => undefined);
    await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    s3.destroy();
  }
}

/** One full validation of the generated trail; checks that everything was really validated. */
async function timeValidation(
  fixture: CloudTrailFixture,
  source: ObjectSource,
  publicKeys: PublicKeyStore,
  concurrency: number,
  uncompressed: number,
): Promise<Timing> {
  const start = startTiming();
  const report = await validateLogs(
    {
      trail: parseTrailArn(fixture.trailArn) as TrailArn,
      bucket: fixture.bucket,
      accountId: fixture.accountId,
      startTime: fixture.digests[0]!.startTime,
      endTime: lastDigest(fixture).endTime,
      endTimeGiven: true,
      concurrency,
    },
    { source, publicKeys },
  );
  const elapsed = stopTiming(start);
  if (!isReportValid(report) || report.summary.uncompressedBytesHashed !== uncompressed) {
    throw new Error(`benchmark data did not validate: ${JSON.stringify(report.summary)}`);
  }
  return elapsed;
}

function lastDigest(fixture: CloudTrailFixture) {
  return fixture.digests[fixture.digests.length - 1]!;
}

/** Seconds of wall time and of CPU time (all threads of this process, zlib's included). */
interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

function startTiming(): { readonly wall: bigint; readonly cpu: NodeJS.CpuUsage } {
  return { wall: process.hrtime.bigint(), cpu: process.cpuUsage() };
}

function stopTiming(start: ReturnType<typeof startTiming>): Timing {
  const cpu = process.cpuUsage(start.cpu);
  return { wall: Number(process.hrtime.bigint() - start.wall) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
}

function fastest(a: Timing, b: Timing): Timing {
  return { wall: Math.min(a.wall, b.wall), cpu: Math.min(a.cpu, b.cpu) };
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(0);
}

function line(text: string): void {
  process.stdout.write(`${text}\n`);
}
