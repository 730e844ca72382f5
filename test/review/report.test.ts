/**
 * `auditready report`: the evidence for each environment and where it came from, checked against facts
 * outside the report's code: sha256sum over the files `npm run synth` writes, git's HEAD, the versions
 * package.json pins, the config's retention, a failing and a waived environment, and bad inputs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReport } from '../../cli/commands/report';
import { defaultEnvironments } from '../../config/configured-environments';
import { defaultOrganizations } from '../../config/configured-organizations';
import { FRAMEWORKS } from '../../policies/frameworks';
import type { Waiver } from '../../policies/waivers';
import { synthesizeToDirectory } from '../../stacks/build-app';
import { logArchiveNamesUsedByManagement } from '../../stacks/organization-names';
import { runCli } from '../cli/run-cli';
import type { Json } from '../policies/fixtures/environment';

const ROOT = join(__dirname, '..', '..');
const NOW = new Date('2026-06-01T12:00:00Z');
/** What check declares external when it synthesizes the example organization: the log archive's bucket and key alias. */
const EXTERNALS = defaultOrganizations().flatMap(logArchiveNamesUsedByManagement);
let dir: string;
let reference: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'auditready-report-'));
  reference = join(dir, 'reference', 'cdktf.out');
  synthesizeToDirectory(reference, defaultEnvironments(), defaultOrganizations());
  // One environment's file with a log group kept 30 days: below every tier's minimum.
  mkdirSync(join(dir, 'failing', 'stacks', 'staging'), { recursive: true });
  const staging = JSON.parse(readFileSync(join(reference, 'stacks', 'staging', 'cdk.tf.json'), 'utf8')) as Json;
  staging.resource.aws_cloudwatch_log_group['trail_log-group'].retention_in_days = 30;
  writeFileSync(join(dir, 'failing', 'stacks', 'staging', 'cdk.tf.json'), JSON.stringify(staging));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The report as JSON; a directory gets the example organization's log-archive names as --external, as check would need them. */
const json = (paths: string[], deps: Parameters<typeof runReport>[2] = {}, options: Partial<Parameters<typeof runReport>[1]> = {}) => {
  const r = runReport(paths, { format: 'json', ...(paths.length > 0 ? { external: EXTERNALS } : {}), ...options }, { now: NOW, waivers: [], ...deps });
  return { ok: r.ok, report: JSON.parse(r.text) as Json };
};

describe('provenance', () => {
  test('without PATH every environment is synthesized as npm run synth writes it: the SHA-256 of each input is what sha256sum says of those files', () => {
    const { report } = json([]);
    const files = readdirSync(join(reference, 'stacks')).map((env) => join('stacks', env, 'cdk.tf.json'));
    const sums = execFileSync('sha256sum', files, { cwd: reference, encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => {
        const [sum, file] = l.split(/\s+/);
        return { name: join('cdktf.out', file as string), sha256: sum };
      });
    expect(report.provenance.inputs.map((i: Json) => ({ name: i.name, sha256: i.sha256 }))).toEqual(sums);
  });

  test('the date, the commit git reports, and the tool versions package.json pins', () => {
    const { report } = json([reference]);
    expect(report.provenance.generatedAt).toBe('2026-06-01T12:00:00.000Z');
    expect(report.provenance.git.commit).toBe(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim());
    const pins = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Json).dependencies as Record<string, string>;
    expect(report.provenance.tools).toEqual([
      { name: 'auditready', version: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Json).version },
      { name: 'Node.js', version: process.versions.node },
      { name: 'cdktf', version: pins.cdktf },
      { name: '@cdktf/provider-aws', version: pins['@cdktf/provider-aws'] },
    ]);
  });
});

