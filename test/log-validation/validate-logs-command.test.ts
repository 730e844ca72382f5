import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { pkcs1Der } from '../../log-validation/public-key-fingerprint';
import { buildCloudTrailFixture, type CloudTrailFixture, generateSigningKey, writeFixture } from '../../testkit/cloudtrail-fixture';
import { s3Connection, testS3Client } from '../../testkit/s3-server';
import { type CliRun, runCli } from '../cli/run-cli';
import { type FakeCloudTrail, startFakeCloudTrail } from './fixture/fake-cloudtrail-server';

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
      '--concurrency',
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

describe('validate-logs end to end against S3 (radosgw)', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'validate-logs-cli-'));
  const signingKey = generateSigningKey();
  const savedEnv = { ...process.env };
  let s3: S3Client;
  let fixture: CloudTrailFixture;
  let keyFile: string;
  let endpoint: string;

  beforeAll(async () => {
    const connection = s3Connection();
    endpoint = connection.endpoint;
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: connection.accessKeyId,
      AWS_SECRET_ACCESS_KEY: connection.secretAccessKey,
      AWS_REGION: connection.region,
    });
    s3 = testS3Client(connection);
    fixture = buildCloudTrailFixture({ bucket: `vl-cli-${randomBytes(5).toString('hex')}`, start: new Date('2026-03-10T09:00:17Z'), hours: 3, signingKey });
    await writeFixture(s3, fixture);
    keyFile = join(keyDir, 'cloudtrail.pem');
    writeFileSync(keyFile, fixture.publicKeyPem);
  });
  afterAll(() => {
    process.env = savedEnv;
    s3?.destroy();
  });

  const offline = () => [
    'validate-logs',
    '--trail-arn',
    fixture.trailArn,
    '--start-time',
    '2026-03-10T09:30:00Z',
    '--end-time',
    '2026-03-10T12:00:17Z',
    '--s3-bucket',
    fixture.bucket,
    '--endpoint-url',
    endpoint,
    '--public-key',
    keyFile,
  ];

  test('all valid: exit 0, summary on stdout', async () => {
    const run = await auditready(...offline());
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Digest files: 3 valid, 0 INVALID');
    expect(run.stdout).toContain('Log files: 6 valid, 0 INVALID, 0 not checked');
    expect(run.stdout).not.toContain('\tvalid');
  });

  test('--verbose lists the valid files too', async () => {
    const run = await auditready(...offline(), '--verbose');
    expect(run.stdout.split('\n').filter((l) => l.endsWith('\tvalid'))).toHaveLength(9);
  });

  test('--format json: the whole report, each file with its status', async () => {
    const run = await auditready(...offline(), '--format', 'json', '--concurrency', '1');
    const report = JSON.parse(run.stdout) as { results: Array<{ status: string; kind: string }>; summary: { digestsValid: number } };
    expect(run.code).toBe(0);
    expect(report.summary.digestsValid).toBe(3);
    expect(report.results.map((r) => `${r.kind}:${r.status}`).sort()).toEqual([...Array(3).fill('digest:valid'), ...Array(6).fill('log:valid')]);
  });

  test('an altered log file: exit 1, one INVALID line with the reason', async () => {
    const tampered = buildCloudTrailFixture({
      bucket: `vl-cli-${randomBytes(5).toString('hex')}`,
      start: new Date('2026-03-10T09:00:17Z'),
      hours: 3,
      signingKey,
    });
    await writeFixture(s3, tampered);
    const log = tampered.digests[1]!.logFiles[0]!;
    await s3.send(new PutObjectCommand({ Bucket: tampered.bucket, Key: log.key, Body: gzipSync('{"Records":[]}') }));

    const args = offline();
    args[args.indexOf(fixture.bucket)] = tampered.bucket;
    const run = await auditready(...args);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`^Log file\\ts3://${tampered.bucket}/${log.key}\\tINVALID: hash mismatch: SHA-256 [0-9a-f]{64}, digest lists ${log.sha256}$`, 'm'),
    );
    expect(run.stdout).toContain('Log files: 5 valid, 1 INVALID');
  });

  test('a bucket that does not exist: exit 2 naming the error code and the bucket', async () => {
    const args = offline();
    args[args.indexOf(fixture.bucket)] = 'vl-no-such-bucket';
    const run = await auditready(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^auditready: cannot read the logs: NoSuchBucket on s3:\/\/vl-no-such-bucket\/AWSLogs\/111122223333\/CloudTrail-Digest\//m);
    expect(run.stdout).toBe('');
  });

  describe('without --s3-bucket and --public-key: the trail and its keys from CloudTrail', () => {
    let cloudTrail: FakeCloudTrail;
    beforeAll(async () => {
      cloudTrail = await startFakeCloudTrail((operation) => {
        if (operation === 'DescribeTrails') {
          return [200, { trailList: [{ TrailARN: fixture.trailArn, S3BucketName: fixture.bucket, LogFileValidationEnabled: true }] }];
        }
        if (operation === 'ListPublicKeys') {
          return [200, { PublicKeyList: [{ Value: pkcs1Der(signingKey).toString('base64'), ValidityStartTime: 1767225600, ValidityEndTime: 1798761600 }] }];
        }
        return [400, { __type: 'InvalidRequestException', message: operation }];
      });
      // The SDK's standard per-service endpoint setting: no extra flag needed to audit against a stand-in.
      process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = cloudTrail.endpoint;
    });
    afterAll(() => cloudTrail.close());

    test('uses the bucket from DescribeTrails and the keys from ListPublicKeys', async () => {
      const run = await auditready(
        'validate-logs',
        '--trail-arn',
        fixture.trailArn,
        '--start-time',
        '2026-03-10T09:30:00Z',
        '--end-time',
        '2026-03-10T12:00:17Z',
        '--endpoint-url',
        endpoint,
      );
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(cloudTrail.requests.map((r) => r.operation)).toEqual(['DescribeTrails', 'ListPublicKeys']);
      expect(cloudTrail.requests[0]!.body).toEqual({ trailNameList: [fixture.trailArn], includeShadowTrails: true });
    });
  });
});
