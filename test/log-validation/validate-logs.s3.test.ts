import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CopyObjectCommand, DeleteObjectCommand, PutBucketPolicyCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ObjectAccessError } from '../../log-validation/object-source';
import { PublicKeyStore } from '../../log-validation/public-key-store';
import { isReportValid, type ValidationReport } from '../../log-validation/report';
import { S3ObjectSource } from '../../log-validation/s3-object-source';
import { parseTrailArn } from '../../log-validation/trail-arn';
import type { TrailRegions } from '../../log-validation/trail-regions';
import { validateLogs } from '../../log-validation/validate-logs';
import {
  buildCloudTrailFixture,
  type CloudTrailFixture,
  type FixtureDigest,
  type FixtureOptions,
  fingerprint,
  generateSigningKey,
  putAll,
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
  /** The time of the run; the real time when not given (these fixtures are in the past). */
  readonly now?: Date;
  readonly concurrency?: number;
  readonly publicKeyPems?: readonly string[];
  readonly regions?: TrailRegions;
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
      // Where the trail delivers now: the bucket it moved to, if it did.
      bucket: fixture.moved?.bucket ?? fixture.bucket,
      ...((fixture.moved ? fixture.moved.prefix : fixture.prefix) ? { prefix: fixture.moved?.prefix ?? fixture.prefix } : {}),
      accountId: fixture.accountId,
      startTime: options.startTime ?? new Date(first.startTime.getTime() + HOUR_MS / 2),
      endTime: options.endTime ?? last.endTime,
      ...(options.now ? { now: options.now } : {}),
      ...(options.regions ? { regions: options.regions } : {}),
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

    // Run half an hour after the period: the digest covering its last half hour is not due yet.
    const report = await validate(fixture, { endTime: new Date(newest.endTime.getTime() + HOUR_MS / 2), now: new Date(newest.endTime.getTime() + HOUR_MS) });

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

    const report = await validate(fixture, { endTime: new Date(newest.endTime.getTime() + 4 * HOUR_MS) });

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

describe('the end of the period (radosgw)', () => {
  test('the last two hours deleted, digests and log files together: the missing stretch is reported with its time range', async () => {
    const fixture = await givenFixture({ hours: 6 });
    for (const digest of [digestAt(fixture, 4), digestAt(fixture, 5)]) {
      for (const key of [digest.key, ...digest.logFiles.map((f) => f.key)]) await remove(fixture.bucket, key);
    }

    // The period ended long ago: nothing of it can still be on its way.
    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: '(digests of us-east-1 from 2026-03-10T13:00:17Z to 2026-03-10T15:00:17Z)', reasons: ['not found'] }]);
    expect(report.results.find((r) => r.description?.startsWith('digests of'))?.problems[0]?.detail).toBe('the newest digest ends at 2026-03-10T13:00:17Z');
    expect(report.summary).toMatchObject({ digestsValid: 4, digestsInvalid: 1, logFilesValid: 8 });
    expect(isReportValid(report)).toBe(false);
  });

  test('a period with nothing left in it, an older digest still there: INVALID, the whole period reported missing', async () => {
    const fixture = await givenFixture({ hours: 6 });
    for (const digest of fixture.digests.slice(3)) {
      for (const key of [digest.key, ...digest.logFiles.map((f) => f.key)]) await remove(fixture.bucket, key);
    }

    const report = await validate(fixture, { startTime: new Date('2026-03-10T12:30:00Z'), endTime: digestAt(fixture, 5).endTime });

    expect(invalidFiles(report)).toEqual([{ file: '(digests of us-east-1 from 2026-03-10T12:30:00Z to 2026-03-10T15:00:17Z)', reasons: ['not found'] }]);
    expect(isReportValid(report)).toBe(false);
  });

  test('the same deletion seen within two hours of the period ending is not reported yet: the newest digests may be on their way', async () => {
    const fixture = await givenFixture({ hours: 6 });
    await remove(fixture.bucket, digestAt(fixture, 5).key);

    const report = await validate(fixture, { now: new Date(digestAt(fixture, 5).endTime.getTime() + HOUR_MS) });

    expect(invalidFiles(report)).toEqual([]);
    // Two hours after: the newest digest is due, and missing.
    const later = await validate(fixture, { now: new Date(digestAt(fixture, 5).endTime.getTime() + 3 * HOUR_MS) });
    expect(invalidFiles(later)).toEqual([{ file: '(digests of us-east-1 from 2026-03-10T14:00:17Z to 2026-03-10T15:00:17Z)', reasons: ['not found'] }]);
  });

  test('an end time in the future: digests that cannot exist yet are not missing', async () => {
    // A trail delivering until an hour ago, validated to a day ahead.
    const start = new Date(Math.floor((Date.now() - 5 * HOUR_MS) / 60_000) * 60_000 + 17_000);
    const fixture = await givenFixture({ start, hours: 4 });

    const report = await validate(fixture, { startTime: start, endTime: new Date(Date.now() + 24 * HOUR_MS) });

    expect(invalidFiles(report)).toEqual([]);
    expect(report.summary).toMatchObject({ digestsValid: 4, logFilesValid: 8 });
    expect(isReportValid(report)).toBe(true);
  });
});

