import * as v from 'valibot';
import { GzipFormatError, gunzipAndHash } from './log-file-hasher';
import type { ObjectSource } from './object-source';

const nonEmpty = v.pipe(v.string(), v.minLength(1));
const sha256Hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256'));
const utcTime = v.pipe(v.string(), v.isoTimestamp(), v.endsWith('Z', 'a UTC time ending in Z'));

const logFileEntry = v.object({
  s3Bucket: nonEmpty,
  s3Object: nonEmpty,
  hashValue: sha256Hex,
  hashAlgorithm: v.literal('SHA-256'),
});

/** The fields of a CloudTrail digest file that validation relies on (others are ignored). */
const digestContent = v.pipe(
  v.object({
    awsAccountId: v.pipe(v.string(), v.regex(/^\d{12}$/)),
    digestStartTime: utcTime,
    digestEndTime: utcTime,
    digestS3Bucket: nonEmpty,
    digestS3Object: nonEmpty,
    digestPublicKeyFingerprint: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/, 'a lower-case hex MD5')),
    // RSASSA-PKCS1-v1_5 with SHA-256 is the only algorithm CloudTrail uses; anything else is refused.
    digestSignatureAlgorithm: v.literal('SHA256withRSA'),
    previousDigestS3Bucket: v.nullish(nonEmpty),
    previousDigestS3Object: v.nullish(nonEmpty),
    previousDigestHashValue: v.nullish(sha256Hex),
    previousDigestHashAlgorithm: v.nullish(v.literal('SHA-256')),
    previousDigestSignature: v.nullish(v.pipe(v.string(), v.regex(/^[0-9a-f]+$/, 'hex'))),
    logFiles: v.array(logFileEntry),
  }),
  v.check((d) => {
    const previous = [d.previousDigestS3Bucket, d.previousDigestS3Object, d.previousDigestHashValue, d.previousDigestSignature];
    return previous.every((x) => x == null) || previous.every((x) => x != null);
  }, 'previousDigest fields must be all null (first digest) or all set'),
);

export type DigestContent = v.InferOutput<typeof digestContent>;
export type LogFileEntry = v.InferOutput<typeof logFileEntry>;

/** A digest file as read from storage, before any check of its signature or place in the chain. */
export interface LoadedDigest {
  readonly bucket: string;
  readonly key: string;
  /** Hex SHA-256 of the uncompressed digest: what the next digest names as `previousDigestHashValue`. */
  readonly sha256Hex: string;
  /** `x-amz-meta-signature`, when present. */
  readonly signatureHex: string | undefined;
  /** `x-amz-meta-signature-algorithm`, when present. */
  readonly signatureAlgorithm: string | undefined;
  /** `x-amz-meta-backfill-generation-timestamp`: when a backfill digest was made (and signed). */
  readonly backfillGeneratedAt: string | undefined;
  readonly content: DigestContent;
}

export type DigestLoad =
  | { readonly status: 'loaded'; readonly digest: LoadedDigest }
  | { readonly status: 'not found' }
  | { readonly status: 'invalid format'; readonly detail: string; readonly sha256Hex?: string; readonly signatureHex?: string };

/** Digests list every log file of an hour; anything this large is not one. */
const MAX_DIGEST_BYTES = 256 * 1024 * 1024;

/** Reads, gunzips, hashes and parses one digest file. Storage errors other than a missing object propagate. */
export async function loadDigest(source: ObjectSource, bucket: string, key: string): Promise<DigestLoad> {
  const object = await source.open(bucket, key);
  if (!object) return { status: 'not found' };
  const signatureHex = object.metadata.signature;
  const chunks: Buffer[] = [];
  let size = 0;
  let hash: Awaited<ReturnType<typeof gunzipAndHash>>;
  try {
    hash = await gunzipAndHash(object.body, (chunk) => {
      size += chunk.length;
      if (size <= MAX_DIGEST_BYTES) chunks.push(chunk);
    });
  } catch (err) {
    if (err instanceof GzipFormatError) return invalid(err.message);
    throw err;
  }
  if (size > MAX_DIGEST_BYTES) return invalid(`larger than ${MAX_DIGEST_BYTES} bytes`, hash.sha256Hex);

  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    return invalid(`not JSON (${(err as Error).message})`, hash.sha256Hex);
  }
  const parsed = v.safeParse(digestContent, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.');
    return invalid(`${path || 'digest'}: ${issue.message}`, hash.sha256Hex);
  }
  return {
    status: 'loaded',
    digest: {
      bucket,
      key,
      sha256Hex: hash.sha256Hex,
      signatureHex,
      signatureAlgorithm: object.metadata['signature-algorithm'],
      backfillGeneratedAt: object.metadata['backfill-generation-timestamp'],
      content: parsed.output,
    },
  };

  function invalid(detail: string, sha256?: string): DigestLoad {
    return {
      status: 'invalid format',
      detail,
      ...(sha256 !== undefined ? { sha256Hex: sha256 } : {}),
      ...(signatureHex !== undefined ? { signatureHex } : {}),
    };
  }
}
