import { MAX_RETENTION_DAYS, type ObjectLockMode } from '../standard/object-lock';

/** Default retention of a WORM bucket: a mode and a number of days, bounded as S3 bounds them. */
export class ObjectLockRetention {
  /** `mode`: COMPLIANCE (nobody can shorten it) or the weaker GOVERNANCE (see standard/object-lock.ts). */
  static of(mode: ObjectLockMode, days: number): ObjectLockRetention {
    return new ObjectLockRetention(mode, days);
  }

  private constructor(
    readonly mode: ObjectLockMode,
    readonly days: number,
  ) {
    if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
      throw new Error(`Object Lock retention must be a whole number of days from 1 to ${MAX_RETENTION_DAYS} (100 years), got ${days}`);
    }
  }
}
