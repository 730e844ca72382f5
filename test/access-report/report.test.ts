/**
 * The access report from records fed the way validateLogs feeds them (bytes, then a verdict), without
 * S3: the order files arrive in, streamed files, verdicts, and each finding's edges.
 */
import { type AccessReportSettings, startAccessReport } from '../../access-report/access-report';
import type { ReportContext } from '../../access-report/context';
import type { AccessReport } from '../../access-report/report';
import type { ValidationReport } from '../../log-validation/report';
import { accessScenario, SCENARIO_ACCOUNT, SCENARIO_NAMES, SCENARIO_WINDOW } from '../../testkit/access-scenario';
import { assumeRole, assumeRoleWithWebIdentity, call, consoleLogin, iamUser, rootUser, s3GetObject, type TrailRecord } from '../../testkit/cloudtrail-events';

const N = SCENARIO_NAMES;
const acct = SCENARIO_ACCOUNT;
const CONTEXT: ReportContext = {
  source: 'test',
  ticketTagKey: 'ticket',
  auditorRoleArns: [N.auditorRole],
  breakGlassRoleArns: [N.breakGlassRole],
  humanRoleArns: [N.logAdminRole],
  auditBuckets: [N.auditBucket],
  changeAlarms: [{ name: 'bucket-policy', description: 'd', pattern: '{ ($.eventName = "PutBucketPolicy") || ($.eventName = "GetObject") }' }],
};

interface LogFile {
  readonly records: readonly TrailRecord[];
  /** @default true */
  readonly valid?: boolean;
  /** Bytes per write; the whole file in one write when absent (a buffered file). */
  readonly chunk?: number;
  /** Raw bytes instead of the records. */
  readonly raw?: string;
}

async function reportOf(files: readonly LogFile[], settings: Partial<AccessReportSettings> = {}): Promise<AccessReport> {
  const run = startAccessReport({ start: SCENARIO_WINDOW.start, end: SCENARIO_WINDOW.end, context: CONTEXT, filters: {}, ...settings });
  let valid = 0;
  let invalid = 0;
  for (const [i, file] of files.entries()) {
    const entry = { s3Bucket: 'logs', s3Object: `f${i}`, hashValue: '0'.repeat(64), hashAlgorithm: 'SHA-256' as const };
    const sink = run.logFiles.open(entry) as NonNullable<ReturnType<typeof run.logFiles.open>>;
    const bytes = Buffer.from(file.raw ?? JSON.stringify({ Records: file.records }));
    const step = file.chunk ?? bytes.length;
    for (let at = 0; at < bytes.length; at += step) sink.write(bytes.subarray(at, at + step));
    const ok = file.valid ?? true;
    if (ok) valid++;
    else invalid++;
    await sink.close({ kind: 'log', bucket: 'logs', key: `f${i}`, problems: ok ? [] : [{ reason: 'hash mismatch', detail: 'x' }] });
  }
  const validation: ValidationReport = {
    trailArn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t',
    startTime: '',
    endTime: '',
    regions: ['us-east-1'],
    regionsFrom: 'test',
    results: files.map((f, i) => ({
      kind: 'log',
      bucket: 'logs',
      key: `f${i}`,
      problems: (f.valid ?? true) ? [] : [{ reason: 'hash mismatch', detail: 'x' }],
    })),
    summary: {
      digestsValid: 1,
      digestsInvalid: 0,
      backfillDigestsValid: 0,
      backfillDigestsInvalid: 0,
      logFilesValid: valid,
      logFilesInvalid: invalid,
      logFilesNotChecked: 0,
      uncompressedBytesHashed: 0,
    },
  };
  return run.complete(validation);
}

const at = (hhmmss: string) => new Date(`2026-03-10T${hhmmss}Z`);
const rules = (report: AccessReport) => report.findings.map((f) => `${f.rule} ${f.principal}`);

describe('the report does not depend on how the records arrive', () => {
  const records = accessScenario().hours.flat();

  /** What the records say, leaving out how many files they came in. */
  const content = (r: AccessReport) => ({ sessions: r.sessions, machines: r.machines, findings: r.findings, totals: { ...r.totals, logFilesRead: 0 } });

  test('the same report from one file, from many files in any order, and from files streamed a few bytes at a time', async () => {
    const reference = content(await reportOf([{ records }]));
    expect(reference.sessions.length).toBeGreaterThan(10);
    for (const seed of [3, 7]) {
      const files: TrailRecord[][] = Array.from({ length: 5 }, () => []);
      records.forEach((r, i) => {
        files[(i * seed) % 5]?.push(r);
      });
      expect(content(await reportOf(files.reverse().map((f) => ({ records: f }))))).toEqual(reference);
    }
    expect(content(await reportOf([{ records, chunk: 997 }]))).toEqual(reference);
  });

  test("an INVALID file's records are left out, also when it streamed in before its verdict", async () => {
    const scenario = accessScenario();
    const [h0, h1, h2] = scenario.hours as [TrailRecord[], TrailRecord[], TrailRecord[]];
    for (const chunk of [undefined, 300]) {
      const report = await reportOf([{ records: h0 }, { records: h1, valid: false, ...(chunk ? { chunk } : {}) }, { records: h2 }]);
      const who = report.sessions.map((s) => s.who.sourceIdentity ?? s.who.user);
      expect(who).not.toContain('dave');
      expect(who).toEqual(expect.arrayContaining(['alice', 'mallory']));
      expect(report.totals.records).toBe(h0.length + h2.length);
    }
  });

  test('a valid file that is not a CloudTrail log file makes the report incomplete: listed, not intact', async () => {
    const report = await reportOf([
      { records: [], raw: '{"Events":[]}' },
      { records: [], raw: 'not json', chunk: 3 },
    ]);
    expect(report.integrity.valid).toBe(false);
    expect(report.integrity.problems.map((p) => [p.key, p.problems[0]?.reason])).toEqual([
      ['f0', 'invalid format'],
      ['f1', 'invalid format'],
    ]);
    expect(report.findings.map((f) => f.rule)).toEqual(['log-file-invalid', 'log-file-invalid']);
  });
});

