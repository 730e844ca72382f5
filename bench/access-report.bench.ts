import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RecordSplitter } from '../access-report/record-splitter';
import { S3ObjectSource } from '../log-validation/s3-object-source';
import { testS3Client } from '../testkit/s3-server';
import { median } from './measure';
import { type BenchTrail, benchS3Connection, ensureBenchTrail, type TrailShape } from './validate-logs-data';
import { type CommandRun, measureCommand } from './validate-logs-peer';

/**
 * `auditready access-report` against `auditready validate-logs` alone, on the same signed trail of a
 * busy account's sessions on the local S3 server, each started as a user starts it (offline: the
 * bucket and the public key given, so neither calls CloudTrail):
 * 1. JSON parsing of CloudTrail log files: JSON.parse of a whole file, and record by record as the
 *    report reads streamed files;
 * 2. time: the report with validation at most 1.5 times validation alone (median of per-pair ratios,
 *    the two run alternately);
 * 3. memory: the report's peak RSS on 100 MB and on 1 GB of logs (the same sessions, more calls each):
 *    flat, at most 1.25 times.
 */
const LARGE: TrailShape = { name: 'access-1gb', hours: 24, logFilesPerHour: 12, logFileBytes: 3_500_000, content: 'sessions' };
const SMALL: TrailShape = { name: 'access-100mb', hours: 24, logFilesPerHour: 1, logFileBytes: 4_200_000, content: 'sessions' };
const RUNS = 3;
const TARGET_TIME_RATIO = 1.5;
const TARGET_MEMORY_RATIO = 1.25;
const PARSE_FILES = 24;
const AUDITREADY = resolve(__dirname, '../../bin/auditready.js');

