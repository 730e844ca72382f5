import { check } from '../../policies/engine';
import { expandInputs, loadFile } from '../../policies/load';
import type { Model } from '../../policies/model';

/**
 * Checks every file below a directory in this one process, as `auditready check <dir>` does (files loaded
 * one at a time), and prints the summary plus the time spent reading and checking.
 */
const dir = process.argv[2];
if (!dir) throw new Error('usage: check-generated.js <directory>');
const t0 = process.hrtime.bigint();
const files = expandInputs([dir]);
let loadNs = 0n;
function* models(): Generator<Model> {
  for (const f of files) {
    const s = process.hrtime.bigint();
    const m = loadFile(f);
    loadNs += process.hrtime.bigint() - s;
    yield m;
  }
}
const report = check(models(), { waivers: [] });
const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
if (!report.summary.ok) throw new Error(`generated environments should pass: ${JSON.stringify(report.summary)}`);
process.stdout.write(`${JSON.stringify({ files: files.length, totalMs, loadMs: Number(loadNs) / 1e6, summary: report.summary })}\n`);
