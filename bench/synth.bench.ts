import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatMeasurement, formatTarget, measureNode, medianOf } from './measure';

const dist = join(__dirname, '..');

/**
 * Synthesis: the example environments through the real entry point (dist/main.js), and 50
 * generated environments, beside the floor of loading cdktf alone, all measured the same way.
 */
export async function run(): Promise<void> {
  const runs = 5;
  const floor = medianOf(runs, () => measureNode(join(dist, 'bench', 'tasks', 'require-cdktf.js')));
  process.stdout.write(`${formatMeasurement('floor: node -e "require(\'cdktf\')"', floor)}\n`);

  const out = mkdtempSync(join(tmpdir(), 'auditready-bench-main-'));
  const examples = medianOf(runs, () => measureNode(join(dist, 'main.js'), [], { ...process.env, CDKTF_OUTDIR: join(out, 'cdktf.out') }));
  rmSync(out, { recursive: true, force: true });
  process.stdout.write(`${formatMeasurement('synthesize the 3 example environments (main.js)', examples)}\n`);
  process.stdout.write(`${formatTarget('examples vs floor', examples.wallMs / floor.wallMs, 2, 'x')}\n`);

  const generated = medianOf(3, () => measureNode(join(dist, 'bench', 'tasks', 'synthesize-generated.js'), ['50']));
  process.stdout.write(`${formatMeasurement('synthesize 50 generated environments', generated)}\n`);
  process.stdout.write(`${formatTarget('50 environments', generated.wallMs / 1000, 5, 's')}\n`);
}
