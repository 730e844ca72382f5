import { constants, createPublicKey, verify } from 'node:crypto';
import { digestSigningString } from '../../log-validation/signing-string';
import { OPENSSL_VECTOR_PUBLIC_KEY_PEM } from './fixture/openssl-vector-key';

// Known vector: signed with `openssl dgst -sha256 -sign` over the expected string below, so the
// string, the padding (PKCS#1 v1.5) and the hash (SHA-256) are checked against an independent tool.
const OPENSSL_PUBLIC_KEY = OPENSSL_VECTOR_PUBLIC_KEY_PEM;
const OPENSSL_SIGNATURE =
  'a8c479928d1bb08cb7fdf85cdb9b6a96167d80a084616d389f948ed4252156de7bc06be43ea25fbf3205856c6e57c000cbf7721ff4862c3dae08b8e3c29b2db6a33fe804cba86855d3943509f56538a8678cc26bd4803ead18969ef6fd8cbf1c11eb80b707737022035eafd3a72319a6168c8097a7645eaaaa4ee76908cfd58ff1f1796ff83becd972ffbe111b24fe87d8c44273c5b5a20743ddfe23762b5b1a5328498d4bff32d6b648cdb25abadadb25e803e8e8690f6f6c088f58df919c956cd1bee16cabb986df4dedd2f5a8a24fae1beeaa2a354c12915401112210b855606ac50d604305cdd4f7650ec165b1e0790bdfe2351ff70d89fd30bc685ddefe';

const FIELDS = {
  digestEndTime: '2015-08-17T15:01:31Z',
  digestS3Bucket: 'example-bucket',
  digestS3Object:
    'AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz',
  previousDigestSignature: '50887ccffad4c002b97caa37cc9dc626e3c680207d41d27fa5835458e066e0d3',
};
const DIGEST_SHA256 = '4bf4e22c4a1e0d2ab69e3b6d3cdd2ef1f5b0b0b1d7e0d2c1b4a6c2b0f0f0a1b2';

describe('digestSigningString', () => {
  test('joins end time, bucket/key, digest hash and previous signature with newlines', () => {
    expect(digestSigningString(FIELDS, DIGEST_SHA256)).toBe(
      '2015-08-17T15:01:31Z\n' +
        'example-bucket/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz\n' +
        '4bf4e22c4a1e0d2ab69e3b6d3cdd2ef1f5b0b0b1d7e0d2c1b4a6c2b0f0f0a1b2\n' +
        '50887ccffad4c002b97caa37cc9dc626e3c680207d41d27fa5835458e066e0d3',
    );
  });

  test('uses the literal null for the first digest of a chain', () => {
    const first = digestSigningString({ ...FIELDS, previousDigestSignature: null }, DIGEST_SHA256);
    expect(first.split('\n')).toEqual([FIELDS.digestEndTime, `${FIELDS.digestS3Bucket}/${FIELDS.digestS3Object}`, DIGEST_SHA256, 'null']);
  });

  test('the signature OpenSSL made over the same fields verifies as SHA256withRSA', () => {
    const key = createPublicKey(OPENSSL_PUBLIC_KEY);
    const signed = Buffer.from(digestSigningString(FIELDS, DIGEST_SHA256));
    const signature = Buffer.from(OPENSSL_SIGNATURE, 'hex');

    expect(verify('sha256', signed, { key, padding: constants.RSA_PKCS1_PADDING }, signature)).toBe(true);
    expect(verify('sha256', Buffer.from(digestSigningString({ ...FIELDS, previousDigestSignature: null }, DIGEST_SHA256)), key, signature)).toBe(false);
  });
});
