import { createPublicKey } from 'node:crypto';
import { pkcs1Der, publicKeyFingerprint } from '../../log-validation/public-key-fingerprint';
import { OPENSSL_VECTOR_PUBLIC_KEY_PEM } from './fixture/openssl-vector-key';

// Known vector: `openssl rsa -pubin -RSAPublicKey_out -outform DER | openssl md5` of this key.
const PUBLIC_KEY_PKCS1_PEM = OPENSSL_VECTOR_PUBLIC_KEY_PEM;
const OPENSSL_MD5_OF_PKCS1_DER = '16c1b00ce9edaf73bb8b79948da714d7';

describe('publicKeyFingerprint', () => {
  test('is the MD5 of the DER PKCS#1 key, as OpenSSL computes it', () => {
    expect(publicKeyFingerprint(pkcs1Der(createPublicKey(PUBLIC_KEY_PKCS1_PEM)))).toBe(OPENSSL_MD5_OF_PKCS1_DER);
  });

  test('is the same whatever form the key was given in (SubjectPublicKeyInfo PEM)', () => {
    const spkiPem = createPublicKey(PUBLIC_KEY_PKCS1_PEM).export({ type: 'spki', format: 'pem' }).toString();
    expect(publicKeyFingerprint(pkcs1Der(createPublicKey(spkiPem)))).toBe(OPENSSL_MD5_OF_PKCS1_DER);
  });

  test('is not the MD5 of the SubjectPublicKeyInfo DER (a common mistake)', () => {
    const spkiDer = createPublicKey(PUBLIC_KEY_PKCS1_PEM).export({ type: 'spki', format: 'der' });
    expect(publicKeyFingerprint(spkiDer)).not.toBe(OPENSSL_MD5_OF_PKCS1_DER);
  });
});
