import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectSource } from '../log-validation/object-source';
import { publicKeyFingerprint } from '../log-validation/public-key-fingerprint';
import { PublicKeyStore } from '../log-validation/public-key-store';
import { isReportValid } from '../log-validation/report';
import { S3ObjectSource } from '../log-validation/s3-object-source';
import { parseTrailArn, type TrailArn } from '../log-validation/trail-arn';
import { validateLogs } from '../log-validation/validate-logs';
import { startFakeCloudTrail } from '../testkit/fake-cloudtrail-server';
import { type S3ServerConnection, testS3Client } from '../testkit/s3-server';
import { median } from './measure';
import { MemoryObjectSource } from './memory-object-source';
import { type BenchTrail, benchS3Connection, ensureBenchTrail, publicKeyDerOf, type TrailShape } from './validate-logs-data';
import { AWS_CLI, awsCliConfig, type CommandRun, measureCommand, peerUnavailable } from './validate-logs-peer';

/**
 * `auditready validate-logs` speed and memory, on signed trails generated onto the local S3 server:
 * 1. the pipeline alone, from memory, beside the single-core gunzip + SHA-256 limit of the same data;
 * 2. against the AWS CLI (`aws cloudtrail validate-logs`), side by side on two shapes of trail: the
 *    same data on the same server, each tool started as a user starts it, CloudTrail ListPublicKeys
 *    answered by the same stand-in. The two run alternately, RUNS times per shape, and the median of
 *    the per-pair ratios is reported: load from other work on the machine weighs on both alike;
 * 3. peak memory validating one 200 MB log file.
 */
const SHAPES: readonly TrailShape[] = [
  { name: 'large-files', hours: 24, logFilesPerHour: 12, logFileBytes: 3_333_333 },
  { name: 'small-files', hours: 24, logFilesPerHour: 60, logFileBytes: 100_000 },
];
/** One large log file: memory must not grow with file size. */
const MEMORY_SHAPE: TrailShape = { name: 'one-200mb-file', hours: 1, logFilesPerHour: 1, logFileBytes: 200_000_000 };
const RUNS = 5;
const PIPELINE_RUNS = 3;
const TARGET_RATIO = 2.5;
const TARGET_SHARE_ONE_WORKER = 0.7;
const TARGET_PEAK_RSS_MB = 128;
const AUDITREADY = resolve(__dirname, '../../bin/auditready.js');

export async function run(): Promise<void> {
  const connection = await benchS3Connection('validate-logs', line);
  if (!connection) return;
  const s3 = testS3Client(connection);
  const trails: BenchTrail[] = [];
  try {
    for (const shape of [...SHAPES, MEMORY_SHAPE]) trails.push(await ensureBenchTrail(s3, shape, line));
    await pipelineFromMemory(s3, trails[0] as BenchTrail);
  } finally {
    s3.destroy();
  }
  await againstTheAwsCli(connection, trails.slice(0, SHAPES.length), trails[SHAPES.length] as BenchTrail);
}

/** The validation pipeline without storage costs, beside the single-core limit of the same work. */
async function pipelineFromMemory(s3: S3Client, trail: BenchTrail): Promise<void> {
  const source = new MemoryObjectSource();
  const logs: Buffer[] = [];
  const s3Source = new S3ObjectSource(s3);
  for await (const key of s3Source.listKeys(trail.bucket, 'AWSLogs/')) {
    const object = await s3Source.open(trail.bucket, key);
    if (!object) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    source.put(trail.bucket, key, body, { ...object.metadata });
    if (key.includes('/CloudTrail/')) logs.push(body);
  }
  const publicKeys = await PublicKeyStore.fromFiles([keyFile(trail)]);
  const raw = (): Timing => {
    const start = startTiming();
    for (const log of logs) createHash('sha256').update(gunzipSync(log)).digest('hex');
    return stopTiming(start);
  };
  line(`pipeline from memory (${trail.shape.name}: ${trail.logFiles} log files, ${mb(trail.uncompressedBytes)} MB), best of ${PIPELINE_RUNS}:`);
  for (const concurrency of [1, 8]) {
    let limit: Timing = { wall: Infinity, cpu: Infinity };
    let validation: Timing = { wall: Infinity, cpu: Infinity };
    // Each validation paired with a raw run just before it: other load weighs on both sides alike.
    for (let i = 0; i < PIPELINE_RUNS; i++) {
      limit = fastest(limit, raw());
      validation = fastest(validation, await timeValidation(trail, source, publicKeys, concurrency));
    }
    const share = limit.wall / validation.wall;
    const verdict = concurrency === 1 ? `  (target >= ${TARGET_SHARE_ONE_WORKER * 100} %: ${share >= TARGET_SHARE_ONE_WORKER ? 'met' : 'MISSED'})` : '';
    line(
      `  --concurrency ${String(concurrency).padEnd(2)} ${mbps(trail, validation.wall).padStart(5)} MB/s, ${(share * 100).toFixed(0)} % of one core's ` +
        `gunzip + SHA-256 measured alongside (${mbps(trail, limit.wall)} MB/s); CPU time ${((validation.cpu / limit.cpu) * 100).toFixed(0)} % of it${verdict}`,
    );
  }
}

