/** `auditready validate-logs` end to end against the S3 server (Ceph radosgw), through cli/main.ts's `run`. */
import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { pkcs1Der } from '../../log-validation/public-key-fingerprint';
import { buildCloudTrailFixture, type CloudTrailFixture, generateSigningKey, writeFixture } from '../../testkit/cloudtrail-fixture';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../testkit/fake-cloudtrail-server';
import { s3Connection, testS3Client } from '../../testkit/s3-server';
import { type CliRun, runCli } from '../cli/run-cli';

const auditready = (...args: string[]): Promise<CliRun> => runCli(args);

describe('validate-logs end to end against S3 (radosgw)', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'validate-logs-cli-'));
  const signingKey = generateSigningKey();
  /** The public half of the signing key, DER PKCS#1, as ListPublicKeys returns it. */
  const publicDer = () => pkcs1Der(createPublicKey(signingKey)).toString('base64');
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

  /** The trail and the period of the fixture, read from the test server. */
  const trailAndPeriod = () => [
    'validate-logs',
    '--trail-arn',
    fixture.trailArn,
    '--start-time',
    '2026-03-10T09:30:00Z',
    '--end-time',
    '2026-03-10T12:00:17Z',
    '--endpoint-url',
    endpoint,
  ];
  const offline = () => [...trailAndPeriod(), '--s3-bucket', fixture.bucket, '--public-key', keyFile];

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
    expect(run.stderr).toMatch(/^auditready: cannot read the logs: NoSuchBucket on s3:\/\/vl-no-such-bucket\/$/m);
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
          return [200, { PublicKeyList: [{ Value: publicDer(), ValidityStartTime: 1767225600, ValidityEndTime: 1798761600 }] }];
        }
        return [400, { __type: 'InvalidRequestException', message: operation }];
      });
      // The SDK's standard per-service endpoint setting: no extra flag needed to audit against a stand-in.
      process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = cloudTrail.endpoint;
    });
    afterAll(() => cloudTrail.close());

    test('uses the bucket from DescribeTrails and the keys from ListPublicKeys', async () => {
      const run = await auditready(...trailAndPeriod());
      expect(run).toMatchObject({ code: 0, stderr: '' });
      // Asked at once: in either order.
      expect(cloudTrail.requests.map((r) => r.operation).sort()).toEqual(['DescribeTrails', 'ListPublicKeys']);
      expect(cloudTrail.requests.find((r) => r.operation === 'DescribeTrails')?.body).toEqual({ trailNameList: [fixture.trailArn], includeShadowTrails: true });
    });
  });

  describe('the regions validated: from DescribeTrails, from --regions, else from the folders holding the trail', () => {
    let cloudTrail: FakeCloudTrail;
    let multi: CloudTrailFixture;
    /** What DescribeTrails answers, per test. */
    let describeTrailsAnswer: () => [number, unknown];
    beforeAll(async () => {
      // The trail has digests in two regions (it was multi-region once, or is).
      multi = buildCloudTrailFixture({
        bucket: `vl-cli-${randomBytes(5).toString('hex')}`,
        regions: ['eu-west-1', 'us-east-1'],
        start: new Date('2026-03-10T09:00:17Z'),
        hours: 3,
        signingKey,
      });
      await writeFixture(s3, multi);
      cloudTrail = await startFakeCloudTrail((operation) => {
        if (operation === 'DescribeTrails') return describeTrailsAnswer();
        if (operation === 'ListPublicKeys')
          return [200, { PublicKeyList: [{ Value: publicDer(), ValidityStartTime: 1767225600, ValidityEndTime: 1798761600 }] }];
        return [400, { __type: 'InvalidRequestException', message: operation }];
      });
      process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = cloudTrail.endpoint;
    });
    afterAll(async () => {
      delete process.env.AWS_ENDPOINT_URL_CLOUDTRAIL;
      await cloudTrail.close();
    });
    const trail = (multiRegion: boolean): [number, unknown] => [
      200,
      { trailList: [{ TrailARN: multi.trailArn, S3BucketName: multi.bucket, HomeRegion: 'us-east-1', IsMultiRegionTrail: multiRegion }] },
    ];
    const online = (...more: string[]) => auditready(...trailAndPeriod(), '--s3-bucket', multi.bucket, ...more);

    test('a single-region trail: its home region only, although the bucket holds its digests of another region', async () => {
      describeTrailsAnswer = () => trail(false);
      const run = await online();
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain('Regions: us-east-1 (from DescribeTrails: a single-region trail logs its home region)\n');
      expect(run.stdout).toContain('Digest files: 3 valid, 0 INVALID');
    });

    test('a multi-region trail: every region folder holding its digests', async () => {
      describeTrailsAnswer = () => trail(true);
      const run = await online();
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain(
        'Regions: eu-west-1, us-east-1 (from DescribeTrails: a multi-region trail; region folders holding digests of this trail, and its home region)\n',
      );
      expect(run.stdout).toContain('Digest files: 6 valid, 0 INVALID');
    });

    test('DescribeTrails refused: the regions come from the folders, and the report says why', async () => {
      describeTrailsAnswer = () => [400, { __type: 'AccessDeniedException', message: 'not authorized to perform cloudtrail:DescribeTrails' }];
      const run = await online();
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain(
        'Regions: eu-west-1, us-east-1 (from region folders holding digests of this trail, and its home region; ' +
          'DescribeTrails: AccessDeniedException (not authorized to perform cloudtrail:DescribeTrails))\n',
      );
    });

    test('--regions: exactly those, offline too', async () => {
      const run = await auditready(...offline().map((a) => (a === fixture.bucket ? multi.bucket : a)), '--regions', 'eu-west-1');
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain('Regions: eu-west-1 (from --regions)\n');
      expect(run.stdout).toContain('Digest files: 3 valid, 0 INVALID');
    });
  });

  test('an end time in the future: exit 0 when the trail delivered up to now', async () => {
    const start = new Date(Math.floor((Date.now() - 5 * 3600_000) / 60_000) * 60_000 + 17_000);
    const recent = buildCloudTrailFixture({ bucket: `vl-cli-${randomBytes(5).toString('hex')}`, start, hours: 4, signingKey });
    await writeFixture(s3, recent);
    const args = offline().map((a) => (a === fixture.bucket ? recent.bucket : a));
    args[args.indexOf('--start-time') + 1] = start.toISOString();
    args[args.indexOf('--end-time') + 1] = new Date(Date.now() + 24 * 3600_000).toISOString();

    const run = await auditready(...args);

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Digest files: 4 valid, 0 INVALID');
  });

  test('the last hours of a past period deleted: exit 1, the missing stretch on one line', async () => {
    const cut = buildCloudTrailFixture({ bucket: `vl-cli-${randomBytes(5).toString('hex')}`, start: new Date('2026-03-10T09:00:17Z'), hours: 3, signingKey });
    await writeFixture(s3, cut);
    const last = cut.digests[2]!;
    for (const key of [last.key, ...last.logFiles.map((f) => f.key)]) await s3.send(new DeleteObjectCommand({ Bucket: cut.bucket, Key: key }));

    const run = await auditready(...offline().map((a) => (a === fixture.bucket ? cut.bucket : a)));

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'Digest file\t(digests of us-east-1 from 2026-03-10T11:00:17Z to 2026-03-10T12:00:17Z)\tINVALID: not found: the newest digest ends at 2026-03-10T11:00:17Z\n',
    );
  });
});
