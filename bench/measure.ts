import { spawnSync } from 'node:child_process';

/** Wall time and peak resident memory of one fresh Node process. */
export interface Measurement {
  readonly wallMs: number;
  readonly peakRssMb: number;
}

const MARKER = '__bench_max_rss_kb=';

/**
 * Runs `node <args>` in a fresh process and measures it. Peak memory is the child's own
 * `process.resourceUsage().maxRSS`, printed by a preloaded snippet when it exits.
 */
export function measureNode(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Measurement {
  const preload = `process.on('exit',()=>process.stderr.write('\\n${MARKER}'+process.resourceUsage().maxRSS+'\\n'))`;
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--eval', `${preload};require(${JSON.stringify(args[0])})`, ...args.slice(1)], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) {
    throw new Error(`benchmark process failed (${args.join(' ')}): exit ${child.status}\n${child.stderr}`);
  }
  const match = new RegExp(`${MARKER}(\\d+)`).exec(child.stderr);
  if (!match) throw new Error(`benchmark process did not report its memory (${args.join(' ')})`);
  return { wallMs, peakRssMb: Number(match[1]) / 1024 };
}

/** The best of `runs` measurements: the least disturbed by other load on the machine. */
export function bestOf(runs: number, measure: () => Measurement): Measurement {
  let best: Measurement | undefined;
  for (let i = 0; i < runs; i++) {
    const m = measure();
    if (!best || m.wallMs < best.wallMs) best = m;
  }
  return best as Measurement;
}

export function formatMeasurement(label: string, m: Measurement): string {
  return `${label.padEnd(58)} ${m.wallMs.toFixed(0).padStart(7)} ms  ${m.peakRssMb.toFixed(0).padStart(5)} MB peak RSS`;
}
