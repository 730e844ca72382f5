/**
 * `auditready diff --base-ref` on real commits: a throwaway clone of this repository (sharing its objects,
 * its node_modules linked in) gets a commit that lowers prod's retention and one that breaks the config;
 * the base is synthesized by that commit's own `npm run synth` in a temporary worktree, which is removed
 * afterwards whatever happened. The audit workflow's diff step runs there too, as GitHub's runner would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultOrganizations } from '../../config/configured-organizations';
import { logArchiveNamesUsedByManagement } from '../../stacks/organization-names';
import { runCli } from '../cli/run-cli';
import { stepScript } from './workflow-step';

const ROOT = join(__dirname, '..', '..');
let scratch: string;
let clone: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: clone, encoding: 'utf8' }).trim();
const leftovers = () => readdirSync(tmpdir()).filter((n) => n.startsWith('auditready-base-'));

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'auditready-base-ref-test-'));
  clone = join(scratch, 'repo');
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  execFileSync('git', ['clone', '--quiet', '--shared', '--no-checkout', ROOT, clone]);
  git('checkout', '--quiet', head);
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  // The change under review: prod keeps its logs 370 days instead of 400.
  const config = join(clone, 'config', 'environments.ts');
  const text = readFileSync(config, 'utf8');
  expect(text).toContain("objectLock: { mode: 'COMPLIANCE', retentionDays: 400 }");
  writeFileSync(config, text.replace("objectLock: { mode: 'COMPLIANCE', retentionDays: 400 }", "objectLock: { mode: 'COMPLIANCE', retentionDays: 370 }"));
  git('commit', '--quiet', '-am', 'prod: shorter retention');
  const synth = spawnSync('npm', ['run', '--silent', 'synth'], { cwd: clone, encoding: 'utf8' });
  expect(synth.status).toBe(0);
}, 300_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('the base commit is synthesized in a worktree of its own and compared with the head: the lowered retention fails the diff', async () => {
  const before = leftovers();
  const cwd = process.cwd();
  process.chdir(clone);
  try {
    // A directory declares nothing external by itself: the management stacks' log-archive names are given as check takes them.
    const externals = defaultOrganizations()
      .flatMap(logArchiveNamesUsedByManagement)
      .flatMap((name) => ['--external', name]);
    expect(externals.length).toBeGreaterThan(0);
    const r = await runCli(['diff', '--base-ref', 'HEAD~1', '--head', join(clone, 'cdktf.out'), ...externals, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const environments: { name: string; status: string; changes: { text: string }[] }[] = JSON.parse(r.stdout).environments;
    const prod = environments.find((e) => e.name === 'prod');
    expect(prod?.changes.map((c) => c.text)).toEqual([
      'audit bucket prod-audit-logs-333333333333-eu-central-1: Object Lock default retention lowered from 400 days to 370 days',
    ]);
    // The organization's stacks are there on both sides, and unchanged: the base's externals come from the base's own config.
    expect(environments.filter((e) => e.name.startsWith('example-org-')).map((e) => [e.name, e.status])).toEqual([
      ['example-org-log-archive', 'unchanged'],
      ['example-org-management', 'unchanged'],
    ]);
    expect(environments.filter((e) => e.name !== 'prod').every((e) => e.status === 'unchanged')).toBe(true);
  } finally {
    process.chdir(cwd);
  }
  expect(git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  expect(leftovers()).toEqual(before);
  expect(existsSync(join(clone, 'cdktf.out', 'stacks', 'prod', 'cdk.tf.json'))).toBe(true);
}, 300_000);

test("the audit workflow's diff step, run by bash as the runner would: the verdict in the job summary, and the step fails", () => {
  const workflow = readFileSync(join(ROOT, '.github', 'workflows', 'audit.yml'), 'utf8');
  const summary = join(scratch, 'summary.md');
  const step = spawnSync('bash', ['-e', '-c', stepScript(workflow, 'Diff the logging posture against the base branch')], {
    cwd: clone,
    encoding: 'utf8',
    env: { ...process.env, BASE_SHA: git('rev-parse', 'HEAD~1'), GITHUB_STEP_SUMMARY: summary },
  });
  expect(step.status).toBe(1);
  const text = readFileSync(summary, 'utf8');
  expect(text.split('\n')[0]).toBe('### ❌ auditready diff: WEAKENS the logging posture: 1 weakening, 0 strengthening, 0 neutral');
  expect(text).toContain('Object Lock default retention lowered from 400 days to 370 days');
}, 300_000);

test('a base that does not synthesize, or a ref that does not exist: exit code 2 naming it, and the worktree is gone', async () => {
  const config = join(clone, 'config', 'environments.ts');
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replace("objectLock: { mode: 'COMPLIANCE', retentionDays: 370 }", "objectLock: { mode: 'COMPLIANCE', retentionDays: 10 }"),
  );
  git('commit', '--quiet', '-am', 'prod: a retention the config refuses');
  const before = leftovers();
  const cwd = process.cwd();
  process.chdir(clone);
  try {
    const broken = await runCli(['diff', '--base-ref', 'HEAD', '--head', join(clone, 'cdktf.out')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^auditready: --base-ref HEAD: synthesizing [0-9a-f]{12} failed \(npm run synth exited 2\):\n/);
    expect(broken.stderr).toContain('objectLock.retentionDays');
    const missing = await runCli(['diff', '--base-ref', 'no-such-branch', '--head', join(clone, 'cdktf.out')]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('--base-ref no-such-branch: not a commit of the repository at');
  } finally {
    process.chdir(cwd);
  }
  expect(git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  expect(leftovers()).toEqual(before);
}, 300_000);
