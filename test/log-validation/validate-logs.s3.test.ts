import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CopyObjectCommand, DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ObjectAccessError } from '../../log-validation/object-source';
import { PublicKeyStore } from '../../log-validation/public-key-store';
import { isReportValid, type ValidationReport } from '../../log-validation/report';
import { S3ObjectSource } from '../../log-validation/s3-object-source';
import { parseTrailArn } from '../../log-validation/trail-arn';
import { validateLogs } from '../../log-validation/validate-logs';
import {
  buildCloudTrailFixture,
  type CloudTrailFixture,
  type FixtureDigest,
  type FixtureOptions,
  fingerprint,
  generateSigningKey,
  signedDigest,
  writeFixture,
} from '../../testkit/cloudtrail-fixture';
import { testS3Client } from '../../testkit/s3-server';

// Integration tests against the real S3 server (radosgw) that jest global setup provides.
const HOUR_MS = 3600_000;
const START = new Date('2026-03-10T09:00:17Z');
const keyDir = mkdtempSync(join(tmpdir(), 'validate-logs-keys-'));
const signingKey = generateSigningKey();

let s3: S3Client;
beforeAll(() => {
  s3 = testS3Client();
});
afterAll(() => s3?.destroy());

async function givenFixture(options: Partial<FixtureOptions> = {}): Promise<CloudTrailFixture> {
  const fixture = buildCloudTrailFixture({
    bucket: `vl-${randomBytes(6).toString('hex')}`,
    start: START,
    hours: 4,
    signingKey,
    ...options,
  });
  await writeFixture(s3, fixture);
  return fixture;
}

interface ValidateOptions {
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly endTimeGiven?: boolean;
  readonly concurrency?: number;
  readonly publicKeyPems?: readonly string[];
}

async function validate(fixture: CloudTrailFixture, options: ValidateOptions = {}): Promise<ValidationReport> {
  const first = fixture.digests[0] as FixtureDigest;
  const last = fixture.digests[fixture.digests.length - 1] as FixtureDigest;
  const keyFiles = (options.publicKeyPems ?? [fixture.publicKeyPem]).map((pem, i) => {
    const path = join(keyDir, `${fixture.bucket}-${i}.pem`);
    writeFileSync(path, pem);
    return path;
  });
  return validateLogs(
    {
      trail: parseTrailArn(fixture.trailArn)!,
      bucket: fixture.bucket,
      ...(fixture.prefix ? { prefix: fixture.prefix } : {}),
      accountId: fixture.accountId,
      startTime: options.startTime ?? new Date(first.startTime.getTime() + HOUR_MS / 2),
      endTime: options.endTime ?? last.endTime,
      endTimeGiven: options.endTimeGiven ?? false,
      concurrency: options.concurrency ?? 4,
    },
    { source: new S3ObjectSource(s3), publicKeys: await PublicKeyStore.fromFiles(keyFiles) },
  );
}

/** The INVALID files of a report: key (or description) and reasons. */
function invalidFiles(report: ValidationReport): Array<{ file: string; reasons: string[] }> {
  return report.results.filter((r) => r.problems.length > 0).map((r) => ({ file: r.key ?? `(${r.description})`, reasons: r.problems.map((p) => p.reason) }));
}

function details(report: ValidationReport, key: string): string {
  return (report.results.find((r) => r.key === key)?.problems ?? []).map((p) => p.detail).join('; ');
}

async function put(bucket: string, key: string, body: Buffer, metadata?: Record<string, string>): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...(metadata ? { Metadata: metadata } : {}) }));
}

