/**
 * `auditready diff` on pairs of synthesized environments: each change made the way a user makes it (a config
 * change, or an edit of the synthesized policies where no config option reaches), with the verdict and the
 * wording a reviewer reads, and the exit code.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentInput } from '../../config/environment-schema';
import { loadEnvironments } from '../../config/load-environments';
import { modelFromDocument } from '../../policies/load';
import type { Waiver } from '../../policies/waivers';
import { diffPostures, formatDiff, type PostureDiff, type Side } from '../../review/diff';
import { synthesizeStacks } from '../../stacks/build-app';
import { runCli } from '../cli/run-cli';
import { clone, type Json } from '../policies/fixtures/environment';
import { exampleEnvironment } from '../support/terraform-json';

const TODAY = '2026-06-01';
type Name = 'dev' | 'staging' | 'prod';

/** The synthesized JSON of example environments, with config overrides. */
function synth(overrides: Partial<Record<Name, Partial<EnvironmentInput>>> = {}, names: readonly Name[] = ['dev', 'staging', 'prod']): Record<string, Json> {
  const envs = loadEnvironments(names.map((n) => ({ ...exampleEnvironment(n), ...(overrides[n] ?? {}) })));
  return Object.fromEntries(synthesizeStacks(envs).map((s) => [s.environment, clone(s.terraform as Json)]));
}

const side = (stacks: Record<string, Json>, waivers: readonly Waiver[] = []): Side => ({
  models: Object.entries(stacks).map(([env, tf]) => modelFromDocument(tf, `cdktf.out/stacks/${env}/cdk.tf.json`)),
  waivers,
});
const diff = (base: Side, head: Side): PostureDiff => diffPostures(base, head, { today: TODAY });
const texts = (d: PostureDiff, direction?: string) =>
  d.environments.flatMap((e) => e.changes.filter((c) => direction === undefined || c.direction === direction).map((c) => `${e.name}: ${c.text}`));

const BASE = synth();
const statement = (tf: Json, doc: string, sid: string): Json => {
  const s = (tf.data.aws_iam_policy_document[doc].statement as Json[]).find((x) => x.sid === sid);
  if (!s) throw new Error(`no statement ${sid} in ${doc}`);
  return s;
};