async function timeValidation(trail: BenchTrail, source: ObjectSource, publicKeys: PublicKeyStore, concurrency: number): Promise<Timing> {
  const start = startTiming();
  const report = await validateLogs(
    {
      trail: parseTrailArn(trail.trailArn) as TrailArn,
      bucket: trail.bucket,
      accountId: (parseTrailArn(trail.trailArn) as TrailArn).accountId,
      startTime: new Date(trail.startTime),
      endTime: new Date(trail.endTime),
      concurrency,
      regions: { regions: ['us-east-1'], source: 'the benchmark' },
    },
    { source, publicKeys },
  );
  const elapsed = stopTiming(start);
  if (!isReportValid(report) || report.summary.uncompressedBytesHashed !== trail.uncompressedBytes) {
    throw new Error(`benchmark data did not validate: ${JSON.stringify(report.summary)}`);
  }
  return elapsed;
}

/** Both tools as users run them, alternately, on each shape; then auditready on one 200 MB file. */
async function againstTheAwsCli(connection: S3ServerConnection, trails: readonly BenchTrail[], memoryTrail: BenchTrail): Promise<void> {
  let current = trails[0] as BenchTrail;
  const cloudTrail = await startFakeCloudTrail((operation) => {
    const der = publicKeyDerOf(current);
    const trail = { Name: 'audit-trail', TrailARN: current.trailArn, S3BucketName: current.bucket, HomeRegion: 'us-east-1', IsMultiRegionTrail: false };
    if (operation === 'ListPublicKeys') {
      return [
        200,
        {
          PublicKeyList: [
            { Value: der.toString('base64'), ValidityStartTime: 1767225600, ValidityEndTime: 1830297600, Fingerprint: publicKeyFingerprint(der) },
          ],
        },
      ];
    }
    if (operation === 'DescribeTrails') return [200, { trailList: [trail] }];
    if (operation === 'GetTrail') return [200, { Trail: trail }];
    return [400, { __type: 'UnknownOperationException', message: operation }];
  });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: connection.accessKeyId,
    AWS_SECRET_ACCESS_KEY: connection.secretAccessKey,
    AWS_REGION: connection.region,
    AWS_DEFAULT_REGION: connection.region,
    AWS_ENDPOINT_URL_CLOUDTRAIL: cloudTrail.endpoint,
    AUDITREADY_BENCH_S3_ENDPOINT: connection.endpoint,
  };
  const window = (trail: BenchTrail) => [
    '--trail-arn',
    trail.trailArn,
    '--start-time',
    trail.startTime,
    '--end-time',
    trail.endTime,
    '--s3-bucket',
    trail.bucket,
  ];
  const auditready = (trail: BenchTrail) =>
    measureCommand(process.execPath, [AUDITREADY, 'validate-logs', ...window(trail), '--endpoint-url', connection.endpoint], env);
  const peer = peerUnavailable();
  const cliEnv = peer ? env : { ...env, AWS_CONFIG_FILE: awsCliConfig() };
  const awsCli = (trail: BenchTrail) =>
    measureCommand(AWS_CLI, ['cloudtrail', 'validate-logs', ...window(trail), '--endpoint-url', cloudTrail.endpoint], cliEnv);

  try {
    if (peer) line(`against the AWS CLI: NOT MEASURED, ${peer}. auditready alone:`);
    else line(`against the AWS CLI (${AWS_CLI}), alternately, ${RUNS} runs each:`);
    for (const trail of trails) {
      current = trail;
      const ours: CommandRun[] = [];
      const theirs: CommandRun[] = [];
      for (let i = 0; i < RUNS; i++) {
        // Alternate which tool goes first, so neither always runs on a server warmed by the other.
        for (const who of i % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours']) {
          if (who === 'ours') ours.push(expectValid('auditready', await auditready(trail), /^Log files: (\d+) valid, 0 INVALID/m, trail));
          else if (!peer) theirs.push(expectValid('AWS CLI', await awsCli(trail), /^(\d+)\/\d+ log files valid$/m, trail));
        }
      }
      report(trail, ours, theirs);
    }
    current = memoryTrail;
    const memory = expectValid('auditready', await auditready(memoryTrail), /^Log files: (\d+) valid, 0 INVALID/m, memoryTrail);
    line(
      `one ${mb(memoryTrail.uncompressedBytes)} MB log file (${mb(memoryTrail.compressedBytes)} MB gzipped): auditready peak RSS ${memory.peakRssMb.toFixed(0)} MB, ` +
        `${mbps(memoryTrail, memory.wallS)} MB/s  (target <= ${TARGET_PEAK_RSS_MB} MB: ${memory.peakRssMb <= TARGET_PEAK_RSS_MB ? 'met' : 'MISSED'})`,
    );
  } finally {
    await cloudTrail.close();
  }
}

