import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  const inProcess: number[] = [];
  for (const size of SIZES) {
    const dir = generate(examples, size);
    try {
      // The median run by wall time; its in-process figures come from the same run.
      const m = medianOf(3, () => measureNode(join(dist, 'bench', 'tasks', 'check-generated.js'), [dir]));
      const detail = JSON.parse(m.stdout) as { files: number; totalMs: number; loadMs: number };
      if (detail.files !== size) throw new Error(`expected ${size} files, checked ${detail.files}`);
      process.stdout.write(`${formatMeasurement(`check ${size} generated environments (one process)`, m)}\n`);
      process.stdout.write(`  of which reading + parsing ${detail.loadMs.toFixed(0)} ms, loading + checking ${detail.totalMs.toFixed(0)} ms in process\n`);
      perEnv.push(m.wallMs / size);
      inProcess.push(detail.totalMs / size);
      if (size === 1000) process.stdout.write(`${formatTarget('1,000 environments', m.wallMs / 1000, TARGET_1000_S, 's')}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // Linear growth: the in-process time per environment (start-up excluded) stays flat from 250 to 1,000.
  process.stdout.write(
    `  time per environment: ${perEnv.map((x) => `${x.toFixed(2)} ms`).join(', ')} (wall, ${SIZES.join(', ')}); in process ${inProcess.map((x) => `${x.toFixed(2)} ms`).join(', ')}\n`,
  );
  process.stdout.write(
    `${formatTarget(`linear growth (in-process ms per environment, ${SIZES.at(-1)} vs ${SIZES[0]})`, inProcess.at(-1)! / inProcess[0]!, 1.25, 'x')}\n`,
  );
}