describe('per environment', () => {
  test('the control matrix holds every requirement of every framework, each with its rules and the resources they judged', () => {
    const { ok, report } = json([reference]);
    expect(ok).toBe(true);
    const prod = report.environments.find((e: Json) => e.name === 'prod');
    expect(prod.requirements).toHaveLength(FRAMEWORKS.reduce((n, f) => n + f.requirements.length, 0));
    const pci = prod.requirements.find((r: Json) => r.framework === 'pci-dss-v4.0' && r.rules.some((x: Json) => x.rule === 'log-group-retention'));
    expect(pci.status).toBe('pass');
    expect(pci.rules.find((x: Json) => x.rule === 'log-group-retention').results).toEqual([
      { status: 'pass', resource: 'aws_cloudwatch_log_group.trail_log-group', message: 'events are kept 400 days' },
    ]);
  });

  test('the effective settings say what the config says (prod: COMPLIANCE, 400 days, log group 400 days)', () => {
    const prod = json([reference]).report.environments.find((e: Json) => e.name === 'prod');
    const value = (label: string) => prod.settings.filter((s: Json) => s.setting === label).map((s: Json) => s.value);
    expect(value('Object Lock mode')).toEqual(['COMPLIANCE']);
    expect(value('Object Lock default retention')).toEqual(['400 days']);
    expect(value('retention')).toEqual(['400 days']);
  });

  test('the access matrix: only break-glass deletes a log version; the deployer changes the bucket policy', () => {
    const prod = json([reference]).report.environments.find((e: Json) => e.name === 'prod');
    const row = (id: string) => prod.access.rows.find((r: Json) => r.id === id).cells as Record<string, string>;
    const allowed = (id: string) => Object.entries(row(id)).flatMap(([caller, d]) => (d === 'allow' ? [caller] : []));
    expect(allowed('delete-version')).toEqual(['break-glass']);
    expect(allowed('change-policy')).toEqual(['named:arn:aws:iam::333333333333:role/auditready-deployer', 'break-glass']);
  });

  test('a failing environment fails the requirements its rule gives evidence for, and the report exits 1', () => {
    const { ok, report } = json([join(dir, 'failing')]);
    expect(ok).toBe(false);
    const staging = report.environments[0];
    const failing = staging.requirements.filter((r: Json) => r.status === 'fail').map((r: Json) => `${r.framework} ${r.id}`);
    const expected = FRAMEWORKS.flatMap((f) => f.requirements.filter((r) => r.rules.includes('log-group-retention')).map((r) => `${f.id} ${r.id}`));
    expect(failing).toEqual(expected);
    const pci = staging.tallies.find((t: Json) => t.framework === 'pci-dss-v4.0');
    expect(pci.counts.fail).toBe(1);
  });

  test('a waiver turns them into waived requirements, listed with its reason, approver, expiry and what it covers', () => {
    const waiver: Waiver = {
      rule: 'log-group-retention',
      resource: 'aws_cloudwatch_log_group.trail_log-group',
      environment: 'staging',
      reason: 'the log group moves to the central account in SEC-42',
      expires: '2026-09-30',
      approver: 'security-lead@example.com',
    };
    const { ok, report } = json([join(dir, 'failing')], { waivers: [waiver] });
    expect(ok).toBe(true);
    const staging = report.environments[0];
    expect(staging.waivers).toEqual([{ waiver, covers: 1 }]);
    expect(staging.requirements.filter((r: Json) => r.status === 'waived')).toHaveLength(4);
    const html = runReport([join(dir, 'failing')], { format: 'html' }, { now: NOW, waivers: [waiver] }).text;
    expect(html).toContain(
      '<td class="text">the log group moves to the central account in SEC-42</td><td class="text">security-lead@example.com</td><td class="text">2026-09-30</td>',
    );
  });

  test("a verify report's results go to their environment; a failing one fails the report", async () => {
    const check = await runCli(['check', '--format', 'json', join(dir, 'failing')]);
    expect(check.code).toBe(1);
    writeFileSync(join(dir, 'verify.json'), check.stdout);
    const { ok, report } = json([reference], {}, { verify: join(dir, 'verify.json') });
    expect(ok).toBe(false);
    expect(report.verify).toEqual({ ok: false });
    expect(
      report.environments
        .find((e: Json) => e.name === 'staging')
        .verify.filter((r: Json) => r.status === 'fail')
        .map((r: Json) => r.rule),
    ).toEqual(['log-group-retention']);
    expect(report.environments.find((e: Json) => e.name === 'prod').verify).toEqual([]);
    expect(report.provenance.inputs.at(-1)).toMatchObject({ name: join(dir, 'verify.json'), kind: 'verify report' });
  });
});

