/**
 * `auditready access-report` end to end: the three-hour production scenario (testkit/access-scenario.ts)
 * written to the S3 server as CloudTrail lays it out, with a signed digest chain, read through
 * cli/main.ts's `run` with the environment's config (AUDITREADY_ENVIRONMENTS_FILE).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AccessReport } from '../../access-report/report';
import { accessScenario, SCENARIO_ACCOUNT, SCENARIO_ENVIRONMENT, SCENARIO_NAMES, SCENARIO_WINDOW } from '../../testkit/access-scenario';
import { buildCloudTrailFixture, type CloudTrailFixture, generateSigningKey, writeFixture } from '../../testkit/cloudtrail-fixture';
import { s3Connection, testS3Client } from '../../testkit/s3-server';
import { type CliRun, runCli } from '../cli/run-cli';

const auditready = (...args: string[]): Promise<CliRun> => runCli(args);
const N = SCENARIO_NAMES;

describe('access-report end to end against S3 (radosgw)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'access-report-'));
  const savedEnv = { ...process.env };
  const scenario = accessScenario();
  let s3: S3Client;
  let fixture: CloudTrailFixture;
  let endpoint: string;
  const keyFile = join(dir, 'cloudtrail.pem');
  const signingKey = generateSigningKey();

  const build = (bucket: string) =>
    buildCloudTrailFixture({
      bucket,
      accountId: SCENARIO_ACCOUNT.accountId,
      trailName: N.trailName,
      start: SCENARIO_WINDOW.firstDigest,
      hours: SCENARIO_WINDOW.hours,
      logFileRecords: (hour) => [scenario.hours[hour] as object[]],
      signingKey,
    });

  beforeAll(async () => {
    const connection = s3Connection();
    endpoint = connection.endpoint;
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: connection.accessKeyId,
      AWS_SECRET_ACCESS_KEY: connection.secretAccessKey,
      AWS_REGION: connection.region,
      AUDITREADY_ENVIRONMENTS_FILE: join(dir, 'environments.json'),
    });
    writeFileSync(join(dir, 'environments.json'), JSON.stringify([SCENARIO_ENVIRONMENT]));
    s3 = testS3Client(connection);
    fixture = build(`ar-${randomBytes(5).toString('hex')}`);
    await writeFixture(s3, fixture);
    writeFileSync(keyFile, fixture.publicKeyPem);
  });
  afterAll(() => {
    process.env = savedEnv;
    s3?.destroy();
  });

  const window = (bucket = fixture.bucket) => [
    'access-report',
    '--trail-arn',
    fixture.trailArn,
    '--start-time',
    '2026-03-10T09:00:00Z',
    '--end-time',
    '2026-03-10T12:00:17Z',
    '--s3-bucket',
    bucket,
    '--public-key',
    keyFile,
    '--endpoint-url',
    endpoint,
  ];
  const json = async (...args: string[]): Promise<{ run: CliRun; report: AccessReport }> => {
    const run = await auditready(...window(), '--format', 'json', ...args);
    return { run, report: JSON.parse(run.stdout) as AccessReport };
  };

  /** Each session as who, how, why, and what it did: facts of the scenario, not of the report's code. */
  const sessionFacts = (report: AccessReport) =>
    report.sessions.map((s) => ({
      who: s.who.sourceIdentity ?? s.who.user,
      role: s.who.role?.split('/').pop(),
      via: s.who.via,
      ticket: s.why.ticket,
      events: s.what.events,
      denied: s.results.accessDenied,
    }));
  const findingFacts = (report: AccessReport) => report.findings.map((f) => `${f.severity} ${f.rule} ${f.principal ?? '-'}`);

  test('--env prod: the exact sessions and findings of the scenario, exit 0 with every file valid', async () => {
    const { run, report } = await json('--env', 'prod');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(report.integrity).toMatchObject({ valid: true, problems: [] });
    expect(report.integrity.summary).toMatchObject({ digestsValid: 3, logFilesValid: 3 });
    expect(report.context).toMatchObject({
      source: 'environment prod',
      ticketTagKey: 'ticket',
      auditorRoleArns: [N.auditorRole],
      breakGlassRoleArns: [N.breakGlassRole],
      humanRoleArns: [N.logAdminRole],
      auditBuckets: [N.auditBucket],
    });
    expect(sessionFacts(report)).toEqual([
      { who: 'zoe', role: 'prod-auditor', via: undefined, ticket: undefined, events: 1, denied: 0 },
      { who: 'alice', role: undefined, via: 'access key', ticket: undefined, events: 1, denied: 0 },
      { who: 'alice', role: 'prod-auditor', via: 'AssumeRole', ticket: 'CHG-1234', events: 5, denied: 0 },
      { who: 'bob', role: 'prod-log-admin', via: 'AssumeRoleWithSAML', ticket: 'INC-42', events: 2, denied: 0 },
      { who: 'carol@example.com', role: 'AWSReservedSSO_Admin_0123456789abcdef', via: 'AssumeRoleWithSAML', ticket: undefined, events: 1, denied: 0 },
      { who: 'carol', role: 'prod-break-glass', via: 'AssumeRole', ticket: 'INC-99', events: 3, denied: 0 },
      { who: 'dave', role: undefined, via: 'access key', ticket: undefined, events: 1, denied: 0 },
      { who: 'dave', role: 'ops-admin', via: 'AssumeRole', ticket: undefined, events: 13, denied: 12 },
      { who: 'erin', role: undefined, via: 'console sign-in', ticket: undefined, events: 1, denied: 0 },
      { who: 'frank', role: undefined, via: 'console sign-in', ticket: undefined, events: 1, denied: 0 },
      { who: undefined, role: undefined, via: 'console sign-in', ticket: undefined, events: 1, denied: 0 },
      { who: 'mallory', role: undefined, via: 'access key', ticket: undefined, events: 1, denied: 0 },
      { who: 'mallory', role: 'ops-admin', via: 'AssumeRole', ticket: undefined, events: 1, denied: 0 },
    ]);
    expect(findingFacts(report)).toEqual([
      'critical root-activity arn:aws:iam::111122223333:root',
      'high audit-bucket-read bob',
      'high baseline-change bob',
      'high baseline-change carol',
      'high break-glass-session carol',
      'high session-without-ticket dave',
      'high console-signin-without-mfa erin',
      'high session-without-source-identity erin',
      'high session-without-ticket erin',
      'high session-without-source-identity frank',
      'high session-without-ticket frank',
      'high session-without-source-identity mallory',
      'high session-without-ticket mallory',
      'medium access-denied-burst dave',
      'low session-context-before-window zoe',
    ]);
    // The Lambda function's role is a machine; Lambda assuming it and CloudTrail checking the bucket are AWS service calls.
    expect(report.machines).toEqual([
      { principal: N.functionRole, sessions: 1, events: 1, first: '2026-03-10T11:21:00Z', last: '2026-03-10T11:21:00Z', accessDenied: 0, errors: {} },
    ]);
    expect(report.totals).toMatchObject({
      humanSessions: 13,
      machineSessions: 1,
      serviceCalls: 2,
      consoleSignIns: 3,
      failedConsoleSignIns: 1,
      logFilesRead: 3,
    });
  });

  test('the compiled command, which parses on worker threads, gives the report the in-process run gives', async () => {
    const { run } = await json('--env', 'prod');
    // bin/auditready.js brings dist/ up to date first; compiled, the report parses log files on worker threads.
    const child = spawnSync(process.execPath, [resolve(__dirname, '../../bin/auditready.js'), ...window(), '--env', 'prod', '--format', 'json'], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect({ status: child.status, stderr: child.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(child.stdout)).toEqual(JSON.parse(run.stdout));
  });

  test('a session in detail: who, why, when, from where, what, results; and a break-glass session with everything it did', async () => {
    const { report } = await json('--env', 'prod');
    const alice = report.sessions.find((s) => s.who.role === N.auditorRole && s.who.sourceIdentity === 'alice');
    expect(alice).toMatchObject({
      kind: 'role',
      who: {
        sourceIdentity: 'alice',
        user: 'alice',
        principal: scenario.sessions.alice.sessionArn,
        via: 'AssumeRole',
        caller: `arn:aws:iam::${SCENARIO_ACCOUNT.accountId}:user/alice`,
      },
      why: { tagKey: 'ticket', ticket: 'CHG-1234', tags: { ticket: 'CHG-1234' }, startSeen: true },
      when: { started: '2026-03-10T09:05:00Z', first: '2026-03-10T09:06:00Z', last: '2026-03-10T09:08:00Z' },
      where: { sourceIps: [{ value: '203.0.113.10', count: 5 }] },
      what: { events: 5, byService: { cloudtrail: { DescribeTrails: 1 }, s3: { GetObject: 3, ListBuckets: 1 } } },
      results: { errors: {}, accessDenied: 0 },
      mfa: true,
      breakGlass: false,
    });
    // S3 data events name the objects read.
    expect(alice?.what.resources.map((r) => r.value).filter((r) => r.includes('CloudTrail/'))).toHaveLength(3);
    const breakGlass = report.findings.find((f) => f.rule === 'break-glass-session');
    expect(breakGlass?.message).toContain('ticket: INC-99');
    expect(breakGlass?.details).toEqual([
      `2026-03-10T10:02:00Z kms:PutKeyPolicy ${N.keyArn} ok`,
      `2026-03-10T10:03:00Z s3:DeleteObject arn:aws:s3:::${N.auditBucket}/junk.txt ok`,
      '2026-03-10T10:04:00Z iam:ListRoles - ok',
    ]);
    const carol = report.sessions.find((s) => s.who.role === N.breakGlassRole);
    expect(carol?.who.caller).toBe(scenario.sessions.carolSso.sessionArn);
    expect(carol?.alarms).toEqual({ 'baseline-key-and-topic-changes': 1, 'baseline-log-object-changes': 1 });
  });

  test('one log file altered: the report flags it at the top, leaves its events out, and exits 1', async () => {
    const tampered = build(`ar-t-${randomBytes(5).toString('hex')}`);
    await writeFixture(s3, tampered);
    // Hour 1 (carol, dave, erin, frank) is rewritten without Dave's burst: what an intruder might do.
    const log = tampered.digests[1]?.logFiles[0];
    const edited = (scenario.hours[1] as object[]).filter((r) => (r as { errorCode?: string }).errorCode === undefined);
    await s3.send(new PutObjectCommand({ Bucket: tampered.bucket, Key: log?.key, Body: gzipSync(JSON.stringify({ Records: edited })) }));
    const run = await auditready(...window(tampered.bucket), '--env', 'prod', '--format', 'json');
    const report = JSON.parse(run.stdout) as AccessReport;
    expect(run.code).toBe(1);
    expect(report.integrity.valid).toBe(false);
    expect(report.integrity.problems).toEqual([
      { kind: 'log', bucket: tampered.bucket, key: log?.key, problems: [expect.objectContaining({ reason: 'hash mismatch' })] },
    ]);
    expect(report.findings[0]).toMatchObject({ rule: 'log-file-invalid', severity: 'critical', id: `log-file-invalid:${log?.key}` });
    const who = report.sessions.map((s) => s.who.sourceIdentity ?? s.who.user);
    for (const gone of ['carol', 'carol@example.com', 'dave', 'erin', 'frank']) expect(who).not.toContain(gone);
    expect(who).toEqual(expect.arrayContaining(['alice', 'bob', 'mallory', 'zoe']));
    expect(report.totals).toMatchObject({ logFilesRead: 2, logFilesLeftOut: 1 });

    const text = await auditready(...window(tampered.bucket), '--env', 'prod');
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n')[1]).toBe('LOGS NOT PROVEN INTACT: 1 file INVALID or missing. Their events are not in this report.');
    expect(text.stdout.split('\n')[2]).toContain(`INVALID\ts3://${tampered.bucket}/${log?.key}\thash mismatch`);
  });

  test('every format from the same run: csv rows per session and finding, markdown, a self-contained html page; --output writes the file', async () => {
    const { report } = await json('--env', 'prod');
    const csvFile = join(dir, 'report.csv');
    const csv = await auditready(...window(), '--env', 'prod', '--format', 'csv', '--output', csvFile);
    expect(csv).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const lines = readFileSync(csvFile, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]?.split(',').slice(0, 4)).toEqual(['row_type', 'id', 'severity', 'rule']);
    const rowTypes = lines.slice(1).map((l) => l.split(',')[0]);
    // A finding's message may span lines inside quotes; count the rows that start a record.
    expect(rowTypes.filter((t) => t === 'session')).toHaveLength(report.sessions.length);
    expect(rowTypes.filter((t) => t === 'finding')).toHaveLength(report.findings.length);

    const md = await auditready(...window(), '--env', 'prod', '--format', 'markdown');
    expect(md.stdout).toMatch(
      /^# Access report: arn:aws:cloudtrail:us-east-1:111122223333:trail\/prod-audit-trail, 2026-03-10T09:00:00Z to 2026-03-10T12:00:17Z\n\n> Logs proven intact/,
    );
    expect(md.stdout).toContain('- **high** `break-glass-session:');

    const page = (await auditready(...window(), '--env', 'prod', '--format', 'html')).stdout;
    expect(page).toContain('<h2>Sessions per day</h2>');
    expect(page).toContain('<h3>2026-03-10</h3>');
    expect(page).not.toMatch(/<[^>]*\s(src|href)=|url\(|@import|<script/i);
    expect(page.match(/<rect /g)?.length).toBeGreaterThanOrEqual(report.sessions.length);
  });

  test('--principal and --resource show only the matching sessions and their findings', async () => {
    const { report: byName } = await json('--env', 'prod', '--principal', 'dav?');
    expect(byName.sessions.map((s) => s.who.role?.split('/').pop() ?? s.who.via)).toEqual(['access key', 'ops-admin']);
    expect(byName.findings.map((f) => f.rule)).toEqual(['session-without-ticket', 'access-denied-burst']);
    const { report: byResource } = await json('--env', 'prod', '--resource', `arn:aws:s3:::${N.auditBucket}*`);
    expect(byResource.sessions.map((s) => s.who.sourceIdentity)).toEqual(['alice', 'bob', 'carol']);
  });

  test('without --env: the context from flags, and the CIS change alarms', async () => {
    const { run, report } = await json('--auditor-role', N.auditorRole, '--break-glass-role', N.breakGlassRole);
    expect(run.code).toBe(0);
    expect(report.context).toMatchObject({ source: 'flags', ticketTagKey: 'ticket', auditBuckets: [fixture.bucket] });
    const bob = report.sessions.find((s) => s.who.sourceIdentity === 'bob');
    expect(bob?.alarms).toEqual({ 'cis-5-8-s3-bucket-policy-changes': 1 });
    expect(report.findings.filter((f) => f.rule === 'break-glass-session').map((f) => f.principal)).toEqual(['carol']);
  });

  describe('bad input: a clear error, exit 2, nothing written', () => {
    const out = () => join(dir, `never-${randomBytes(3).toString('hex')}.txt`);

    test.each([
      [['--format', 'pdf'], /option '--format <format>' argument 'pdf' is invalid. Allowed choices are text, json, csv, markdown, html/],
      [['--end-time', '2026-03-10T08:00:00Z'], /--end-time 2026-03-10T08:00:00.000Z must be after --start-time 2026-03-10T09:00:00.000Z/],
      [['--env', 'nope'], /--env nope: no such environment; configured: prod/],
      [['--env', 'prod', '--tag-key', 'why'], /--env prod gives the context; --tag-key cannot be combined with it/],
      [['--auditor-role', 'arn:aws:iam::111122223333:user/alice'], /--auditor-role expects an IAM role ARN, got 'arn:aws:iam::111122223333:user\/alice'/],
    ])('%j', async (args, message) => {
      const file = out();
      const run = await auditready(...window(), ...args, '--output', file);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(existsSync(file)).toBe(false);
    });

    test('a bucket that cannot be read: the AWS error and the bucket, exit 2, no report', async () => {
      const file = out();
      const args = window('no-such-bucket-auditready-test');
      const run = await auditready(...args, '--output', file);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^auditready: cannot read the logs: NoSuchBucket .*no-such-bucket-auditready-test/);
      expect(existsSync(file)).toBe(false);
    });
  });
});
