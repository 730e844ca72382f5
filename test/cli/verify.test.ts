/** `auditready verify` usage and setup errors in process, through cli/main.ts's `run`: exit 2, one line, nothing on stdout. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

const stacks = mkdtempSync(join(tmpdir(), 'auditready-verify-cli-'));

test.each([
  [['--env', 'qa'], /^auditready: --env qa: no such environment; configured: dev, staging, prod\n$/],
  [
    ['--env', 'dev', '--prove-worm'],
    /^auditready: --prove-worm: dev name\(s\) no principals.verifiers, so the audit bucket admits no canary: add the role that runs verify to principals.verifiers/,
  ],
  [['--print-iam-policy'], /^auditready: --print-iam-policy needs exactly one --env \(the policy names its resources\); configured: dev, staging, prod\n$/],
  [['--endpoint-url', 'ftp://x'], /--endpoint-url expects an http:\/\/ or https:\/\/ URL/],
  [['--format', 'html'], /argument 'html' is invalid. Allowed choices are text, json, markdown, sarif, junit/],
  [
    ['--env', 'prod', '--stacks-dir', stacks],
    /^auditready: prod: no synthesized stack in .*prod: run `npm run synth` \(or `cdktf synth`\), then `terraform -chdir=.*prod init`\n$/,
  ],
])('verify %j exits 2', async (args, message) => {
  const r = await runCli(['verify', ...args]);
  expect(r).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(message) });
});

test('a stack that was synthesized but not initialised: exit 2, naming terraform init', async () => {
  mkdirSync(join(stacks, 'staging'), { recursive: true });
  writeFileSync(join(stacks, 'staging', 'cdk.tf.json'), '{}');
  const r = await runCli(['verify', '--env', 'staging', '--stacks-dir', stacks]);
  expect(r).toEqual({
    code: 2,
    stdout: '',
    stderr: expect.stringMatching(/^auditready: staging: .*staging is not initialised: run `terraform -chdir=.*staging init`/),
  });
});

test('bad environment config: exit 2 naming the file and the field', async () => {
  const file = join(stacks, 'environments.json');
  writeFileSync(file, JSON.stringify([{ name: 'x' }]));
  const saved = process.env.AUDITREADY_ENVIRONMENTS_FILE;
  process.env.AUDITREADY_ENVIRONMENTS_FILE = file;
  try {
    const r = await runCli(['verify']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/environment "x": accountId = \(missing\)/);
  } finally {
    if (saved === undefined) delete process.env.AUDITREADY_ENVIRONMENTS_FILE;
    else process.env.AUDITREADY_ENVIRONMENTS_FILE = saved;
  }
});

test('--print-iam-policy prints a policy document for one environment, and the canary grant only with --prove-worm', async () => {
  const plain = await runCli(['verify', '--print-iam-policy', '--env', 'staging']);
  const worm = await runCli(['verify', '--print-iam-policy', '--env', 'staging', '--prove-worm']);
  expect(plain.code).toBe(0);
  const sids = (r: typeof plain) => (JSON.parse(r.stdout) as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid);
  expect(sids(worm)).toEqual([...sids(plain), 'ProveWormCanary']);
});
