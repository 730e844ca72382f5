/** `auditready validate-logs` flags, through cli/main.ts's `run`; the S3 end-to-end runs are in validate-logs-command.s3.test.ts. */
import { type CliRun, runCli } from '../cli/run-cli';

/** Runs `auditready <args>` in process, through cli/main.ts's `run`. */
const auditready = (...args: string[]): Promise<CliRun> => runCli(args);

const TRAIL = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/audit-trail';
const REQUIRED = ['validate-logs', '--trail-arn', TRAIL, '--start-time', '2026-03-10T09:00:00Z'];

describe('validate-logs flags', () => {
  test('--help lists every flag', async () => {
    const run = await auditready('validate-logs', '--help');
    expect(run.code).toBe(0);
    for (const flag of [
      '--trail-arn',
      '--start-time',
      '--end-time',
      '--s3-bucket',
      '--s3-prefix',
      '--account-id',
      '--organization-id',
      '--public-key',
      '--endpoint-url',
      '--regions',
      '--concurrency',
      '--timeout',
      '--format',
      '--verbose',
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });

  test.each([
    ['a missing --trail-arn', ['validate-logs', '--start-time', '2026-03-10'], /required option '--trail-arn <arn>' not specified/],
    ['a missing --start-time', ['validate-logs', '--trail-arn', TRAIL], /required option '--start-time <time>' not specified/],
    [
      'a trail name instead of an ARN',
      ['validate-logs', '--trail-arn', 'audit-trail', '--start-time', '2026-03-10'],
      /option '--trail-arn <arn>' argument 'audit-trail' is invalid\. expected arn:<partition>:cloudtrail:<region>:<12-digit account>:trail\/<name>/,
    ],
    [
      'a start time in words',
      [...REQUIRED.slice(0, 3), '--start-time', 'yesterday'],
      /'--start-time <time>' argument 'yesterday' is invalid\. --start-time expects YYYY-MM-DD or an ISO 8601 time with Z or an offset/,
    ],
    ['a local time without zone', [...REQUIRED, '--end-time', '2026-03-11T10:00:00'], /'--end-time <time>' argument '2026-03-11T10:00:00' is invalid/],
    ['an unknown format', [...REQUIRED, '--format', 'xml'], /argument 'xml' is invalid\. Allowed choices are text, json\./],
    ['a concurrency of 0', [...REQUIRED, '--concurrency', '0'], /--concurrency expects an integer from 1 to 64\./],
    ['a concurrency above 64', [...REQUIRED, '--concurrency', '65'], /--concurrency expects an integer from 1 to 64\./],
    ['a fractional concurrency', [...REQUIRED, '--concurrency', '2.5'], /--concurrency expects an integer from 1 to 64\./],
    ['a short account id', [...REQUIRED, '--account-id', '1234'], /--account-id expects 12 digits\./],
    ['a bad organization id', [...REQUIRED, '--organization-id', 'org-1'], /--organization-id expects o- followed by/],
    ['a bucket name with capitals', [...REQUIRED, '--s3-bucket', 'My_Bucket'], /--s3-bucket expects an S3 bucket name\./],
    ['an ftp endpoint', [...REQUIRED, '--endpoint-url', 'ftp://127.0.0.1'], /--endpoint-url expects an http:\/\/ or https:\/\/ URL\./],
    [
      'a region that is not one',
      [...REQUIRED, '--regions', 'us-east-1,Europe'],
      /--regions expects AWS region names such as us-east-1 or eu-west-1, got 'Europe'\./,
    ],
    [
      'a start in the future',
      ['validate-logs', '--trail-arn', TRAIL, '--start-time', '2999-01-01', '--s3-bucket', 'audit-logs'],
      /^auditready: --start-time 2999-01-01T00:00:00.000Z is in the future: nothing has been delivered yet$/m,
    ],
    ['an unknown flag', [...REQUIRED, '--bucket', 'x'], /unknown option '--bucket'/],
    [
      'an end before the start',
      [...REQUIRED, '--end-time', '2026-03-09', '--s3-bucket', 'audit-logs'],
      /^auditready: --end-time 2026-03-09T00:00:00.000Z must be after --start-time 2026-03-10T09:00:00.000Z$/m,
    ],
    [
      'an unreadable --public-key',
      [...REQUIRED, '--s3-bucket', 'audit-logs', '--public-key', '/nonexistent/key.pem'],
      /^auditready: --public-key \/nonexistent\/key\.pem: cannot be read \(ENOENT\)$/m,
    ],
  ])('refuses %s: exit 2, one clear message, no report', async (_name, args, message) => {
    const run = await auditready(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