function report(trail: BenchTrail, ours: readonly CommandRun[], theirs: readonly CommandRun[]): void {
  const objects = trail.logFiles + trail.digests;
  line(
    `  ${trail.shape.name}: ${trail.logFiles} log files in ${trail.digests} digests, ${mb(trail.uncompressedBytes)} MB uncompressed ` +
      `(${mb(trail.compressedBytes)} MB gzipped); medians`,
  );
  const describe = (name: string, runs: readonly CommandRun[]) => {
    const wall = median(runs.map((r) => r.wallS));
    const cpu = median(runs.map((r) => r.cpuS));
    const rss = Math.max(...runs.map((r) => r.peakRssMb));
    line(
      `    ${name.padEnd(11)} ${mbps(trail, wall).padStart(5)} MB/s  ${wall.toFixed(2).padStart(5)} s  ` +
        `CPU ${((cpu / objects) * 1000).toFixed(2)} ms per object  peak RSS ${rss.toFixed(0)} MB`,
    );
  };
  describe('auditready', ours);
  if (theirs.length === 0) return;
  describe('AWS CLI', theirs);
  const ratios = ours.map((r, i) => (theirs[i] as CommandRun).wallS / r.wallS);
  const ratio = median(ratios);
  line(
    `    auditready / AWS CLI throughput: ${ratio.toFixed(2)}x (per pair ${ratios.map((r) => r.toFixed(2)).join(', ')}); ` +
      `target >= ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}`,
  );
  // Less moved by other load than wall time: what each tool spends, whatever the cores.
  const cpuRatio = median(ours.map((r, i) => (theirs[i] as CommandRun).cpuS / r.cpuS));
  line(`    AWS CLI CPU time / auditready CPU time: ${cpuRatio.toFixed(2)}x`);
}

/** The run must have validated every log file: a fast run that skipped work measures nothing. */
function expectValid(tool: string, run: CommandRun, validLogs: RegExp, trail: BenchTrail): CommandRun {
  const valid = Number(validLogs.exec(run.stdout)?.[1] ?? Number.NaN);
  if (run.code !== 0 || valid !== trail.logFiles) {
    throw new Error(`${tool} did not validate ${trail.bucket} (exit ${run.code}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  }
  return run;
}

function keyFile(trail: BenchTrail): string {
  const path = join(mkdtempSync(join(tmpdir(), 'auditready-bench-key-')), 'cloudtrail.pem');
  writeFileSync(path, trail.publicKeyPem);
  return path;
}

/** Seconds of wall time and of CPU time (all threads of this process). */
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

function mbps(trail: BenchTrail, seconds: number): string {
  return (trail.uncompressedBytes / 1e6 / seconds).toFixed(0);
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(0);
}

function line(text: string): void {
  process.stdout.write(`${text}\n`);
}
