/**
 * `auditready report --validate-logs` with reports the real `auditready validate-logs --format json` wrote
 * against the S3 server (Ceph radosgw): a window where every file is valid, and one with an altered log file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { defaultEnvironments } from '../../config/configured-environments';
import { synthesizeToDirectory } from '../../stacks/build-app';
import { buildCloudTrailFixture, type CloudTrailFixture, generateSigningKey, writeFixture } from '../../testkit/cloudtrail-fixture';
import { s3Connection, testS3Client } from '../../testkit/s3-server';
import { runCli } from '../cli/run-cli';

const savedEnv = { ...process.env };
let dir: string;
let s3: S3Client;
let endpoint: string;
const signingKey = generateSigningKey();

/** The JSON report of validate-logs over a fresh fixture bucket, with one log file altered when asked. */
async function validateLogsReport(name: string, alter: boolean): Promise<{ file: string; fixture: CloudTrailFixture }> {
  const fixture = buildCloudTrailFixture({ bucket: `rp-${randomBytes(5).toString('hex')}`, start: new Date('2026-03-10T09:00:17Z'), hours: 3, signingKey });
  await writeFixture(s3, fixture);
  if (alter) {
    const log = fixture.digests[1]!.logFiles[0]!;
    await s3.send(new PutObjectCommand({ Bucket: fixture.bucket, Key: log.key, Body: gzipSync('{"Records":[]}') }));
  }
  const key = join(dir, `${name}.pem`);
  writeFileSync(key, fixture.publicKeyPem);
  const run = await runCli([
    'validate-logs',
    '--trail-arn',
    fixture.trailArn,
    '--start-time',
    '2026-03-10T09:30:00Z',
    '--end-time',
    '2026-03-10T12:00:17Z',
    '--endpoint-url',
    endpoint,
    '--s3-bucket',
    fixture.bucket,
    '--public-key',
    key,
    '--format',
    'json',
  ]);
  expect(run.code).toBe(alter ? 1 : 0);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, run.stdout);
  return { file, fixture };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'auditready-report-logs-'));
  synthesizeToDirectory(join(dir, 'cdktf.out'), defaultEnvironments());
  const connection = s3Connection();
  endpoint = connection.endpoint;
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: connection.accessKeyId, AWS_SECRET_ACCESS_KEY: connection.secretAccessKey, AWS_REGION: connection.region });
  s3 = testS3Client(connection);
});
afterAll(() => {
  process.env = savedEnv;
  s3?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

test('every file valid: the report says so, with the trail, the window and the counts', async () => {
  const { file, fixture } = await validateLogsReport('valid', false);
  const run = await runCli(['report', join(dir, 'cdktf.out'), '--format', 'json', '--validate-logs', file]);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const logs = JSON.parse(run.stdout).validateLogs;
  expect(logs).toMatchObject({ valid: true, trailArn: fixture.trailArn, startTime: '2026-03-10T09:30:00.000Z', invalid: [] });
  expect(logs.summary).toMatchObject({ digestsValid: 3, logFilesValid: 6, logFilesInvalid: 0 });
});

test('an altered log file: the report lists it with the reason, and exits 1', async () => {
  const { file, fixture } = await validateLogsReport('altered', true);
  const html = join(dir, 'report.html');
  const run = await runCli(['report', join(dir, 'cdktf.out'), '--validate-logs', file, '--output', html]);
  expect(run).toMatchObject({ code: 1, stderr: '' });
  const markdown = await runCli(['report', join(dir, 'cdktf.out'), '--format', 'markdown', '--validate-logs', file]);
  const log = fixture.digests[1]!.logFiles[0]!;
  expect(markdown.stdout).toMatch(new RegExp(`^- INVALID log \`${log.key}\`: hash mismatch: SHA-256 [0-9a-f]{64}, digest lists ${log.sha256}$`, 'm'));
  expect(markdown.stdout).toContain('- Result: invalid files, or nothing validated');
});
