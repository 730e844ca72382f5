import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Wall time and peak resident memory of one fresh Node process, and what it printed. */
export interface Measurement {
  readonly wallMs: number;
  readonly peakRssMb: number;
  /** The process's standard output (a worker may report in-process figures there). */
  readonly stdout: string;
}

const MARKER = '__bench_max_rss_kb=';
let preloadPath: string | undefined;

/** A file preloaded into the measured process that reports its own peak RSS when it exits. */
function preload(): string {
  if (!preloadPath) {
    preloadPath = join(mkdtempSync(join(tmpdir(), 'auditready-bench-')), 'report-rss.js');
    writeFileSync(preloadPath, `process.on('exit', () => process.stderr.write('\\n${MARKER}' + process.resourceUsage().maxRSS + '\\n'));\n`);
  }
  return preloadPath;
}

/** Runs `node <script> <args>` in a fresh process and measures it, wall time including start-up. */
export function measureNode(script: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): Measurement {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--require', preload(), script, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) {
    throw new Error(`benchmark process failed (${script} ${args.join(' ')}): exit ${child.status}\n${child.stderr}`);
  }
  const match = new RegExp(`${MARKER}(\\d+)`).exec(child.stderr);
  if (!match) throw new Error(`benchmark process did not report its memory (${script})`);
  return { wallMs, peakRssMb: Number(match[1]) / 1024, stdout: child.stdout };
}

/** The median of `runs` measurements by wall time: steady against one-off load on the machine. */
export function medianOf(runs: number, measure: () => Measurement): Measurement {
  const all = Array.from({ length: runs }, measure).sort((a, b) => a.wallMs - b.wallMs);
  return all[Math.floor(all.length / 2)];
}

export function formatMeasurement(label: string, m: Measurement): string {
  return `${label.padEnd(58)} ${m.wallMs.toFixed(0).padStart(7)} ms  ${m.peakRssMb.toFixed(0).padStart(5)} MB peak RSS`;
}

/** A target line: the figure, the target and whether it is met. */
export function formatTarget(label: string, actual: number, limit: number, unit: string): string {
  const verdict = actual <= limit ? 'met' : 'MISSED';
  return `  target ${label}: ${actual.toFixed(2)} ${unit} <= ${limit} ${unit}: ${verdict}`;
}

/** The median of some figures (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
