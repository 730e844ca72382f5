/**
 * `--prove-worm`, the audit scenario: write a canary under the canary prefix of the audit bucket with its
 * own short COMPLIANCE retention, then try to delete that version, to shorten its retention, and to delete
 * it bypassing governance retention. Every attempt must be refused; the report keeps each refusal's error
 * code and request ids as evidence. An accepted attempt is a critical failure. A refusal that is not an
 * access refusal (a malformed request, a server error) proves nothing: unknown.
 */
import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand, GetObjectRetentionCommand, PutObjectCommand, PutObjectRetentionCommand } from '@aws-sdk/client-s3';
import { CANARY_PREFIX, CANARY_RETENTION_DAYS, CANARY_RETENTION_MODE } from '../standard/canary';
import { type AwsErrorFacts, awsCall, awsErrorFacts, type CallPolicy, DEFAULT_CALL_POLICY, describeAwsError } from './aws-call';
import type { VerifyClients } from './aws-clients';
import type { VerifyFinding, VerifyTarget } from './target';
import { VerifySetupError } from './terraform';

const DAY_MS = 24 * 3600 * 1000;

/** The canary's key: under the prefix, per environment, unique (a timestamp and random bytes), never another object's. */
export function canaryKey(environment: string, now: Date): string {
  return `${CANARY_PREFIX}${environment}/${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(6).toString('hex')}.txt`;
}

/** Object Lock and the bucket policy both refuse with 403 AccessDenied: the refusals the proof is made of. */
const isRefusal = (f: AwsErrorFacts): boolean => f.code === 'AccessDenied' || f.httpStatus === 403;

export async function proveWorm(target: VerifyTarget, clients: VerifyClients, now: Date, policy: CallPolicy = DEFAULT_CALL_POLICY): Promise<VerifyFinding[]> {
  if (target.verifiers.length === 0) {
    throw new VerifySetupError(
      `--prove-worm: environment ${target.environment} names no principals.verifiers, so its audit bucket admits no canary. ` +
        'Add the role that runs verify to principals.verifiers in the environment config and deploy (README "Verifying a deployed environment").',
    );
  }
  const bucket = target.names.auditBucket;
  const key = canaryKey(target.environment, now);
  const retainUntil = new Date(now.getTime() + CANARY_RETENTION_DAYS * DAY_MS);
  const where = `s3://${bucket}/${key}`;
  let versionId: string | undefined;
  try {
    const put = await awsCall(
      's3:PutObject',
      where,
      (abortSignal) =>
        clients.s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: `auditready verify --prove-worm canary for ${target.environment}, written ${now.toISOString()}; locked (${CANARY_RETENTION_MODE}) until ${retainUntil.toISOString()}\n`,
            ContentType: 'text/plain',
            ObjectLockMode: CANARY_RETENTION_MODE,
            ObjectLockRetainUntilDate: retainUntil,
          }),
          { abortSignal },
        ),
      policy,
    );
    versionId = put.VersionId;
  } catch (err) {
    throw new VerifySetupError(
      `--prove-worm: cannot write the canary ${where}: ${(err as Error).message}. ` +
        `The bucket admits canary writes only from principals.verifiers (${target.verifiers.join(', ')}), and the role needs the --prove-worm grant (README).`,
    );
  }
  if (!versionId) {
    return [{ check: 'wormDeleteVersion', outcome: 'unknown', resource: where, message: 'S3 returned no version id for the canary: is versioning enabled?' }];
  }
  const version = `${where}?versionId=${versionId}`;
  const retention = await awsCall(
    's3:GetObjectRetention',
    version,
    (abortSignal) => clients.s3.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: key, VersionId: versionId }), { abortSignal }),
    policy,
  );
  const locked = `canary ${version} locked ${retention.Retention?.Mode ?? '(no mode)'} until ${retention.Retention?.RetainUntilDate?.toISOString() ?? '(no date)'}`;
  if (retention.Retention?.Mode !== CANARY_RETENTION_MODE) {
    return [{ check: 'wormShortenRetention', outcome: 'fail', resource: version, message: `${locked}: S3 did not keep the canary's COMPLIANCE retention` }];
  }

  const attempt = async (
    check: VerifyFinding['check'],
    what: string,
    send: (signal: AbortSignal) => Promise<{ $metadata: { requestId?: string } }>,
  ): Promise<VerifyFinding> => {
    try {
      // One attempt, no retries: a retried destructive request could succeed on a later try and hide the first answer.
      const accepted = await send(AbortSignal.timeout(policy.attemptTimeoutMs));
      return {
        check,
        outcome: 'fail',
        resource: version,
        message: `${what} was ACCEPTED (request id ${accepted.$metadata.requestId ?? '(none)'}): the logs are not write-once. ${locked}`,
      };
    } catch (err) {
      const facts: AwsErrorFacts = awsErrorFacts(err);
      return isRefusal(facts)
        ? { check, outcome: 'pass', resource: version, message: `${what} refused: ${describeAwsError(facts)}. ${locked}` }
        : {
            check,
            outcome: 'unknown',
            resource: version,
            message: `${what} failed without an access refusal, which proves nothing: ${describeAwsError(facts)}`,
          };
    }
  };
  return [
    await attempt('wormDeleteVersion', 'DeleteObject of the canary version', (abortSignal) =>
      clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }), { abortSignal }),
    ),
    await attempt('wormShortenRetention', `PutObjectRetention to ${CANARY_RETENTION_MODE} until one minute from now`, (abortSignal) =>
      clients.s3.send(
        new PutObjectRetentionCommand({
          Bucket: bucket,
          Key: key,
          VersionId: versionId,
          Retention: { Mode: CANARY_RETENTION_MODE, RetainUntilDate: new Date(now.getTime() + 60_000) },
        }),
        { abortSignal },
      ),
    ),
    await attempt('wormBypassGovernance', 'DeleteObject of the canary version with x-amz-bypass-governance-retention', (abortSignal) =>
      clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId, BypassGovernanceRetention: true }), { abortSignal }),
    ),
  ];
}