describe('diff pairs: verdict and wording', () => {
  test('nothing changed: neutral, no change, exit code 0', () => {
    const d = diff(side(BASE), side(synth()));
    expect(d).toMatchObject({ verdict: 'neutral', ok: true, summary: { weakening: 0, strengthening: 0, neutral: 0 } });
    expect(formatDiff(d, 'text')).toBe('auditready diff: no change to the logging posture\n\nunchanged: dev, prod, staging\n');
  });

  test('retention lowered (still above the prod minimum): weakening, in words with both values', () => {
    const d = diff(side(BASE), side(synth({ prod: { objectLock: { mode: 'COMPLIANCE', retentionDays: 370 } } })));
    expect(d).toMatchObject({ verdict: 'weakening', ok: false });
    expect(texts(d, 'weakening')).toEqual([
      'prod: audit bucket prod-audit-logs-333333333333-eu-central-1: Object Lock default retention lowered from 400 days to 370 days',
    ]);
  });

  test('the mode changed to GOVERNANCE (allowed in staging, so no rule fails): weakening', () => {
    const base = synth({ staging: { objectLock: { mode: 'COMPLIANCE', retentionDays: 180 } } });
    const d = diff(side(base), side(BASE));
    expect(d.verdict).toBe('weakening');
    expect(texts(d, 'weakening')).toEqual([
      'staging: audit bucket staging-audit-logs-222222222222-eu-west-1: Object Lock mode changed from COMPLIANCE to GOVERNANCE',
    ]);
    // The reverse is a strengthening.
    expect(texts(diff(side(BASE), side(base)), 'strengthening')).toEqual([
      'staging: audit bucket staging-audit-logs-222222222222-eu-west-1: Object Lock mode changed from GOVERNANCE to COMPLIANCE',
    ]);
  });

  test('data events removed: weakening, naming what the trail no longer records', () => {
    const { dataEvents: _removed, ...prod } = exampleEnvironment('prod');
    const head = { ...synth(), prod: clone(synthesizeStacks(loadEnvironments([prod]))[0]!.terraform as Json) };
    const d = diff(side(BASE), side(head));
    expect(d.verdict).toBe('weakening');
    expect(texts(d, 'weakening')).toEqual([
      'prod: trail prod-audit-trail no longer records reads and writes of AWS::S3::Object with ARN starts with arn:aws:s3:::example-prod-customer-data/',
    ]);
  });

  test('a role gains s3:DeleteObject: weakening, with the action and resource; the bucket policy still denies it, so no access changes', () => {
    const head = synth();
    const logs = '${aws_s3_bucket.audit-bucket_bucket.arn}/*';
    head.prod.data.aws_iam_policy_document['access-roles_auditor_permissions'].statement.push({
      sid: 'Tidy',
      effect: 'Allow',
      actions: ['s3:DeleteObject'],
      resources: [logs],
    });
    const d = diff(side(BASE), side(head));
    expect(d.verdict).toBe('weakening');
    expect(texts(d, 'weakening')).toEqual([
      'prod: iam-auditor-read-only newly failing on aws_iam_role.access-roles_auditor_role: aws_iam_policy.access-roles_auditor_policy allows s3:DeleteObject, which is not read-only',
      'prod: role prod-auditor is now allowed s3:DeleteObject on ${aws_s3_bucket.audit-bucket_bucket.arn}/*',
    ]);
    expect(d.environments.flatMap((e) => e.changes).filter((c) => c.kind === 'access')).toEqual([]);
  });

  test('a deployer gains Decrypt: the access matrix says what the deployer (and break-glass, in the same statement) can now do: read the logs', () => {
    const head = synth();
    statement(head.prod, 'audit-key_policy', 'DeployersAndBreakGlassAdministerKey').actions.push('kms:Decrypt');
    const d = diff(side(BASE), side(head));
    expect(d.verdict).toBe('weakening');
    expect(texts(d, 'weakening')).toEqual([
      'prod: deployer auditready-deployer can now read a log file (s3:GetObject and kms:Decrypt through S3)',
      'prod: break-glass can now read a log file (s3:GetObject and kms:Decrypt through S3)',
      'prod: deployer auditready-deployer can now decrypt with the key directly (kms:Decrypt, not through S3)',
      'prod: break-glass can now decrypt with the key directly (kms:Decrypt, not through S3)',
    ]);
    const change = d.environments.find((e) => e.name === 'prod')!.changes[2]!;
    expect(change).toMatchObject({ kind: 'access', resource: 'aws_kms_key.audit-key_key', before: 'cannot', after: 'can' });
  });

  test('an alarm removed: weakening, naming the alarm and what it watched', () => {
    const head = synth();
    delete head.prod.resource.aws_cloudwatch_metric_alarm['security-alarms_break-glass-role-used-alarm'];
    const d = diff(side(BASE), side(head));
    expect(d.verdict).toBe('weakening');
    const weakening = texts(d, 'weakening');
    expect(weakening).toHaveLength(1);
    expect(weakening[0]).toMatch(
      /^prod: alarms: alarm prod-break-glass-role-used removed \(filter \{ \(\$\.userIdentity\.sessionContext\.sessionIssuer\.arn = "arn:aws:iam::333333333333:role\/prod-break-glass"\) .* notifies arn:aws:sns:eu-central-1:333333333333:prod-security-alarms\)$/,
    );
  });

  test('a waiver added for a failing result: weakening, every weakening covered, exit code 0', () => {
    const failing = synth();
    failing.staging.resource.aws_cloudwatch_log_group['trail_log-group'].retention_in_days = 30;
    const waiver: Waiver = {
      rule: 'log-group-retention',
      resource: 'aws_cloudwatch_log_group.trail_log-group',
      environment: 'staging',
      reason: 'the log group moves to the central account in SEC-42',
      expires: '2026-09-30',
      approver: 'security-lead@example.com',
    };
    const d = diff(side(failing), side(failing, [waiver]));
    expect(d).toMatchObject({ verdict: 'weakening', ok: true, summary: { weakening: 2, covered: 2 } });
    expect(texts(d, 'weakening')).toEqual([
      'staging: log-group-retention newly waived on aws_cloudwatch_log_group.trail_log-group (was failing): retention_in_days is 30, below the staging minimum of 90 days',
      'staging: waiver added: log-group-retention on aws_cloudwatch_log_group.trail_log-group, approved by security-lead@example.com until 2026-09-30: the log group moves to the central account in SEC-42',
    ]);
    expect(formatDiff(d, 'text').split('\n')[0]).toBe(
      'auditready diff: weakens the logging posture, every weakening covered by a waiver: 2 weakening (2 covered by waivers), 0 strengthening, 0 neutral',
    );
  });

  test('an environment removed: weakening, exit code 1', () => {
    const { dev: _dev, ...head } = synth();
    const d = diff(side(BASE), side(head));
    expect(d).toMatchObject({ verdict: 'weakening', ok: false });
    expect(d.environments.find((e) => e.name === 'dev')).toMatchObject({ status: 'removed' });
    expect(texts(d)).toEqual(['dev: environment dev removed: its trail, log buckets, key, alarms and roles are no longer in the configuration']);
  });

  test('an environment added that meets the standard: neutral; one that fails it: weakening', () => {
    const { dev: _dev, ...base } = synth();
    expect(diff(side(base), side(BASE))).toMatchObject({ verdict: 'neutral', ok: true });
    expect(texts(diff(side(base), side(BASE)))).toEqual(['dev: environment dev added']);
    const failing = synth();
    failing.dev.resource.aws_kms_key['audit-key_key'].enable_key_rotation = false;
    const d = diff(side(base), side(failing));
    expect(d).toMatchObject({ verdict: 'weakening', ok: false });
    expect(texts(d, 'weakening')).toEqual([
      'dev: kms-key-rotation newly failing on aws_kms_key.audit-key_key: enable_key_rotation is false: the key material never rotates',
    ]);
  });

  test('a harmless tag change: neutral, shown in words, exit code 0', () => {
    const d = diff(side(BASE), side(synth({ dev: { tags: { 'cost-center': 'platform' } } })));
    expect(d).toMatchObject({ verdict: 'neutral', ok: true });
    expect(texts(d)).toEqual([
      'dev: provider: default tags changed from auditready:environment=dev, auditready:managed-by=auditready, auditready:tier=dev, cost-center=security to auditready:environment=dev, auditready:managed-by=auditready, auditready:tier=dev, cost-center=platform',
    ]);
  });
});

test('the same settings with their JSON keys in another order (as another synthesizer writes them): no change', () => {
  const reversed = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reversed)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reversed(x)]),
          )
        : v;
  const head = reversed(clone(BASE)) as Record<string, Json>;
  expect(JSON.stringify(head.dev.resource.aws_cloudtrail)).not.toBe(JSON.stringify(BASE.dev.resource.aws_cloudtrail));
  const d = diff(side(BASE), side(head));
  expect(d).toMatchObject({ verdict: 'neutral', summary: { weakening: 0, strengthening: 0, neutral: 0 } });
});

