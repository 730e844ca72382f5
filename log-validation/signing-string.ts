/** The fields of a digest file that its signature covers. */
export interface SignedDigestFields {
  readonly digestEndTime: string;
  readonly digestS3Bucket: string;
  readonly digestS3Object: string;
  readonly previousDigestSignature: string | null;
}

/**
 * The data CloudTrail signs for a digest file (SHA256withRSA):
 * `digestEndTime \n digestS3Bucket/digestS3Object \n hex(sha256(uncompressed digest)) \n previousDigestSignature`,
 * with the literal `null` for the first digest of a chain.
 */
export function digestSigningString(fields: SignedDigestFields, digestSha256Hex: string): string {
  return [fields.digestEndTime, `${fields.digestS3Bucket}/${fields.digestS3Object}`, digestSha256Hex, fields.previousDigestSignature ?? 'null'].join('\n');
}
