import { constants, verify } from 'node:crypto';
import type { LoadedDigest } from './digest-file';
import type { PublicKeyStore } from './public-key-store';
import type { Problem } from './report';
import { digestSigningString } from './signing-string';

/**
 * Checks a digest's signature (`x-amz-meta-signature`) against the CloudTrail public key its
 * fingerprint names: RSASSA-PKCS1-v1_5 with SHA-256 only. Returns the problems found, none when valid.
 */
export function checkDigestSignature(digest: LoadedDigest, keys: PublicKeyStore): Problem[] {
  const { content } = digest;
  if (digest.signatureAlgorithm !== undefined && digest.signatureAlgorithm !== 'SHA256withRSA') {
    return [{ reason: 'signature invalid', detail: `unsupported signature algorithm ${digest.signatureAlgorithm}` }];
  }
  if (!digest.signatureHex || !/^(?:[0-9a-f]{2})+$/.test(digest.signatureHex)) {
    return [{ reason: 'signature invalid', detail: 'no hex signature in the object metadata (x-amz-meta-signature)' }];
  }
  // A backfill digest is signed when it is made, which can be long after the period it covers.
  const signedAround = new Date(digest.backfillGeneratedAt ?? content.digestEndTime);
  if (Number.isNaN(signedAround.getTime())) {
    return [{ reason: 'invalid format', detail: `backfill-generation-timestamp ${digest.backfillGeneratedAt} is not a time` }];
  }
  const lookup = keys.find(content.digestPublicKeyFingerprint, signedAround);
  if (!lookup.found) return [{ reason: 'key not found', detail: lookup.detail }];

  const signed = Buffer.from(
    digestSigningString(
      {
        digestEndTime: content.digestEndTime,
        digestS3Bucket: content.digestS3Bucket,
        digestS3Object: content.digestS3Object,
        previousDigestSignature: content.previousDigestSignature ?? null,
      },
      digest.sha256Hex,
    ),
    'utf8',
  );
  const ok = verify('sha256', signed, { key: lookup.key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(digest.signatureHex, 'hex'));
  return ok ? [] : [{ reason: 'signature invalid', detail: `signature does not verify with key ${content.digestPublicKeyFingerprint}` }];
}
