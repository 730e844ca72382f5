import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { formatMeasurement, formatTarget, measureNode, medianOf } from './measure';

const dist = join(__dirname, '..');
const project = join(dist, '..');

/**
 * Synthesis as users run it: the cdktf app (cdktf.json's "app", what `cdktf synth/diff/deploy` run) with
 * nothing changed and after a change to one source file, synthesis itself with a cold cache, and 50
 * generated environments, beside the floor of loading cdktf alone, all measured the same way in one run.
 */
export async function run(): Promise<void> {
  const runs = 5;
  const floor = medianOf(runs, () => measureNode(join(dist, 'bench', 'tasks', 'require-cdktf.js')));
  process.stdout.write(`${formatMeasurement('floor: node -e "require(\'cdktf\')"', floor)}\n`);

  const app = appCommand();
  if (app !== 'node scripts/cdktf-app.js') throw new Error(`cdktf.json's app is ${app}: update the synthesis benchmark`);
  const copy = projectCopy();
  try {
    const env = { ...process.env, CDKTF_OUTDIR: join(copy, 'cdktf.out'), AUDITREADY_SYNTH_CACHE_DIR: join(copy, 'synth-cache') };
    const appScript = join(copy, 'scripts', 'cdktf-app.js');
    measureNode(appScript, [], env); // builds dist/ and fills the cache
    const unchanged = medianOf(runs, () => measureNode(appScript, [], env));
    process.stdout.write(`${formatMeasurement('cdktf app, nothing changed', unchanged)}\n`);
    process.stdout.write(`${formatTarget('app, nothing changed vs floor', unchanged.wallMs / floor.wallMs, 2, 'x')}\n`);

    // A comment changes the transpiled file, hence the code the cache is keyed by: transpile one file, synthesize.
    const source = join(copy, 'stacks', 'audit-logging-stack.ts');
    let edits = 0;
    const changed = medianOf(runs, () => {
      appendFileSync(source, `// benchmark edit ${++edits}\n`);
      return measureNode(appScript, [], env);
    });
    process.stdout.write(`${formatMeasurement(`cdktf app, one source file changed (${relative(copy, source)})`, changed)}\n`);
    process.stdout.write(`${formatTarget('app, one file changed vs floor', changed.wallMs / floor.wallMs, 3, 'x')}\n`);

    // A fresh cache directory each run: what the first synthesis of new inputs costs, transpiling aside.
    const cold = medianOf(runs, () => measureNode(join(copy, 'dist', 'main.js'), [], { ...env, AUDITREADY_SYNTH_CACHE_DIR: mkdtempSync(join(copy, 'cold-')) }));
    process.stdout.write(`${formatMeasurement('synthesize the 3 example environments, cold cache', cold)}\n`);
    process.stdout.write(`  (${(cold.wallMs / floor.wallMs).toFixed(2)}x the floor)\n`);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }

  const generated = medianOf(3, () => measureNode(join(dist, 'bench', 'tasks', 'synthesize-generated.js'), ['50']));
  process.stdout.write(`${formatMeasurement('synthesize 50 generated environments', generated)}\n`);
  process.stdout.write(`${formatTarget('50 environments', generated.wallMs / 1000, 5, 's')}\n`);
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