describe('findings at their edges', () => {
  const dave = assumeRole(acct, {
    caller: iamUser(acct, 'dave'),
    roleArn: N.opsRole,
    sessionName: 'dave',
    time: at('10:00:00'),
    sourceIdentity: 'dave',
    tags: { ticket: 'CHG-1' },
  });
  const refused = (times: readonly string[]) =>
    times.map((t) =>
      call(acct, dave.session!.identity, { time: at(t), eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', errorCode: 'AccessDenied' }),
    );

  test('a burst is 10 refused calls within one 5-minute period: 9 are not, nor 10 across two periods', async () => {
    const nine = await reportOf([{ records: [dave.record, ...refused(Array.from({ length: 9 }, (_, i) => `10:01:0${i}`))] }]);
    expect(rules(nine)).toEqual([]);
    const ten = await reportOf([{ records: [dave.record, ...refused(Array.from({ length: 10 }, (_, i) => `10:01:${String(i).padStart(2, '0')}`))] }]);
    expect(ten.findings.map((f) => [f.rule, f.time])).toEqual([['access-denied-burst', '2026-03-10T10:00:00Z']]);
    const across = await reportOf([
      {
        records: [
          dave.record,
          ...refused(['10:04:55', '10:04:56', '10:04:57', '10:04:58', '10:04:59', '10:05:00', '10:05:01', '10:05:02', '10:05:03', '10:05:04']),
        ],
      },
    ]);
    expect(rules(across)).toEqual([]);
  });

  test('errors other than refusals do not count; the CIS 5.1 forms do (AccessDenied*, *UnauthorizedOperation)', async () => {
    const mixed = ['AccessDeniedException', 'Client.UnauthorizedOperation', 'ThrottlingException', 'NoSuchKey'].flatMap((code, i) =>
      Array.from({ length: 5 }, (_, j) =>
        call(acct, dave.session!.identity, { time: at(`10:01:${i}${j}`), eventSource: 'x.amazonaws.com', eventName: 'Y', errorCode: code }),
      ),
    );
    const report = await reportOf([{ records: [dave.record, ...mixed] }]);
    expect(report.sessions.find((s) => s.who.sourceIdentity === 'dave')?.results).toEqual({
      errors: { AccessDeniedException: 5, 'Client.UnauthorizedOperation': 5, NoSuchKey: 5, ThrottlingException: 5 },
      accessDenied: 10,
    });
    expect(rules(report)).toEqual(['access-denied-burst dave']);
  });

  test('only calls that are not read-only are changes: a read matching a change alarm is not one', async () => {
    const s = dave.session!.identity;
    const report = await reportOf([
      {
        records: [
          dave.record,
          s3GetObject(acct, s, 'other-bucket', 'k', at('10:01:00')),
          call(acct, s, {
            time: at('10:02:00'),
            eventSource: 's3.amazonaws.com',
            eventName: 'PutBucketPolicy',
            requestParameters: { bucketName: 'other-bucket' },
          }),
        ],
      },
    ]);
    expect(report.findings.map((f) => [f.rule, f.details])).toEqual([
      ['baseline-change', ['bucket-policy: 2026-03-10T10:02:00Z s3:PutBucketPolicy arn:aws:s3:::other-bucket']],
    ]);
  });

  test('reads of the audit bucket: none for auditors, one finding for anyone else, machines included; a write is not a read', async () => {
    const auditor = assumeRole(acct, {
      caller: iamUser(acct, 'a'),
      roleArn: N.auditorRole,
      sessionName: 'a',
      time: at('10:00:00'),
      sourceIdentity: 'a',
      tags: { ticket: 'CHG-2' },
    });
    const machine = assumeRole(acct, {
      caller: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
      roleArn: N.functionRole,
      sessionName: 'i-1',
      time: at('10:00:00'),
    });
    const report = await reportOf([
      {
        records: [
          auditor.record,
          machine.record,
          s3GetObject(acct, auditor.session!.identity, N.auditBucket, 'a.json.gz', at('10:01:00')),
          s3GetObject(acct, machine.session!.identity, N.auditBucket, 'b.json.gz', at('10:01:00')),
          s3GetObject(acct, machine.session!.identity, 'other-bucket', 'c', at('10:01:00')),
          call(acct, machine.session!.identity, {
            time: at('10:02:00'),
            eventSource: 's3.amazonaws.com',
            eventName: 'PutObject',
            requestParameters: { bucketName: N.auditBucket, key: 'x' },
            eventCategory: 'Data',
          }),
        ],
      },
    ]);
    expect(report.findings.filter((f) => f.rule === 'audit-bucket-read').map((f) => f.details)).toEqual([[`${N.auditBucket}/b.json.gz`]]);
    expect(report.machines.map((m) => m.principal)).toEqual([N.functionRole]);
  });

  test('a root sign-in without MFA is critical; a failed sign-in is no session', async () => {
    const rootId = { type: 'Root', principalId: acct.accountId, arn: `arn:aws:iam::${acct.accountId}:root`, accountId: acct.accountId, accessKeyId: '' };
    const report = await reportOf([
      {
        records: [
          consoleLogin(acct, rootId, at('10:00:00'), { success: true, mfaUsed: false }),
          call(acct, rootUser(acct, at('10:00:00'), false), { time: at('10:00:30'), eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', readOnly: true }),
          consoleLogin(acct, { ...iamUser(acct, 'x'), accessKeyId: '' }, at('10:05:00'), { success: false, mfaUsed: false }),
        ],
      },
    ]);
    expect(report.findings.map((f) => `${f.severity} ${f.rule}`)).toEqual(['critical console-signin-without-mfa', 'critical root-activity']);
    expect(report.sessions).toHaveLength(1);
    expect(report.totals).toMatchObject({ consoleSignIns: 1, failedConsoleSignIns: 1 });
  });

  test('session tags are data: a tag named __proto__ or constructor stays a tag', async () => {
    const odd = assumeRole(acct, {
      caller: iamUser(acct, 'o'),
      roleArn: N.opsRole,
      sessionName: 'o',
      time: at('10:00:00'),
      sourceIdentity: 'o',
      tags: JSON.parse('{"__proto__":"CHG-9","constructor":"x"}') as Record<string, string>,
    });
    const report = await reportOf([
      {
        records: [
          odd.record,
          call(acct, odd.session!.identity, { time: at('10:01:00'), eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', readOnly: true }),
        ],
      },
    ]);
    const session = report.sessions.find((s) => s.who.sourceIdentity === 'o');
    expect(Object.entries(session?.why.tags ?? {})).toEqual([
      ['__proto__', 'CHG-9'],
      ['constructor', 'x'],
    ]);
    expect(rules(report)).toEqual(['session-without-ticket o']);
  });

  test('records outside the window are not reported, but a session start before it still gives its session a ticket', async () => {
    const early = assumeRole(acct, {
      caller: iamUser(acct, 'e'),
      roleArn: N.opsRole,
      sessionName: 'e',
      time: at('08:50:00'),
      sourceIdentity: 'e',
      tags: { ticket: 'CHG-3' },
    });
    const report = await reportOf([
      {
        records: [
          early.record,
          call(acct, early.session!.identity, { time: at('08:55:00'), eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', readOnly: true }),
          call(acct, early.session!.identity, { time: at('09:10:00'), eventSource: 'ec2.amazonaws.com', eventName: 'DescribeVpcs', readOnly: true }),
        ],
      },
    ]);
    expect(report.sessions.map((s) => [s.who.sourceIdentity ?? s.who.user, s.why.ticket, s.what.events])).toEqual([['e', 'CHG-3', 1]]);
    expect(report.totals.recordsOutsideWindow).toBe(2);
    expect(rules(report)).toEqual([]);
  });

  test('web identity (OIDC): a person when the token names a source identity, with the ticket from its tags; a machine otherwise', async () => {
    const person = assumeRoleWithWebIdentity(acct, {
      providerHost: 'idp.example.com',
      subject: 'u-123',
      roleArn: N.opsRole,
      sessionName: 'grace',
      time: at('10:00:00'),
      sourceIdentity: 'grace',
      principalTags: { ticket: 'INC-7' },
    });
    const pipeline = assumeRoleWithWebIdentity(acct, {
      providerHost: 'token.actions.githubusercontent.com',
      subject: 'repo:o/r:ref:refs/heads/main',
      roleArn: N.functionRole,
      sessionName: 'gha',
      time: at('10:00:00'),
    });
    const describe = (r: typeof person) =>
      call(acct, r.session.identity, { time: at('10:01:00'), eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', readOnly: true });
    const report = await reportOf([{ records: [person.record, pipeline.record, describe(person), describe(pipeline)] }]);
    expect(report.sessions.map((s) => [s.who.sourceIdentity, s.who.user, s.who.via, s.why.ticket])).toEqual([
      ['grace', 'u-123', 'AssumeRoleWithWebIdentity', 'INC-7'],
    ]);
    expect(report.machines.map((m) => m.principal)).toEqual([N.functionRole]);
    expect(rules(report)).toEqual([]);
  });
});