async function remove(bucket: string, key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

function digestAt(fixture: CloudTrailFixture, index: number): FixtureDigest {
  return fixture.digests[index] as FixtureDigest;
}

/** The key CloudTrail would give a digest of the same trail ending at `endTime`. */
function digestKeyEndingAt(digest: FixtureDigest, endTime: Date): string {
  const stamp = endTime
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  const day = endTime.toISOString().slice(0, 10).replace(/-/g, '/');
  return digest.key.replace(/\d{4}\/\d{2}\/\d{2}\/(.*_)\d{8}T\d{6}Z\.json\.gz$/, `${day}/$1${stamp}.json.gz`);
}

describe('validate-logs against S3 (radosgw)', () => {
  test('intact chain: every digest and log file is valid', async () => {
    const fixture = await givenFixture();

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([]);
    expect(report.summary).toEqual({
      digestsValid: 4,
      digestsInvalid: 0,
      backfillDigestsValid: 0,
      backfillDigestsInvalid: 0,
      logFilesValid: 8,
      logFilesInvalid: 0,
      logFilesNotChecked: 0,
      uncompressedBytesHashed: fixture.digests.flatMap((d) => d.logFiles).reduce((n, f) => n + f.uncompressedBytes, 0),
    });
    expect(report.results.filter((r) => r.kind === 'digest').map((r) => r.key)).toEqual([...fixture.digests].reverse().map((d) => d.key));
    expect(isReportValid(report)).toBe(true);
  });

  test('modified log file: hash mismatch', async () => {
    const fixture = await givenFixture();
    const log = digestAt(fixture, 2).logFiles[0]!;
    await put(fixture.bucket, log.key, gzipSync(Buffer.from('{"Records":[]}')));

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: log.key, reasons: ['hash mismatch'] }]);
    expect(isReportValid(report)).toBe(false);
  });

  test('deleted log file: not found', async () => {
    const fixture = await givenFixture();
    const log = digestAt(fixture, 1).logFiles[1]!;
    await remove(fixture.bucket, log.key);

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: log.key, reasons: ['not found'] }]);
  });

  test('modified digest: signature invalid, the next digest no longer chains to it, its log files are not checked', async () => {
    const fixture = await givenFixture();
    const digest = digestAt(fixture, 2);
    const tampered = { ...digest.content, logFiles: digest.content.logFiles.slice(1) };
    await put(fixture.bucket, digest.key, gzipSync(Buffer.from(JSON.stringify(tampered))), digest.metadata);

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: digest.key, reasons: ['signature invalid', 'chain broken'] }]);
    expect(details(report, digest.key)).toContain(`SHA-256 differs from previousDigestHashValue in ${digestAt(fixture, 3).key}`);
    expect(report.summary.logFilesNotChecked).toBe(1);
    expect(report.summary.logFilesValid).toBe(6);
  });

  test('deleted digest: reported as not found, the chain goes on from the next one that exists', async () => {
    const fixture = await givenFixture();
    await remove(fixture.bucket, digestAt(fixture, 2).key);

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: digestAt(fixture, 2).key, reasons: ['not found'] }]);
    expect(report.summary.digestsValid).toBe(3);
  });

  test('two deleted digests in a row: both are reported, the second by the hour it covered', async () => {
    const fixture = await givenFixture({ hours: 5 });
    await remove(fixture.bucket, digestAt(fixture, 2).key);
    await remove(fixture.bucket, digestAt(fixture, 3).key);

    const report = await validate(fixture);

    const endOfSecond = digestAt(fixture, 2).endTime.toISOString().replace('.000Z', 'Z');
    expect(invalidFiles(report)).toEqual([
      { file: digestAt(fixture, 3).key, reasons: ['not found'] },
      { file: expect.stringContaining(`ending about ${endOfSecond}`), reasons: ['not found'] },
    ]);
    expect(report.summary.digestsInvalid).toBe(2);
    expect(report.summary.digestsValid).toBe(3);
  });

  test('forged signature: signature invalid, and it differs from what the next digest recorded', async () => {
    const fixture = await givenFixture();
    const digest = digestAt(fixture, 1);
    const forged = signedDigest({ ...digest, content: { ...digest.content, digestEndTime: '2026-03-10T10:00:18Z' } }, signingKey);
    await put(fixture.bucket, digest.key, digest.body, { ...digest.metadata, signature: forged.signatureHex });

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: digest.key, reasons: ['signature invalid', 'chain broken'] }]);
    expect(details(report, digest.key)).toContain('signature differs from previousDigestSignature');
  });

  test('digest signed by an unknown key: key not found', async () => {
    const fixture = await givenFixture();
    const digest = digestAt(fixture, 3);
    const otherKey = generateSigningKey();
    const resigned = signedDigest({ ...digest, content: { ...digest.content, digestPublicKeyFingerprint: fingerprint(otherKey) } }, otherKey);
    await put(fixture.bucket, digest.key, resigned.body, resigned.metadata);

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: digest.key, reasons: ['key not found'] }]);
    expect(report.summary.logFilesNotChecked).toBe(2);
  });

  test('a digest signed by a key given with --public-key is valid: offline audit with several keys', async () => {
    const fixture = await givenFixture();
    const otherKey = generateSigningKey();
    const otherPem = createPublicKey(otherKey).export({ type: 'spki', format: 'pem' }).toString();

    const report = await validate(fixture, { publicKeyPems: [otherPem, fixture.publicKeyPem] });

    expect(invalidFiles(report)).toEqual([]);
  });

  test('digest copied to another key in the chain period: moved', async () => {
    const fixture = await givenFixture();
    const digest = digestAt(fixture, 1);
    const copyKey = digestKeyEndingAt(digest, new Date(digest.endTime.getTime() + HOUR_MS / 2));
    await s3.send(new CopyObjectCommand({ Bucket: fixture.bucket, Key: copyKey, CopySource: `${fixture.bucket}/${digest.key}` }));

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: copyKey, reasons: ['moved'] }]);
    expect(details(report, copyKey)).toContain(`names s3://${fixture.bucket}/${digest.key}`);
  });

  test('digest copied to a newer key than the newest digest: moved, the real chain is still walked', async () => {
    const fixture = await givenFixture();
    const newest = digestAt(fixture, 3);
    const copyKey = digestKeyEndingAt(newest, new Date(newest.endTime.getTime() + HOUR_MS));
    await s3.send(new CopyObjectCommand({ Bucket: fixture.bucket, Key: copyKey, CopySource: `${fixture.bucket}/${digestAt(fixture, 0).key}` }));

    const report = await validate(fixture, { endTime: new Date(newest.endTime.getTime() + HOUR_MS / 2) });

    expect(invalidFiles(report)).toEqual([{ file: copyKey, reasons: ['moved'] }]);
    expect(report.summary.digestsValid).toBe(4);
  });

  test('truncated gzip log file: invalid format', async () => {
    const fixture = await givenFixture();
    const log = digestAt(fixture, 0).logFiles[0]!;
    await put(fixture.bucket, log.key, log.body.subarray(0, log.body.length - 10));

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: log.key, reasons: ['invalid format'] }]);
    expect(details(report, log.key)).toContain('unexpected end of file');
  });

  test.each([
    ['text', Buffer.from('{"injected":true}')],
    ['zero bytes', Buffer.alloc(64)],
  ])('trailing data (%s) after the gzip stream: invalid format, although the hash still matches', async (_name, trailer) => {
    const fixture = await givenFixture();
    const log = digestAt(fixture, 3).logFiles[1]!;
    await put(fixture.bucket, log.key, Buffer.concat([log.body, trailer]));

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: log.key, reasons: ['invalid format'] }]);
    expect(details(report, log.key)).toContain('trailing data after the gzip stream');
  });

  test('first digest of a chain, with null previous fields, ends the walk and is valid', async () => {
    const fixture = await givenFixture();
    expect(digestAt(fixture, 0).content.previousDigestSignature).toBeNull();

    const report = await validate(fixture, { startTime: new Date(START.getTime() - 5 * HOUR_MS) });

    expect(invalidFiles(report)).toEqual([]);
    expect(report.results.find((r) => r.key === digestAt(fixture, 0).key)?.problems).toEqual([]);
    expect(report.summary.digestsValid).toBe(4);
  });

  test('chain crossing a day and a month boundary', async () => {
    const start = new Date('2026-01-31T22:01:31Z');
    const fixture = await givenFixture({ start, hours: 5 });
    expect(fixture.digests.map((d) => d.key.split('/').slice(-4, -1).join('/'))).toEqual([
      '2026/01/31',
      '2026/02/01',
      '2026/02/01',
      '2026/02/01',
      '2026/02/01',
    ]);

    const report = await validate(fixture, { startTime: new Date('2026-01-31T22:30:00Z'), endTime: new Date('2026-02-01T03:01:31Z') });

    expect(invalidFiles(report)).toEqual([]);
    expect(report.summary.digestsValid).toBe(5);
    expect(report.summary.logFilesValid).toBe(10);
  });

  test('empty digest with no log files is valid', async () => {
    const fixture = await givenFixture({ logFilesPerHour: (hour) => (hour === 1 ? 0 : 1) });
    expect(digestAt(fixture, 1).content.logFiles).toEqual([]);

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([]);
    expect(report.summary.digestsValid).toBe(4);
    expect(report.summary.logFilesValid).toBe(3);
  });

  test('time gap between signed digests: chain broken', async () => {
    const fixture = await givenFixture({
      adjustDigest: (content, hour) => {
        if (hour === 2) content.digestStartTime = '2026-03-10T11:10:17Z';
      },
    });

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: digestAt(fixture, 1).key, reasons: ['chain broken'] }]);
    expect(details(report, digestAt(fixture, 1).key)).toContain('time gap: no digest covers 2026-03-10T11:00:17Z to 2026-03-10T11:10:17Z');
  });

  test('chain restarted (logging stopped and started): the gap is reported and the older chain still validated', async () => {
    const fixture = await givenFixture({
      adjustDigest: (content, hour) => {
        if (hour !== 2) return;
        content.previousDigestS3Bucket = null;
        content.previousDigestS3Object = null;
        content.previousDigestHashValue = null;
        content.previousDigestHashAlgorithm = null;
        content.previousDigestSignature = null;
      },
    });

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: digestAt(fixture, 2).key, reasons: ['chain broken'] }]);
    expect(details(report, digestAt(fixture, 2).key)).toContain(
      `starts a new chain (previous digest fields null) although ${digestAt(fixture, 1).key} is older`,
    );
    expect(report.summary).toMatchObject({ digestsValid: 3, logFilesValid: 8, logFilesNotChecked: 0 });
  });

  test('backfill digests: a chain of their own, signed, with their log files checked', async () => {
    const fixture = await givenFixture({ backfillHours: [1, 2] });
    const backfillLog = fixture.backfillDigests[1]!.logFiles[0]!;
    await put(fixture.bucket, backfillLog.key, gzipSync(Buffer.from('{"Records":[]}')));

    const report = await validate(fixture);

    expect(report.results.filter((r) => r.kind === 'backfill digest').map((r) => [r.key, r.problems])).toEqual([
      [fixture.backfillDigests[1]!.key, []],
      [fixture.backfillDigests[0]!.key, []],
    ]);
    expect(invalidFiles(report)).toEqual([{ file: backfillLog.key, reasons: ['hash mismatch'] }]);
    expect(report.summary).toMatchObject({ digestsValid: 4, backfillDigestsValid: 2, logFilesValid: 9, logFilesInvalid: 1 });
  });

  test('backfill digest without its generation time in the metadata: invalid format', async () => {
    const fixture = await givenFixture({ backfillHours: [1] });
    const backfill = fixture.backfillDigests[0]!;
    await put(fixture.bucket, backfill.key, backfill.body, { signature: backfill.signatureHex, 'signature-algorithm': 'SHA256withRSA' });

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: backfill.key, reasons: ['invalid format'] }]);
    expect(report.summary).toMatchObject({ backfillDigestsInvalid: 1, logFilesNotChecked: 1 });
  });

  test('no digest in the last hours before a chosen end time: reported as missing', async () => {
    const fixture = await givenFixture();
    const newest = digestAt(fixture, 3);

    const report = await validate(fixture, { endTime: new Date(newest.endTime.getTime() + 4 * HOUR_MS), endTimeGiven: true });

    expect(invalidFiles(report)).toEqual([{ file: expect.stringContaining('digests of us-east-1 from 2026-03-10T13:00:17Z'), reasons: ['not found'] }]);
  });

  test('every region of a multi-region trail, with a prefix and an organization id', async () => {
    const fixture = await givenFixture({ regions: ['eu-west-1', 'us-east-1'], prefix: 'audit/trail', organizationId: 'o-abcdef1234' });

    const report = await validateLogs(
      {
        trail: parseTrailArn(fixture.trailArn)!,
        bucket: fixture.bucket,
        prefix: 'audit/trail',
        organizationId: 'o-abcdef1234',
        accountId: fixture.accountId,
        startTime: START,
        endTime: digestAt(fixture, 3).endTime,
        endTimeGiven: true,
        concurrency: 2,
      },
      { source: new S3ObjectSource(s3), publicKeys: await PublicKeyStore.fromFiles([writeKey(fixture)]) },
    );

    expect(report.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(invalidFiles(report)).toEqual([]);
    expect(report.summary.digestsValid).toBe(8);
  });

  test('the report does not depend on the concurrency', async () => {
    const fixture = await givenFixture({ logFilesPerHour: 5 });
    await remove(fixture.bucket, digestAt(fixture, 2).logFiles[3]!.key);

    const one = await validate(fixture, { concurrency: 1 });
    const many = await validate(fixture, { concurrency: 16 });

    expect(many).toEqual(one);
    expect(one.summary.logFilesInvalid).toBe(1);
  });

  test('a bucket that does not exist is an access error naming the code and the bucket', async () => {
    const fixture = buildCloudTrailFixture({ bucket: `vl-missing-${randomBytes(4).toString('hex')}`, start: START, hours: 1, signingKey });

    const failure = validate(fixture);

    await expect(failure).rejects.toThrow(ObjectAccessError);
    await expect(failure).rejects.toThrow(new RegExp(`^NoSuchBucket on s3://${fixture.bucket}/`));
  });
});

function writeKey(fixture: CloudTrailFixture): string {
  const path = join(keyDir, `${fixture.bucket}.pem`);
  writeFileSync(path, fixture.publicKeyPem);
  return path;
}
