import type { Tier } from '../standard/tiers';
import type { VerifyCheckKey } from './checks';

/** One deployed environment as verify sees it: where its stack is, and the names of what AWS holds. */
export interface VerifyTarget {
  readonly environment: string;
  readonly tier: Tier;
  readonly region: string;
  /** The synthesized stack directory terraform runs in (cdktf.out/stacks/<environment>). */
  readonly stackDir: string;
  readonly names: {
    readonly auditBucket: string;
    readonly accessLogBucket: string;
    readonly trailArn: string;
    readonly topicArn: string;
    readonly heartbeatAlarm: string;
  };
  /** principals.verifiers: the roles the audit bucket lets write the canary; none means no --prove-worm. */
  readonly verifiers: readonly string[];
}

/** A verify check's verdict on one resource (or the environment). */
export interface VerifyFinding {
  /** A key of VERIFY_CHECKS. */
  readonly check: VerifyCheckKey;
  readonly outcome: 'pass' | 'fail' | 'unknown' | 'not_applicable';
  /** An ARN, bucket name or Terraform address. */
  readonly resource?: string;
  readonly message: string;
}
