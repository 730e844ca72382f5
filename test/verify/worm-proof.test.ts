/**
 * The WORM proof's verdicts: a refusal (403) passes with its evidence, an accepted attempt is a critical
 * failure, any other error proves nothing; no verifiers or a refused canary write end the run (exit 2).
 */
import { DeleteObjectCommand, GetObjectRetentionCommand, PutObjectCommand, PutObjectRetentionCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { VerifyClients } from '../../verify/aws-clients';
import type { VerifyTarget } from '../../verify/target';
import { VerifySetupError } from '../../verify/terraform';
import { canaryKey, proveWorm } from '../../verify/worm-proof';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const BUCKET = 'prod-audit-logs-333333333333-eu-central-1';
const target: VerifyTarget = {
  environment: 'prod',
  tier: 'prod',
  region: 'eu-central-1',
  stackDir: 'x',
  names: { auditBucket: BUCKET, accessLogBucket: 'a', trailArn: 't', topicArn: 'n', heartbeatAlarm: 'h' },
  verifiers: ['arn:aws:iam::333333333333:role/auditready-verifier'],
};
const s3 = mockClient(S3Client);
const clients = { s3: new S3Client({ region: 'eu-central-1' }), destroy: () => {} } as unknown as VerifyClients;
const error = (name: string, httpStatusCode: number, requestId: string) =>
  new S3ServiceException({
    name,
    $fault: 'client',
    message: name === 'AccessDenied' ? 'Access Denied' : '',
    $metadata: { httpStatusCode, requestId, extendedRequestId: `ext-${requestId}` },
  });

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({ VersionId: 'v-1', $metadata: { requestId: 'put-1' } });
  s3.on(GetObjectRetentionCommand).resolves({ Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date('2026-12-02T12:00:00.000Z') } });
});

test('the canary key is under the prefix, per environment, and unique', () => {
  const a = canaryKey('prod', NOW);
  expect(a).toMatch(/^auditready-verify-canary\/prod\/2026-12-01T12-00-00-000Z-[0-9a-f]{12}\.txt$/);
  expect(canaryKey('prod', NOW)).not.toBe(a);
});

test('the canary carries its own COMPLIANCE retention of one day', async () => {
  s3.on(DeleteObjectCommand).rejects(error('AccessDenied', 403, 'd'));
  s3.on(PutObjectRetentionCommand).rejects(error('AccessDenied', 403, 'r'));
  await proveWorm(target, clients, NOW);
  const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
  expect(put).toEqual(
    expect.objectContaining({ Bucket: BUCKET, ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date('2026-12-02T12:00:00.000Z') }),
  );
});

test('each refused attempt passes, with the code, status and request ids as evidence; attempts are made once', async () => {
  s3.on(DeleteObjectCommand, { BypassGovernanceRetention: true }).rejects(error('AccessDenied', 403, 'bypass-1'));
  s3.on(DeleteObjectCommand, { BypassGovernanceRetention: undefined }).rejects(error('AccessDenied', 403, 'delete-1'));
  s3.on(PutObjectRetentionCommand).rejects(error('AccessDenied', 403, 'retention-1'));
  const findings = await proveWorm(target, clients, NOW);
  expect(findings.map((f) => [f.check, f.outcome])).toEqual([
    ['wormDeleteVersion', 'pass'],
    ['wormShortenRetention', 'pass'],
    ['wormBypassGovernance', 'pass'],
  ]);
  expect(findings[0]?.message).toMatch(
    /^DeleteObject of the canary version refused: AccessDenied \(HTTP 403\), request id delete-1, extended request id ext-delete-1: Access Denied\. canary s3:\/\/.*\?versionId=v-1 locked COMPLIANCE until 2026-12-02T12:00:00\.000Z$/,
  );
  expect(findings[2]?.message).toMatch(/request id bypass-1/);
  expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(2);
  expect(s3.commandCalls(PutObjectRetentionCommand)[0]?.args[0].input).toEqual(
    expect.objectContaining({ VersionId: 'v-1', Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date('2026-12-01T12:01:00.000Z') } }),
  );
});

test('an accepted attempt is a failure; an error that is not a refusal is unknown', async () => {
  s3.on(DeleteObjectCommand, { BypassGovernanceRetention: undefined }).resolves({ VersionId: 'v-1', $metadata: { requestId: 'deleted-1' } });
  s3.on(PutObjectRetentionCommand).rejects(error('InternalError', 500, 'oops-1'));
  s3.on(DeleteObjectCommand, { BypassGovernanceRetention: true }).rejects(error('AccessDenied', 403, 'bypass-1'));
  const findings = await proveWorm(target, clients, NOW);
  expect(findings.map((f) => f.outcome)).toEqual(['fail', 'unknown', 'pass']);
  expect(findings[0]?.message).toMatch(/^DeleteObject of the canary version was ACCEPTED \(request id deleted-1\): the logs are not write-once/);
  expect(findings[1]?.message).toMatch(/failed without an access refusal, which proves nothing: InternalError \(HTTP 500\)/);
});

test('S3 not keeping the canary in COMPLIANCE fails the proof', async () => {
  s3.on(GetObjectRetentionCommand).resolves({ Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date('2026-12-02T12:00:00.000Z') } });
  expect((await proveWorm(target, clients, NOW)).map((f) => f.outcome)).toEqual(['fail']);
});

test('no verifiers, or a refused canary write, end the run saying what to configure', async () => {
  await expect(proveWorm({ ...target, verifiers: [] }, clients, NOW)).rejects.toThrow(/names no principals.verifiers/);
  s3.on(PutObjectCommand).rejects(error('AccessDenied', 403, 'put-denied'));
  const err = await proveWorm(target, clients, NOW).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(VerifySetupError);
  expect((err as Error).message).toMatch(
    /cannot write the canary .* AccessDenied \(HTTP 403\).*admits canary writes only from principals.verifiers \(arn:aws:iam::333333333333:role\/auditready-verifier\)/,
  );
});