describe('organizations', () => {
  test('without PATH the log archive names the management stack relies on are declared external, as check declares them, and listed', async () => {
    const check = await runCli(['check', '--format', 'json']);
    expect(check.code).toBe(0);
    const declared = (JSON.parse(check.stdout) as Json).externals as { name: string; uses: { resource: string; attribute: string; environment: string }[] }[];
    const { ok, report } = json([]);
    expect(ok).toBe(true);
    expect(report.externals).toEqual(declared.map((x) => x.name));
    const management = report.environments.find((e: Json) => e.name === 'example-org-management');
    expect(management.ok).toBe(true);
    expect(management.externals).toEqual(
      declared.map((x) => ({
        name: x.name,
        uses: x.uses.filter((u) => u.environment === 'example-org-management').map((u) => `${u.resource}.${u.attribute}`),
      })),
    );
    expect(management.externals.flatMap((x: Json) => x.uses)).toEqual(['aws_cloudtrail.trail_trail.s3_bucket_name', 'aws_cloudtrail.trail_trail.kms_key_id']);
    const markdown = runReport([], { format: 'markdown' }, { now: NOW, waivers: [] }).text;
    expect(markdown).toContain(`- \`${EXTERNALS[0]}\`, named by \`aws_cloudtrail.trail_trail.s3_bucket_name\``);
  });

  test("a cdktf.out given as PATH declares nothing by itself: the management stack's references to the log archive are unknown and fail until --external names them", () => {
    const without = json([reference], {}, { external: [] });
    expect(without.ok).toBe(false);
    const management = without.report.environments.find((e: Json) => e.name === 'example-org-management');
    expect(management.ok).toBe(false);
    expect(without.report.environments.filter((e: Json) => !e.ok).map((e: Json) => e.name)).toEqual(['example-org-management']);
    const withExternals = json([reference], {}, { external: EXTERNALS });
    expect(withExternals.ok).toBe(true);
    expect(withExternals.report.externals).toEqual(EXTERNALS);
  });
});

describe('bad input: exit code 2, one line naming the file and the problem, nothing written', () => {
  beforeAll(() => {
    writeFileSync(join(dir, 'not-json.json'), '{');
    writeFileSync(
      join(dir, 'wrong-status.json'),
      JSON.stringify({ results: [{ rule: 'x', status: 'ok', environment: 'prod', message: 'm' }], summary: { ok: true } }),
    );
    writeFileSync(
      join(dir, 'no-summary.json'),
      JSON.stringify({
        trailArn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/t',
        startTime: 'a',
        endTime: 'b',
        regionsFrom: 'x',
        regions: [],
        results: [],
      }),
    );
  });

  test.each([
    [['--verify', 'missing.json'], 'missing.json: cannot read (ENOENT)'],
    [['--verify', 'not-json.json'], '--verify not-json.json: invalid JSON'],
    [['--verify', 'wrong-status.json'], '--verify wrong-status.json: results[0].status: "ok" is not one of pass, fail, unknown, warn, waived, not_applicable'],
    [
      ['--validate-logs', 'wrong-status.json'],
      '--validate-logs wrong-status.json: trailArn: expected a string, got undefined (is this a validate-logs --format json report?)',
    ],
    [['--validate-logs', 'no-summary.json'], '--validate-logs no-summary.json: summary: expected an object'],
    [['--format', 'pdf'], "option '--format <format>' argument 'pdf' is invalid"],
  ])('%j', async (flags, message) => {
    const out = join(dir, 'report.html');
    const args = flags.map((f) => (f.endsWith('.json') ? join(dir, f) : f));
    const r = await runCli(['report', ...args, '--output', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.replaceAll(`${dir}/`, '')).toContain(message);
    expect(r.stdout).toBe('');
    expect(() => readFileSync(out)).toThrow();
  });
});
