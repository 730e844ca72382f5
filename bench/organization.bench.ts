import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultOrganizations } from '../config/configured-organizations';
import { logArchiveNamesUsedByManagement } from '../stacks/organization-names';
import { formatMeasurement, formatTarget, type Measurement, measureNode } from './measure';

const dist = join(__dirname, '..');
const project = join(dist, '..');
const MEMBERS = 500;
/** Targets, as ratios against the floor measured in the same rounds. */
const SYNTH_TARGET = 3;
const CHECK_TARGET = 2;

/**
 * Organization scale: synthesizing the example organization with 500 member accounts (two stacks, one
 * SCP attachment per member) and checking those stacks with `auditready check <dir>` as a user runs it,
 * each in a fresh process, beside the example organization's own and the floor of loading cdktf, all
 * measured in alternation so a change of the machine's load touches each alike.
 */
export async function run(): Promise<void> {
  const rounds = 5;
  // As a user checks the stacks' files: the log archive's names in the management stack are declared external.
  const externals = defaultOrganizations()
    .flatMap(logArchiveNamesUsedByManagement)
    .flatMap((name) => ['--external', name]);
  const work = mkdtempSync(join(tmpdir(), 'auditready-bench-organization-'));
  const floor: Measurement[] = [];
  const example: Measurement[] = [];
  const large: Measurement[] = [];
  const check: Measurement[] = [];
  try {
    const task = join(dist, 'bench', 'tasks', 'synthesize-organization.js');
    const out = (round: number, name: string) => join(work, `${name}-${round}`);
    for (let round = 1; round <= rounds; round++) {
      floor.push(measureNode(join(dist, 'bench', 'tasks', 'require-cdktf.js')));
      example.push(measureNode(task, ['0', out(round, 'example')]));
      large.push(measureNode(task, [String(MEMBERS), out(round, 'large')]));
      check.push(measureNode(join(project, 'bin', 'auditready.js'), ['check', join(out(round, 'large'), 'stacks'), ...externals]));
    }
    const stacks = readdirSync(join(out(1, 'large'), 'stacks'));
    if (stacks.length !== 2) throw new Error(`expected two stacks for ${MEMBERS} members, got ${stacks.join(', ')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const ratio = (runs: readonly Measurement[]) => median(runs.map((m, i) => m.wallMs / (floor[i] as Measurement).wallMs));
  const memory = (runs: readonly Measurement[]) => median(runs.map((m, i) => m.peakRssMb / (floor[i] as Measurement).peakRssMb));
  const line = (text: string) => process.stdout.write(`${text}\n`);
  line(formatMeasurement('floor: node -e "require(\'cdktf\')"', medianMeasurement(floor)));
  line(formatMeasurement('synthesize the example organization (2 stacks)', medianMeasurement(example)));
  line(`  (${ratio(example).toFixed(2)}x the floor's time, ${memory(example).toFixed(2)}x its memory)`);
  line(formatMeasurement(`synthesize it with ${MEMBERS} member accounts (still 2 stacks)`, medianMeasurement(large)));
  line(formatTarget(`${MEMBERS} members, synthesis time vs floor (median of per-round ratios)`, ratio(large), SYNTH_TARGET, 'x'));
  line(`  peak memory ${memory(large).toFixed(2)}x the floor's`);
  line(formatMeasurement(`auditready check on its stacks`, medianMeasurement(check)));
  line(formatTarget(`${MEMBERS} members, check time vs floor (median of per-round ratios)`, ratio(check), CHECK_TARGET, 'x'));
  line(`  peak memory ${memory(check).toFixed(2)}x the floor's`);
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

function medianMeasurement(runs: readonly Measurement[]): Measurement {
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)] as Measurement;
}
