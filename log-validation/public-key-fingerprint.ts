import { createHash, type KeyObject } from 'node:crypto';

/** The DER encoding of an RSA public key as PKCS#1 RSAPublicKey: the form ListPublicKeys returns. */
export function pkcs1Der(key: KeyObject): Buffer {
  return key.export({ type: 'pkcs1', format: 'der' });
}

/** `digestPublicKeyFingerprint`: the hex MD5 of the DER PKCS#1 public key. */
export function publicKeyFingerprint(pkcs1DerBytes: Uint8Array): string {
  return createHash('md5').update(pkcs1DerBytes).digest('hex');
}
