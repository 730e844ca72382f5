/** `auditready check` in process, through cli/main.ts's `run`: the exit codes and output a user sees. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEnvironments } from '../../config/configured-environments';
import { defaultOrganizations } from '../../config/configured-organizations';
import { synthesizeStacks } from '../../stacks/build-app';
import { clone, compliantEnvironment } from '../policies/fixtures/environment';
import { MUTATIONS } from '../policies/mutations';
import { type CliRun, runCli } from './run-cli';

const cli = (args: string[], tty = false): Promise<CliRun> => runCli(args, { tty });

let dir: string;
/** Each environment's file in a folder of its own: the `*.tf.json` files of one folder are one Terraform module. */
const envFile = (name: string): string => join(dir, name, `${name}.tf.json`);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'auditready-check-'));
  for (const name of ['good', 'bad', 'central', 'untiered']) mkdirSync(join(dir, name));
  writeFileSync(envFile('good'), JSON.stringify(compliantEnvironment('prod', 'good')));
  const bad = clone(compliantEnvironment('prod', 'bad'));
  MUTATIONS['trail-log-file-validation']!.apply(bad);
  writeFileSync(envFile('bad'), JSON.stringify(bad));
  writeFileSync(join(dir, 'broken.json'), '{"resource": ');
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ name: 'not terraform' }));
  // The trail delivers to a bucket that lives in another stack: unknown unless declared with --external.
  const central = clone(compliantEnvironment('prod', 'central'));
  central.resource.aws_cloudtrail.trail.s3_bucket_name = 'org-central-audit-logs';
  writeFileSync(envFile('central'), JSON.stringify(central));
  const untiered = clone(compliantEnvironment());
  delete untiered.provider.aws[0].default_tags;
  writeFileSync(envFile('untiered'), JSON.stringify(untiered));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('auditready check', () => {
  it('exits 0 and prints a summary when nothing fails', async () => {
    const r = await cli(['check', envFile('good')]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('PASSED: 1 environment(s), 71 rule(s), 93 result(s): 88 pass, 0 fail, 0 unknown, 0 warn, 0 waived, 5 not applicable\n');
  });

  it('exits 1 when a rule fails, naming rule, address and construct path', async () => {
    const r = await cli(['check', envFile('bad')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL    trail-log-file-validation  aws_cloudtrail.trail [fixture/trail/trail]');
  });

  it('takes --tier over the file, and refuses a file without a tier', async () => {
    expect((await cli(['check', envFile('untiered'), '--tier', 'staging'])).code).toBe(0);
    const r = await cli(['check', envFile('untiered')]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      `auditready: ${envFile('untiered')}: the file declares no tier (provider default tag auditready:tier); pass --tier dev|staging|prod\n`,
    );
  });

  it('exits 2 with one line naming the file for invalid JSON, unsupported files and missing paths', async () => {
    expect(await cli(['check', join(dir, 'broken.json')])).toMatchObject({ code: 2, stdout: '' });
    expect((await cli(['check', join(dir, 'broken.json')])).stderr).toMatch(new RegExp(`^auditready: ${join(dir, 'broken.json')}: invalid JSON \\(.+\\)\\n$`));
    expect((await cli(['check', join(dir, 'other.json')])).stderr).toBe(
      `auditready: ${join(dir, 'other.json')}: not a cdktf stack, Terraform JSON configuration or terraform show -json plan\n`,
    );
    expect((await cli(['check', join(dir, 'missing.tf.json')])).stderr).toBe(`auditready: ${join(dir, 'missing.tf.json')}: cannot read path (ENOENT)\n`);
  });

  it('exits 2 for an unknown format or tier, naming the allowed values', async () => {
    const f = await cli(['check', '--format', 'xml', envFile('good')]);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain("option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, markdown, sarif, junit.");
    const t = await cli(['check', '--tier', 'qa', envFile('good')]);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('Allowed choices are dev, staging, prod.');
  });

  it('checks every supported file below a directory (cdktf.out layout) and skips other JSON', async () => {
    const out = join(dir, 'cdktf.out');
    for (const s of synthesizeStacks()) {
      mkdirSync(join(out, 'stacks', s.environment), { recursive: true });
      writeFileSync(join(out, 'stacks', s.environment, 'cdk.tf.json'), JSON.stringify(s.terraform));
    }
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: {} }));
    const r = await cli(['check', out, '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect([...new Set(json.results.map((x: { environment: string }) => x.environment))].sort()).toEqual(['dev', 'prod', 'staging']);
    expect(json.summary).toMatchObject({ environments: 3, fail: 0, ok: true });
  });

  it('without PATH synthesizes every environment and checks them all', async () => {
    const r = await cli(['check', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toMatchObject({
      environments: synthesizeStacks(defaultEnvironments(), defaultOrganizations()).length,
      rules: 71,
      fail: 0,
      unknown: 0,
      ok: true,
    });
  });

  it('writes --output atomically, and writes nothing on an input error', async () => {
    const target = join(dir, 'out', 'report.sarif');
    mkdirSync(join(dir, 'out'));
    const ok = await cli(['check', envFile('bad'), '--format', 'sarif', '--output', target]);
    expect(ok).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(readFileSync(target, 'utf8')).version).toBe('2.1.0');
    expect(readdirSync(join(dir, 'out'))).toEqual(['report.sarif']);
    const failed = await cli(['check', join(dir, 'broken.json'), '--output', join(dir, 'out', 'never.txt')]);
    expect(failed.code).toBe(2);
    expect(existsSync(join(dir, 'out', 'never.txt'))).toBe(false);
    expect(readdirSync(join(dir, 'out'))).toEqual(['report.sarif']);
  });

  it('fails closed on a bucket the file does not define, and --external declares it, visibly', async () => {
    const closed = await cli(['check', envFile('central')]);
    expect(closed.code).toBe(1);
    expect(closed.stdout).toContain(
      'org-central-audit-logs is not defined in this file; if it lives elsewhere, declare it with --external org-central-audit-logs; unknown values fail closed',
    );
    const declared = await cli(['check', envFile('central'), '--external', 'arn:aws:s3:::org-central-audit-logs', '--external', 'unused-name']);
    expect(declared.stdout).toContain(
      'note: arn:aws:s3:::org-central-audit-logs is declared external (--external): not checked here; used by central: aws_cloudtrail.trail.s3_bucket_name\n',
    );
    expect(declared.stdout).toContain('note: --external unused-name matched nothing in the checked files; remove it\n');
    // Declaring the bucket does not hide what the file itself gets wrong: data events name the old bucket.
    expect(declared.stdout).toContain('FAIL    trail-s3-data-events');
    const wildcard = await cli(['check', envFile('central'), '--external', 'org-*']);
    expect(wildcard).toMatchObject({ code: 2, stderr: 'auditready: --external org-*: contains a wildcard; name exactly one resource\n' });
  });

  it('colours text only on a TTY', async () => {
    expect((await cli(['check', envFile('bad')], true)).stdout).toMatch(/\u001b\[31mFAIL/);
    expect((await cli(['check', envFile('bad')], false)).stdout).not.toMatch(/\u001b\[/);
  });
});