export async function run(): Promise<void> {
  const connection = await benchS3Connection('access-report', line);
  if (!connection) return;
  const s3 = testS3Client(connection);
  let large: BenchTrail;
  let small: BenchTrail;
  let parseMbps: number;
  try {
    large = await ensureBenchTrail(s3, LARGE, line);
    small = await ensureBenchTrail(s3, SMALL, line);
    parseMbps = await parsing(new S3ObjectSource(s3), large);
  } finally {
    s3.destroy();
  }
  const dir = mkdtempSync(join(tmpdir(), 'auditready-bench-access-'));
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: connection.accessKeyId,
      AWS_SECRET_ACCESS_KEY: connection.secretAccessKey,
      AWS_REGION: connection.region,
    };
    const args = (trail: BenchTrail) => {
      const key = join(dir, `${trail.shape.name}.pem`);
      writeFileSync(key, trail.publicKeyPem);
      return [
        '--trail-arn',
        trail.trailArn,
        '--start-time',
        trail.startTime,
        '--end-time',
        trail.endTime,
        '--s3-bucket',
        trail.bucket,
        '--public-key',
        key,
        '--endpoint-url',
        connection.endpoint,
      ];
    };
    const validate = (trail: BenchTrail) => measureCommand(process.execPath, [AUDITREADY, 'validate-logs', ...args(trail)], env);
    const report = (trail: BenchTrail) =>
      measureCommand(process.execPath, [AUDITREADY, 'access-report', ...args(trail), '--format', 'json', '--output', join(dir, 'report.json')], env);

    line(`against validate-logs alone (${large.logFiles} log files, ${mb(large.uncompressedBytes)} MB uncompressed), alternately, ${RUNS} runs each:`);
    const ours: CommandRun[] = [];
    const floor: CommandRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      for (const who of i % 2 === 0 ? ['floor', 'ours'] : ['ours', 'floor']) {
        if (who === 'ours') ours.push(expectExit(await report(large), 'access-report'));
        else floor.push(expectExit(await validate(large), 'validate-logs'));
      }
    }
    const describe = (name: string, runs: readonly CommandRun[]) =>
      line(
        `  ${name.padEnd(28)} ${median(runs.map((r) => r.wallS)).toFixed(2)} s  ${(large.uncompressedBytes / 1e6 / median(runs.map((r) => r.wallS))).toFixed(0)} MB/s  ` +
          `CPU ${median(runs.map((r) => r.cpuS)).toFixed(2)} s  peak RSS ${Math.max(...runs.map((r) => r.peakRssMb)).toFixed(0)} MB`,
      );
    describe('validate-logs', floor);
    describe('access-report (validated)', ours);
    const ratios = ours.map((r, i) => r.wallS / (floor[i] as CommandRun).wallS);
    const ratio = median(ratios);
    line(
      `  access-report / validate-logs time: ${ratio.toFixed(2)}x (per pair ${ratios.map((r) => r.toFixed(2)).join(', ')}); ` +
        `target <= ${TARGET_TIME_RATIO}x: ${ratio <= TARGET_TIME_RATIO ? 'met' : 'MISSED'}`,
    );
    const cpuRatio = median(ours.map((r, i) => r.cpuS / (floor[i] as CommandRun).cpuS));
    line(`  access-report / validate-logs CPU time: ${cpuRatio.toFixed(2)}x`);
    // What any report that reads every record must add: JSON.parse of every file, measured above.
    const parseS = large.uncompressedBytes / 1e6 / parseMbps;
    const validateCpu = median(floor.map((r) => r.cpuS));
    line(
      `  floor: JSON.parse alone of the ${mb(large.uncompressedBytes)} MB takes ${parseS.toFixed(2)} s of CPU time, ` +
        `${(parseS / validateCpu).toFixed(2)}x validate-logs' CPU time; the report's CPU time above it: ${(median(ours.map((r) => r.cpuS)) - validateCpu - parseS).toFixed(2)} s`,
    );

    const smallRuns = [expectExit(await report(small), 'access-report'), expectExit(await report(small), 'access-report')];
    const smallRss = Math.max(...smallRuns.map((r) => r.peakRssMb));
    const largeRss = Math.max(...ours.map((r) => r.peakRssMb));
    const memoryRatio = largeRss / smallRss;
    line(
      `peak RSS of access-report: ${smallRss.toFixed(0)} MB on ${mb(small.uncompressedBytes)} MB of logs, ${largeRss.toFixed(0)} MB on ${mb(large.uncompressedBytes)} MB ` +
        `(${memoryRatio.toFixed(2)}x; target <= ${TARGET_MEMORY_RATIO}x: ${memoryRatio <= TARGET_MEMORY_RATIO ? 'met' : 'MISSED'})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** JSON.parse of whole log files against the record-by-record path, on one core, best of 3. */
async function parsing(source: S3ObjectSource, trail: BenchTrail): Promise<number> {
  const files: Buffer[] = [];
  for await (const key of source.listKeys(trail.bucket, 'AWSLogs/')) {
    if (!key.includes('/CloudTrail/') || files.length >= PARSE_FILES) continue;
    const object = await source.open(trail.bucket, key);
    if (!object) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(chunk as Buffer);
    files.push(gunzipSync(Buffer.concat(chunks)));
  }
  const bytes = files.reduce((n, f) => n + f.length, 0);
  // CPU time of this (single-threaded) process: less moved than wall time by other work on the machine.
  const best = (work: () => void) => {
    let fastest = Infinity;
    for (let i = 0; i < 3; i++) {
      const start = process.cpuUsage();
      work();
      const used = process.cpuUsage(start);
      fastest = Math.min(fastest, (used.user + used.system) / 1e6);
    }
    return bytes / 1e6 / fastest;
  };
  let records = 0;
  const whole = best(() => {
    records = 0;
    for (const f of files) records += (JSON.parse(f.toString('utf8')) as { Records: unknown[] }).Records.length;
  });
  const split = best(() => {
    for (const f of files) {
      const splitter = new RecordSplitter((json) => JSON.parse(json));
      for (let at = 0; at < f.length; at += 512 * 1024) splitter.write(f.subarray(at, at + 512 * 1024));
      splitter.finish();
    }
  });
  line(`JSON parsing of ${files.length} log files (${mb(bytes)} MB, ${records} records), MB per second of CPU time, best of 3:`);
  line(`  JSON.parse of each whole file          ${whole.toFixed(0)} MB/s`);
  line(`  record by record (streamed files)      ${split.toFixed(0)} MB/s`);
  return whole;
}

function expectExit(run: CommandRun, what: string): CommandRun {
  if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  return run;
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(0);
}

function line(text: string): void {
  process.stdout.write(`${text}\n`);
}
