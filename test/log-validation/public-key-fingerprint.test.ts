import { createPublicKey } from 'node:crypto';
import { pkcs1Der, publicKeyFingerprint } from '../../log-validation/public-key-fingerprint';

// Known vector: `openssl rsa -pubin -RSAPublicKey_out -outform DER | openssl md5` of this key.
const PUBLIC_KEY_PKCS1_PEM = `-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAu0E7G5mvkt+unAq9zQ0BDM8PDbDK23v4Y5IV2tvX6F6Y45UMu0H0
Jg00H5gzOHfpxHhoOZ52s2kdfGJCadfwaMYSWP//3thbF5FOAjV0wSJYr++4Nu/l
7ICUd4IIQ/9fa8JD4tMz27L4qGesMTND/6g8KU/6vtgtrM9I6/D/KKiFbKz3KN0o
q+YZVdliJNX+sTiP/4H+iCDfxdgDNplo+/RWw4k2YV8C1uWUP7Qqke0FtGZKxk7y
YMWbp5iVb1/Hu134zPypHmhbgf1a71ULyGumqUscEWGrbUHZs+8VWmc0VGKb/xw/
wbrfGHIJUPii1S+JfVVrXdrEEs0tMiYxqQIDAQAB
-----END RSA PUBLIC KEY-----`;
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
