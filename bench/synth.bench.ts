import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatMeasurement, formatTarget, type Measurement, measureNode, medianOf } from './measure';

const dist = join(__dirname, '..');
const project = join(dist, '..');

/**
 * Synthesis as users run it: the cdktf app (cdktf.json's "app", what `cdktf synth/diff/deploy` run) with
 * nothing changed and after a change to one source file, synthesis itself with a cold cache, and 50
 * generated environments, beside the floor of loading cdktf alone, all measured the same way in one run.
 */
export async function run(): Promise<void> {
  const app = appCommand();
  if (app !== 'node scripts/cdktf-app.js') throw new Error(`cdktf.json's app is ${app}: update the synthesis benchmark`);
  const copy = projectCopy();
  const rounds = 7;
  const floor: Measurement[] = [];
  const unchanged: Measurement[] = [];
  const changed: Measurement[] = [];
  const cold: Measurement[] = [];
  try {
    const env = { ...process.env, CDKTF_OUTDIR: join(copy, 'cdktf.out'), AUDITREADY_SYNTH_CACHE_DIR: join(copy, 'synth-cache') };
    const appScript = join(copy, 'scripts', 'cdktf-app.js');
    // A comment changes the transpiled file, hence the code the cache is keyed by: transpile one file, synthesize.
    const source = join(copy, 'stacks', 'audit-logging-stack.ts');
    measureNode(appScript, [], env); // builds dist/ and fills the cache
    // Interleaved, so that a change of the machine's load touches the floor and the app alike.
    for (let round = 1; round <= rounds; round++) {
      floor.push(measureNode(join(dist, 'bench', 'tasks', 'require-cdktf.js')));
      unchanged.push(measureNode(appScript, [], env));
      appendFileSync(source, `// benchmark edit ${round}\n`);
      changed.push(measureNode(appScript, [], env));
      // A fresh cache directory: what the first synthesis of new inputs costs, transpiling aside.
      cold.push(measureNode(join(copy, 'dist', 'main.js'), [], { ...env, AUDITREADY_SYNTH_CACHE_DIR: mkdtempSync(join(copy, 'cold-')) }));
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  const ratio = (runs: readonly Measurement[]) => median(runs.map((m, i) => m.wallMs / (floor[i] as Measurement).wallMs));
  process.stdout.write(`${formatMeasurement('floor: node -e "require(\'cdktf\')"', medianMeasurement(floor))}\n`);
  process.stdout.write(`${formatMeasurement('cdktf app, nothing changed', medianMeasurement(unchanged))}\n`);
  process.stdout.write(`${formatTarget('app, nothing changed vs floor (median of per-round ratios)', ratio(unchanged), 2, 'x')}\n`);
  process.stdout.write(`${formatMeasurement('cdktf app, one source file changed', medianMeasurement(changed))}\n`);
  process.stdout.write(`${formatTarget('app, one file changed vs floor (median of per-round ratios)', ratio(changed), 3, 'x')}\n`);
  process.stdout.write(`${formatMeasurement('synthesize the examples (3 environments, 1 organization), cold cache', medianMeasurement(cold))}\n`);
  process.stdout.write(`  (${ratio(cold).toFixed(2)}x the floor)\n`);

  const generated = medianOf(3, () => measureNode(join(dist, 'bench', 'tasks', 'synthesize-generated.js'), ['50']));
  process.stdout.write(`${formatMeasurement('synthesize 50 generated environments', generated)}\n`);
  process.stdout.write(`${formatTarget('50 environments', generated.wallMs / 1000, 5, 's')}\n`);
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

function medianMeasurement(runs: readonly Measurement[]): Measurement {
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)] as Measurement;
}

function appCommand(): string {
  return (JSON.parse(readFileSync(join(project, 'cdktf.json'), 'utf8')) as { app: string }).app;
}

/** The project's sources and build scripts in a temporary directory sharing node_modules: edited there, not here. */
function projectCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'auditready-bench-app-'));
  const tsconfig = JSON.parse(readFileSync(join(project, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
  for (const entry of [...tsconfig.include, 'scripts', 'tsconfig.build.json', 'package.json', 'package-lock.json']) {
    cpSync(join(project, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(project, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}
