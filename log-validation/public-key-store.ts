import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { pkcs1Der, publicKeyFingerprint } from './public-key-fingerprint';

/** A public key that may have signed digests, found by its fingerprint. */
export interface DigestPublicKey {
  readonly fingerprint: string;
  readonly key: KeyObject;
  /** Where it came from, for messages: `ListPublicKeys` or a file name. */
  readonly source: string;
  /** Signing period from ListPublicKeys; absent for keys given as files. */
  readonly validity?: { readonly from: Date; readonly to: Date };
}

export type PublicKeyLookup = { readonly found: true; readonly key: KeyObject } | { readonly found: false; readonly detail: string };

/** RSASSA-PKCS1-v1_5 keys shorter than this are refused even when their fingerprint matches. */
export const MIN_RSA_MODULUS_BITS = 2048;

/**
 * CloudTrail signs a digest when it delivers it, shortly after its end time, so a key's signing
 * period is compared with that much tolerance.
 */
const SIGNING_DELAY_TOLERANCE_MS = 60 * 60 * 1000;

/** The public keys a validation may use: from CloudTrail ListPublicKeys, or from files for offline audits. */
export class PublicKeyStore {
  /** Every key CloudTrail reports for the period (ListPublicKeys, all pages). */
  static async fromCloudTrail(client: CloudTrailClient, startTime: Date, endTime: Date): Promise<PublicKeyStore> {
    const { ListPublicKeysCommand } = await import('@aws-sdk/client-cloudtrail');
    const keys: DigestPublicKey[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListPublicKeysCommand({ StartTime: startTime, EndTime: endTime, NextToken: nextToken }));
      for (const entry of page.PublicKeyList ?? []) {
        if (!entry.Value) continue;
        const key = rsaKeyOrUndefined(Buffer.from(entry.Value));
        if (!key) continue;
        keys.push({
          fingerprint: publicKeyFingerprint(pkcs1Der(key)),
          key,
          source: 'ListPublicKeys',
          ...(entry.ValidityStartTime && entry.ValidityEndTime ? { validity: { from: entry.ValidityStartTime, to: entry.ValidityEndTime } } : {}),
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return new PublicKeyStore(keys);
  }

  /**
   * Keys from PEM (`RSA PUBLIC KEY` or `PUBLIC KEY`) or DER (PKCS#1 or SubjectPublicKeyInfo) files.
   * Throws PublicKeyFileError naming the file when one cannot be read or is not an RSA key of at
   * least MIN_RSA_MODULUS_BITS.
   */
  static async fromFiles(paths: readonly string[]): Promise<PublicKeyStore> {
    const keys: DigestPublicKey[] = [];
    for (const path of paths) {
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (err) {
        throw new PublicKeyFileError(path, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
      const key = rsaKeyOrUndefined(bytes);
      if (!key) {
        throw new PublicKeyFileError(path, `is not a PEM or DER RSA public key of at least ${MIN_RSA_MODULUS_BITS} bits`);
      }
      keys.push({ fingerprint: publicKeyFingerprint(pkcs1Der(key)), key, source: path });
    }
    return new PublicKeyStore(keys);
  }

  private constructor(private readonly keys: readonly DigestPublicKey[]) {}

  /** The key with this fingerprint that was in use when a digest ending at `digestEndTime` was signed. */
  find(fingerprint: string, digestEndTime: Date): PublicKeyLookup {
    const candidates = this.keys.filter((k) => k.fingerprint === fingerprint.toLowerCase());
    if (candidates.length === 0) {
      return { found: false, detail: `no public key with fingerprint ${fingerprint} among ${this.keys.length} known keys` };
    }
    const inPeriod = candidates.find((k) => isWithinSigningPeriod(k, digestEndTime));
    if (!inPeriod) {
      return { found: false, detail: `public key ${fingerprint} was not in use at ${digestEndTime.toISOString()}` };
    }
    return { found: true, key: inPeriod.key };
  }
}

export class PublicKeyFileError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`--public-key ${path}: ${problem}`);
    this.name = 'PublicKeyFileError';
  }
}

function isWithinSigningPeriod(key: DigestPublicKey, digestEndTime: Date): boolean {
  if (!key.validity) return true;
  const t = digestEndTime.getTime();
  return t >= key.validity.from.getTime() - SIGNING_DELAY_TOLERANCE_MS && t <= key.validity.to.getTime() + SIGNING_DELAY_TOLERANCE_MS;
}

function rsaKeyOrUndefined(bytes: Buffer): KeyObject | undefined {
  const text = bytes.toString('latin1');
  const attempts: Array<() => KeyObject> = text.includes('-----BEGIN')
    ? [() => createPublicKey({ key: text, format: 'pem' })]
    : [() => createPublicKey({ key: bytes, format: 'der', type: 'pkcs1' }), () => createPublicKey({ key: bytes, format: 'der', type: 'spki' })];
  for (const attempt of attempts) {
    let key: KeyObject;
    try {
      key = attempt();
    } catch {
      continue;
    }
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return key.asymmetricKeyType === 'rsa' && bits >= MIN_RSA_MODULUS_BITS ? key : undefined;
  }
  return undefined;
}