describe('a trail that moved to another bucket (radosgw)', () => {
  const movedFixture = (options: Partial<FixtureOptions> = {}) =>
    buildCloudTrailFixture({
      bucket: `vl-old-${randomBytes(5).toString('hex')}`,
      moved: { bucket: `vl-new-${randomBytes(5).toString('hex')}`, prefix: 'audit', fromHour: 3 },
      start: START,
      hours: 6,
      signingKey,
      ...options,
    });

  test('the chain is followed into the bucket the trail used before, and both halves are validated', async () => {
    const fixture = movedFixture();
    await writeFixture(s3, fixture);
    const newBucket = fixture.moved!.bucket;
    expect(digestAt(fixture, 3).content.previousDigestS3Bucket).toBe(fixture.bucket);

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([]);
    expect(report.results.filter((r) => r.kind === 'digest').map((r) => r.bucket)).toEqual([...Array(3).fill(newBucket), ...Array(3).fill(fixture.bucket)]);
    expect(report.results.filter((r) => r.kind === 'log' && r.bucket === fixture.bucket)).toHaveLength(6);
    expect(report.summary).toMatchObject({ digestsValid: 6, logFilesValid: 12 });
  });

  test('a deleted digest in the old bucket is found missing there', async () => {
    const fixture = movedFixture();
    await writeFixture(s3, fixture);
    await remove(fixture.bucket, digestAt(fixture, 1).key);

    const report = await validate(fixture);

    expect(invalidFiles(report)).toEqual([{ file: digestAt(fixture, 1).key, reasons: ['not found'] }]);
    expect(report.results.find((r) => r.key === digestAt(fixture, 1).key)?.bucket).toBe(fixture.bucket);
  });

  test('the old bucket unreadable: an access error that names it and says why it was read', async () => {
    const fixture = movedFixture();
    await writeFixture(s3, fixture);
    // Every request to the old bucket refused, as when the auditor has no access to it.
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: fixture.bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${fixture.bucket}`, `arn:aws:s3:::${fixture.bucket}/*`] }],
        }),
      }),
    );

    const failure = validate(fixture);

    await expect(failure).rejects.toThrow(ObjectAccessError);
    await expect(failure).rejects.toThrow(
      new RegExp(
        `^AccessDenied on s3://${fixture.bucket}/: the trail delivered there before; named as previous digest by s3://${fixture.moved!.bucket}/${digestAt(fixture, 3).key.replace(/\./g, '\\.')}\\. ` +
          'Validating needs s3:ListBucket and s3:GetObject on every bucket the trail used$',
      ),
    );
  });

  test('a pointer into another bucket from a digest that is not authentic is not followed', async () => {
    const fixture = movedFixture();
    await writeFixture(s3, fixture);
    const digest = digestAt(fixture, 4);
    // The previous pointer redirected to a bucket the attacker controls, without the key to sign it.
    const redirected = { ...digest.content, previousDigestS3Bucket: 'attacker-bucket' };
    await put(fixture.moved!.bucket, digest.key, gzipSync(Buffer.from(JSON.stringify(redirected))), digest.metadata);

    const report = await validate(fixture);

    // INVALID itself, no longer what the next digest chained to, and its pointer not followed; the walk goes on from the listing.
    expect(invalidFiles(report)).toEqual([{ file: digest.key, reasons: ['signature invalid', 'chain broken', 'chain broken'] }]);
    expect(details(report, digest.key)).toContain(
      `previous digest s3://attacker-bucket/${digestAt(fixture, 3).key} is in another bucket or prefix, not followed from a digest that is not authentic`,
    );
    expect(report.results.some((r) => r.bucket === 'attacker-bucket')).toBe(false);
    expect(report.summary).toMatchObject({ digestsValid: 5, logFilesNotChecked: 2, logFilesValid: 10 });
  });
});

describe('a bucket shared with another trail (radosgw)', () => {
  test("only the regions whose folders hold this trail's digests are validated", async () => {
    const fixture = await givenFixture({ regions: ['eu-west-1', 'us-east-1'] });
    // Another multi-region trail of the account delivers to the same bucket, in more regions.
    const other = buildCloudTrailFixture({
      bucket: fixture.bucket,
      trailName: 'other-trail',
      homeRegion: 'eu-west-1',
      regions: ['ap-southeast-2', 'eu-west-1', 'us-east-1'],
      start: START,
      hours: 4,
      signingKey,
    });
    await putAll(
      s3,
      fixture.bucket,
      other.digests.flatMap((d) => [d, ...d.logFiles]),
    );

    const report = await validate(fixture);

    expect(report.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(report.regionsFrom).toBe('region folders holding digests of this trail, and its home region');
    expect(invalidFiles(report)).toEqual([]);
    expect(report.summary.digestsValid).toBe(8);
  });

  test("a region folder with only another trail's digests is not this trail's region, even when it is the only other folder", async () => {
    const fixture = await givenFixture();
    const other = buildCloudTrailFixture({ bucket: fixture.bucket, trailName: 'audit-trail-2', regions: ['eu-central-1'], start: START, hours: 2, signingKey });
    await putAll(s3, fixture.bucket, other.digests);

    const report = await validate(fixture);

    expect(report.regions).toEqual(['us-east-1']);
    expect(invalidFiles(report)).toEqual([]);
  });

  test('regions given by the auditor are taken as they are: a region without any digest is reported missing', async () => {
    const fixture = await givenFixture();

    const report = await validate(fixture, { regions: { regions: ['ca-central-1', 'us-east-1'], source: '--regions' } });

    expect(invalidFiles(report)).toEqual([{ file: '(digests of ca-central-1 from 2026-03-10T09:30:17Z to 2026-03-10T13:00:17Z)', reasons: ['not found'] }]);
  });
});

function writeKey(fixture: CloudTrailFixture): string {
  const path = join(keyDir, `${fixture.bucket}.pem`);
  writeFileSync(path, fixture.publicKeyPem);
  return path;
}