describe('waivers cover weakenings', () => {
  test('a head waiver naming the rule that guards the setting and its resource covers it; one for another resource does not', () => {
    const head = synth({ prod: { objectLock: { mode: 'COMPLIANCE', retentionDays: 370 } } });
    const waiver = (resource: string): Waiver => ({
      rule: 'bucket-object-lock',
      resource,
      environment: 'prod',
      reason: 'a shorter retention agreed with the auditors in AUD-7',
      expires: '2026-12-31',
      approver: 'ciso@example.com',
    });
    const covered = diff(side(BASE), side(head, [waiver('aws_s3_bucket.audit-bucket_bucket')]));
    expect(covered).toMatchObject({ verdict: 'weakening', ok: true });
    expect(diff(side(BASE), side(head, [waiver('aws_s3_bucket.access-log-bucket_bucket')]))).toMatchObject({ verdict: 'weakening', ok: false });
    expect(formatDiff(covered, 'markdown')).toContain('| waived (bucket-object-lock, ciso@example.com, until 2026-12-31) |');
  });

  test('an invalid head waiver is an input error', () => {
    const bad: Waiver = { rule: 'bucket-object-lock', resource: 'x', environment: 'prod', reason: 'short', expires: '2026-12-31', approver: 'a' };
    expect(() => diff(side(BASE), side(BASE, [bad]))).toThrow(/invalid head waivers: .*reason must be at least 20 characters/);
  });
});

