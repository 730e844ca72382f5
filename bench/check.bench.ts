import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { check } from '../policies/engine';
import { modelFromDocument } from '../policies/load';
import { synthesizeStacks } from '../stacks/build-app';
import { formatMeasurement, formatTarget, measureNode, medianOf } from './measure';

const dist = join(__dirname, '..');
const SIZES = [250, 500, 1000];
const TARGET_1000_S = 3;
/** Checking must be a small fraction of synthesis. */
const TARGET_SHARE_OF_SYNTH = 0.1;

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Writes `count` environments' cdk.tf.json files derived from the synthesized examples, each with its own name. */
function generate(examples: ReturnType<typeof synthesizeStacks>, count: number): string {
  const root = mkdtempSync(join(tmpdir(), `auditready-bench-check-${count}-`));
  const texts = examples.map((s) => JSON.stringify(s.terraform));
  for (let i = 0; i < count; i++) {
    const example = examples[i % examples.length]!;
    const name = `env-${String(i).padStart(4, '0')}`;
    const text = (texts[i % texts.length] as string).split(`"auditready:environment":"${example.environment}"`).join(`"auditready:environment":"${name}"`);
    mkdirSync(join(root, 'stacks', name), { recursive: true });
    writeFileSync(join(root, 'stacks', name, 'cdk.tf.json'), text);
  }
  return root;
}

/**
 * `auditready check` speed: the example environments in process (synthesis vs checking), then 250, 500 and
 * 1,000 generated environments' JSON, each checked in one fresh process, with peak memory; time should grow
 * linearly and 1,000 environments take under 3 s.
 */
export async function run(): Promise<void> {
  let t0 = process.hrtime.bigint();
  const examples = synthesizeStacks();
  const synthMs = ms(t0);
  const models = examples.map((s) => modelFromDocument(s.terraform, s.environment));
  check(models); // warm-up
  const runs = 20;
  t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) check(models);
  const checkMs = ms(t0) / runs;
  process.stdout.write(`synthesize the ${examples.length} example environments in process${' '.repeat(16)} ${synthMs.toFixed(0).padStart(7)} ms\n`);
  process.stdout.write(`check the ${examples.length} example environments (warm, mean of ${runs})${' '.repeat(18)} ${checkMs.toFixed(1).padStart(7)} ms\n`);
  process.stdout.write(`${formatTarget('checking / synthesis', checkMs / synthMs, TARGET_SHARE_OF_SYNTH, 'x')}\n`);

  const perEnv: number[] = [];
  const walls: number[] = [];
  for (const size of SIZES) {
    const dir = generate(examples, size);
    try {
      const m = medianOf(3, () => measureNode(join(dist, 'bench', 'tasks', 'check-generated.js'), [dir]));
      const inner = spawnSync(process.execPath, [join(dist, 'bench', 'tasks', 'check-generated.js'), dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const detail = JSON.parse(inner.stdout) as { files: number; totalMs: number; loadMs: number };
      if (detail.files !== size) throw new Error(`expected ${size} files, checked ${detail.files}`);
      process.stdout.write(`${formatMeasurement(`check ${size} generated environments (one process)`, m)}\n`);
      process.stdout.write(`  of which reading + parsing ${detail.loadMs.toFixed(0)} ms, loading + checking ${detail.totalMs.toFixed(0)} ms in process\n`);
      perEnv.push(m.wallMs / size);
      walls.push(m.wallMs);
      if (size === 1000) process.stdout.write(`${formatTarget('1,000 environments', m.wallMs / 1000, TARGET_1000_S, 's')}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // Linear growth: the marginal cost per environment stays flat as the count doubles (start-up is paid once).
  const [t250, t500, t1000] = walls as [number, number, number];
  const marginalLow = (t500 - t250) / (SIZES[1]! - SIZES[0]!);
  const marginalHigh = (t1000 - t500) / (SIZES[2]! - SIZES[1]!);
  process.stdout.write(`  time per environment: ${perEnv.map((x) => `${x.toFixed(2)} ms`).join(', ')} (${SIZES.join(', ')}); marginal ${marginalLow.toFixed(2)} ms (250->500), ${marginalHigh.toFixed(2)} ms (500->1000)\n`);
  process.stdout.write(`${formatTarget('linear growth (marginal ms per environment, 500->1000 vs 250->500)', marginalHigh / marginalLow, 1.5, 'x')}\n`);
}
