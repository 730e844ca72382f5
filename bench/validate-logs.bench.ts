import { resolve } from 'node:path';
import { publicKeyFingerprint } from '../log-validation/public-key-fingerprint';
import { startFakeCloudTrail } from '../testkit/fake-cloudtrail-server';
import { ensureS3Server, type S3ServerConnection, testS3Client } from '../testkit/s3-server';
import { type BenchTrail, ensureBenchTrail, publicKeyDerOf, type TrailShape } from './validate-logs-data';
import { AWS_CLI, awsCliConfig, type CommandRun, measureCommand, peerUnavailable } from './validate-logs-peer';

/**
 * `auditready validate-logs` against the AWS CLI (`aws cloudtrail validate-logs`), side by side: the
 * same signed trail on the same local S3 server, each tool started as a user starts it, CloudTrail
 * ListPublicKeys answered by the same stand-in. The two run alternately, RUNS times per shape, and the
 * median of the per-pair ratios is reported (the machine is shared, so load weighs on both alike).
 */
const SHAPES: readonly TrailShape[] = [
  { name: 'large-files', hours: 24, logFilesPerHour: 12, logFileBytes: 3_333_333 },
  { name: 'small-files', hours: 24, logFilesPerHour: 60, logFileBytes: 100_000 },
];
/** One large log file: memory must not grow with file size. */
const MEMORY_SHAPE: TrailShape = { name: 'one-200mb-file', hours: 1, logFilesPerHour: 1, logFileBytes: 200_000_000 };
const RUNS = 5;
const TARGET_RATIO = 2.5;
const AUDITREADY = resolve(__dirname, '../../bin/auditready.js');

export async function run(): Promise<void> {
  let connection: S3ServerConnection;
  try {
    connection = (await ensureS3Server()).connection;
  } catch (err) {
    line(`validate-logs: not measured, no S3 server (${err instanceof Error ? err.message : String(err)})`);
    return;
  }
  const s3 = testS3Client(connection);
  const trails: BenchTrail[] = [];
  try {
    for (const shape of [...SHAPES, MEMORY_SHAPE]) trails.push(await ensureBenchTrail(s3, shape, line));
  } finally {
    s3.destroy();
  }

  let current = trails[0] as BenchTrail;
  const cloudTrail = await startFakeCloudTrail((operation) => {
    const der = publicKeyDerOf(current).toString('base64');
    const trail = { Name: 'audit-trail', TrailARN: current.trailArn, S3BucketName: current.bucket, HomeRegion: 'us-east-1', IsMultiRegionTrail: false };
    if (operation === 'ListPublicKeys') {
      return [
        200,
        {
          PublicKeyList: [
            { Value: der, ValidityStartTime: 1767225600, ValidityEndTime: 1830297600, Fingerprint: publicKeyFingerprint(publicKeyDerOf(current)) },
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
    if (peer) line(`AWS CLI peer: NOT measured, ${peer}; auditready alone:`);
    for (const trail of trails.slice(0, SHAPES.length)) {
      current = trail;
      const ours: CommandRun[] = [];
      const theirs: CommandRun[] = [];
      for (let i = 0; i < RUNS; i++) {
        // Alternate which tool goes first, so neither always runs on a server warmed by the other.
        const order = i % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours'];
        for (const who of order) {
          if (who === 'ours') ours.push(expectValid('auditready', await auditready(trail), /^Log files: (\d+) valid, 0 INVALID/m, trail));
          else if (!peer) theirs.push(expectValid('AWS CLI', await awsCli(trail), /^(\d+)\/\d+ log files valid$/m, trail));
        }
      }
      report(trail, ours, theirs);
    }
    current = trails[SHAPES.length] as BenchTrail;
    const memory = expectValid('auditready', await auditready(current), /^Log files: (\d+) valid, 0 INVALID/m, current);
    line(
      `one ${mb(current.uncompressedBytes)} MB log file: auditready peak RSS ${memory.peakRssMb.toFixed(0)} MB, ` +
        `${mbps(current, memory.wallS)} MB/s (memory does not grow with file size)`,
    );
  } finally {
    await cloudTrail.close();
  }
}

function report(trail: BenchTrail, ours: readonly CommandRun[], theirs: readonly CommandRun[]): void {
  const objects = trail.logFiles + trail.digests;
  line(
    `${trail.shape.name}: ${trail.logFiles} log files in ${trail.digests} digests, ${mb(trail.uncompressedBytes)} MB uncompressed ` +
      `(${mb(trail.compressedBytes)} MB gzipped); median of ${ours.length} runs`,
  );
  const describe = (name: string, runs: readonly CommandRun[]) => {
    const wall = median(runs.map((r) => r.wallS));
    const cpu = median(runs.map((r) => r.cpuS));
    const rss = Math.max(...runs.map((r) => r.peakRssMb));
    line(
      `  ${name.padEnd(11)} ${mbps(trail, wall).padStart(6)} MB/s  ${wall.toFixed(2).padStart(6)} s  ` +
        `CPU ${((cpu / objects) * 1000).toFixed(2)} ms per object  peak RSS ${rss.toFixed(0)} MB`,
    );
  };
  describe('auditready', ours);
  if (theirs.length === 0) return;
  describe('AWS CLI', theirs);
  const ratios = ours.map((r, i) => (theirs[i] as CommandRun).wallS / r.wallS);
  const ratio = median(ratios);
  line(
    `  auditready / AWS CLI throughput: ${ratio.toFixed(2)}x (per run ${ratios.map((r) => r.toFixed(2)).join(', ')}); ` +
      `target >= ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}`,
  );
}

/** The run must have validated every log file: a fast run that skipped work measures nothing. */
function expectValid(tool: string, run: CommandRun, validLogs: RegExp, trail: BenchTrail): CommandRun {
  const valid = Number(validLogs.exec(run.stdout)?.[1] ?? Number.NaN);
  if (run.code !== 0 || valid !== trail.logFiles) {
    throw new Error(`${tool} did not validate ${trail.bucket} (exit ${run.code}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  }
  return run;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
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