describe('the markdown fits a pull-request comment', () => {
  test('a one-line verdict, a table of what weakens or strengthens, then the details folded per environment', () => {
    const head = synth({ prod: { objectLock: { mode: 'COMPLIANCE', retentionDays: 370 } }, dev: { tags: { 'cost-center': 'platform' } } });
    const md = formatDiff(diff(side(BASE), side(head)), 'markdown');
    const lines = md.split('\n');
    expect(lines[0]).toBe('### ❌ auditready diff: WEAKENS the logging posture: 1 weakening, 0 strengthening, 1 neutral');
    expect(lines.slice(2, 5)).toEqual([
      '| Environment | Change | Direction | Waiver |',
      '| --- | --- | --- | --- |',
      '| prod | audit bucket prod-audit-logs-333333333333-eu-central-1: Object Lock default retention lowered from 400 days to 370 days | 🔻 weakening | **none** |',
    ]);
    expect(md).toContain('<details><summary>dev: changed, neutral (1 change)</summary>');
    expect(md).toContain('<details><summary>prod: changed, weakening (1 change)</summary>');
    expect(md.match(/<details>/g)).toHaveLength(md.match(/<\/details>/g)?.length ?? -1);
  });

  test('json carries every change with its direction, values and waiver', () => {
    const head = synth({ prod: { objectLock: { mode: 'COMPLIANCE', retentionDays: 370 } } });
    const json = JSON.parse(formatDiff(diff(side(BASE), side(head)), 'json'));
    expect(json.verdict).toBe('weakening');
    expect(json.environments.find((e: Json) => e.name === 'prod').changes).toEqual([
      {
        kind: 'setting',
        direction: 'weakening',
        text: 'audit bucket prod-audit-logs-333333333333-eu-central-1: Object Lock default retention lowered from 400 days to 370 days',
        resource: 'aws_s3_bucket.audit-bucket_bucket',
        rules: ['bucket-object-lock'],
        before: '400 days',
        after: '370 days',
        waiver: null,
      },
    ]);
  });
});

describe('auditready diff on directories', () => {
  let dir: string;
  const write = (root: string, stacks: Record<string, Json>) => {
    for (const [env, tf] of Object.entries(stacks)) {
      mkdirSync(join(root, 'stacks', env), { recursive: true });
      writeFileSync(join(root, 'stacks', env, 'cdk.tf.json'), JSON.stringify(tf));
    }
    writeFileSync(join(root, 'manifest.json'), '{}');
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'auditready-diff-'));
    write(join(dir, 'base'), BASE);
    write(join(dir, 'same'), BASE);
    write(join(dir, 'weaker'), synth({ prod: { objectLock: { mode: 'COMPLIANCE', retentionDays: 370 } } }));
    writeFileSync(join(dir, 'broken.json'), '[{"rule": 1}]');
    mkdirSync(join(dir, 'empty'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('exit code 0 with no weakening, 1 with one, and --output writes the report', async () => {
    expect(await runCli(['diff', '--base', join(dir, 'base'), '--head', join(dir, 'same'), '--waivers', join(dir, 'none.json')])).toMatchObject({ code: 2 });
    writeFileSync(join(dir, 'none.json'), '[]');
    const same = await runCli(['diff', '--base', join(dir, 'base'), '--head', join(dir, 'same'), '--waivers', join(dir, 'none.json')]);
    expect(same).toMatchObject({ code: 0, stderr: '' });
    const weaker = await runCli(['diff', '--base', join(dir, 'base'), '--head', join(dir, 'weaker'), '--format', 'json', '--waivers', join(dir, 'none.json')]);
    expect(weaker.code).toBe(1);
    expect(JSON.parse(weaker.stdout).verdict).toBe('weakening');
  });

  test.each([
    [['--head', 'x'], 'diff: give exactly one of --base DIR and --base-ref GIT_REF'],
    [['--base', 'BASE', '--base-ref', 'main'], 'diff: give exactly one of --base DIR and --base-ref GIT_REF'],
    [['--base', 'missing', '--head', 'BASE'], '--base missing: cannot read (ENOENT)'],
    [['--base', 'empty', '--head', 'BASE'], '--base empty: no cdk.tf.json, *.tf.json or plan JSON found'],
    [['--base', 'broken.json', '--head', 'BASE'], '--base broken.json: not a directory (give a cdktf.out or a folder of plan JSON)'],
    [
      ['--base', 'BASE', '--head', 'BASE', '--waivers', 'broken.json'],
      '--waivers broken.json: waiver 1: rule, resource, environment, reason, expires, approver must be strings',
    ],
    [['--base', 'BASE', '--head', 'BASE', '--format', 'html'], "option '--format <format>' argument 'html' is invalid"],
  ])('bad input %j: exit code 2, one clear line, nothing written', async (args, message) => {
    const out = join(dir, 'report.md');
    const abs = args.map((a) => (a === 'BASE' ? join(dir, 'base') : ['missing', 'empty', 'broken.json', 'x'].includes(a) ? join(dir, a) : a));
    const r = await runCli(['diff', ...abs, '--output', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.replaceAll(`${dir}/`, '')).toContain(message);
    expect(r.stdout).toBe('');
    expect(() => rmSync(out)).toThrow();
  });
});
