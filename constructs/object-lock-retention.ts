import { MAX_RETENTION_DAYS, type ObjectLockMode } from '../standard/object-lock';

/** Default retention of a WORM bucket: a mode and a number of days, bounded as S3 bounds them. */
export class ObjectLockRetention {
  /** Nobody, the root user included, can delete a locked version or shorten its retention. */
  static compliance(days: number): ObjectLockRetention {
    return new ObjectLockRetention('COMPLIANCE', days);
  }

  /**
   * Users with `s3:BypassGovernanceRetention` can delete locked versions: weaker than COMPLIANCE,
   * for non-production tiers only.
   */
  static governance(days: number): ObjectLockRetention {
    return new ObjectLockRetention('GOVERNANCE', days);
  }

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
