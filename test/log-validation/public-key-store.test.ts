import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pkcs1Der, publicKeyFingerprint } from '../../log-validation/public-key-fingerprint';
import { PublicKeyFileError, PublicKeyStore } from '../../log-validation/public-key-store';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../testkit/fake-cloudtrail-server';

const dir = mkdtempSync(join(tmpdir(), 'public-key-store-'));
const rsa = (bits: number): KeyObject => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey;
const keyA = rsa(2048);
const keyB = rsa(2048);
const fingerprintOf = (key: KeyObject) => publicKeyFingerprint(pkcs1Der(key));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('PublicKeyStore.fromFiles (offline audit)', () => {
  test.each([
    ['PKCS#1 PEM', () => keyA.export({ type: 'pkcs1', format: 'pem' })],
    ['SubjectPublicKeyInfo PEM', () => keyA.export({ type: 'spki', format: 'pem' })],
    ['PKCS#1 DER, as ListPublicKeys returns it', () => keyA.export({ type: 'pkcs1', format: 'der' })],
    ['SubjectPublicKeyInfo DER', () => keyA.export({ type: 'spki', format: 'der' })],
  ])('finds a key given as %s by its fingerprint', async (name, content) => {
    const store = await PublicKeyStore.fromFiles([file(`${name}.key`, content())]);
    const lookup = store.find(fingerprintOf(keyA), new Date());
    expect(lookup.found && lookup.key.equals(keyA)).toBe(true);
  });

  test('reports an unknown fingerprint', async () => {
    const store = await PublicKeyStore.fromFiles([file('a.pem', keyA.export({ type: 'spki', format: 'pem' }))]);
    expect(store.find(fingerprintOf(keyB), new Date())).toEqual({
      found: false,
      detail: `no public key with fingerprint ${fingerprintOf(keyB)} among 1 known keys`,
    });
  });

  test.each([
    ['a missing file', () => join(dir, 'nope.pem'), /^--public-key .*nope\.pem: cannot be read \(ENOENT\)$/],
    ['not a key', () => file('text.pem', 'hello'), /text\.pem: is not a PEM or DER RSA public key of at least 2048 bits$/],
    ['a 1024-bit RSA key', () => file('short.pem', rsa(1024).export({ type: 'spki', format: 'pem' })), /short\.pem: is not a PEM or DER RSA public key/],
    [
      'an EC key',
      () => file('ec.pem', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' })),
      /ec\.pem: is not a PEM/,
    ],
  ])('refuses %s, naming the file', async (_name, path, message) => {
    const failure = PublicKeyStore.fromFiles([path()]);
    await expect(failure).rejects.toThrow(PublicKeyFileError);
    await expect(failure).rejects.toThrow(message);
  });
});

describe('PublicKeyStore.fromCloudTrail (ListPublicKeys)', () => {
  let cloudTrail: FakeCloudTrail;
  const epoch = (iso: string) => new Date(iso).getTime() / 1000;
  beforeAll(async () => {
    cloudTrail = await startFakeCloudTrail((operation, body) => {
      if (operation !== 'ListPublicKeys') return [400, { __type: 'InvalidRequest' }];
      const entry = (key: KeyObject, from: string, to: string) => ({
        Value: pkcs1Der(key).toString('base64'),
        ValidityStartTime: epoch(from),
        ValidityEndTime: epoch(to),
        Fingerprint: fingerprintOf(key),
      });
      return body.NextToken === 'page-2'
        ? [200, { PublicKeyList: [entry(keyB, '2026-03-02T00:00:00Z', '2026-04-01T00:00:00Z')] }]
        : [200, { PublicKeyList: [entry(keyA, '2026-02-01T00:00:00Z', '2026-03-02T00:00:00Z')], NextToken: 'page-2' }];
    });
  });
  afterAll(() => cloudTrail.close());

  test('reads every page, for the period asked', async () => {
    const store = await PublicKeyStore.fromCloudTrail(cloudTrail.client, new Date('2026-02-10T00:00:00Z'), new Date('2026-03-10T00:00:00Z'));

    expect(store.find(fingerprintOf(keyA), new Date('2026-02-15T00:00:00Z')).found).toBe(true);
    expect(cloudTrail.requests.map((r) => r.body)).toEqual([
      { StartTime: epoch('2026-02-10T00:00:00Z'), EndTime: epoch('2026-03-10T00:00:00Z') },
      { StartTime: epoch('2026-02-10T00:00:00Z'), EndTime: epoch('2026-03-10T00:00:00Z'), NextToken: 'page-2' },
    ]);
    const lookup = store.find(fingerprintOf(keyB), new Date('2026-03-05T10:00:00Z'));
    expect(lookup.found && lookup.key.equals(createPublicKey(keyB.export({ type: 'pkcs1', format: 'pem' })))).toBe(true);
  });

  test('refuses a key for a digest outside the period the key was used in', async () => {
    const store = await PublicKeyStore.fromCloudTrail(cloudTrail.client, new Date('2026-02-10T00:00:00Z'), new Date('2026-03-10T00:00:00Z'));

    expect(store.find(fingerprintOf(keyA), new Date('2026-03-05T10:00:00Z'))).toEqual({
      found: false,
      detail: `public key ${fingerprintOf(keyA)} was not in use at 2026-03-05T10:00:00.000Z`,
    });
    expect(store.find(fingerprintOf(keyA), new Date('2026-03-02T00:30:00Z')).found).toBe(true);
  });
});
