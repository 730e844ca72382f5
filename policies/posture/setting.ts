/**
 * One effective, security-relevant setting of an environment, with its value in words and the direction
 * in which it is stronger, so that a change of it can be classified (posture diff) and shown (evidence
 * report) the same way everywhere.
 */

/** Which way a setting is stronger. */
export type Strength =
  /** A larger number is stronger (retention days, deletion window). */
  | 'higher'
  /** A smaller number is stronger (rotation period, session length). */
  | 'lower'
  /** `true` is stronger (validation, versioning). */
  | 'on'
  /** `false` is stronger (force_destroy). */
  | 'off'
  /** Members of a set that protect: removing one weakens (alarms, subscriptions, recorded data events, denies). */
  | 'members-protect'
  /** Members of a set that grant: adding one weakens (permissions, trusted principals, named principals). */
  | 'members-grant'
  /** Any change needs review: it cannot be told which way it goes (an alarm's definition). */
  | 'fixed'
  /** Changes are neither weaker nor stronger (tags, names). */
  | 'neutral'
  /** Ordered values, weakest first (GOVERNANCE before COMPLIANCE). */
  | { readonly order: readonly string[] };

/** A value: a number, text, a flag, a set of members, or `null` when the file does not say (unresolvable). */
export type SettingValue = number | string | boolean | readonly string[] | null;

export interface Setting {
  /** Stable across changes: what the setting is of and which setting (`bucket aws_s3_bucket.a/object-lock-mode`). */
  readonly key: string;
  /** The part of the baseline it belongs to, for grouping: `trail`, `audit bucket`, `key`, `role prod-auditor`, ... */
  readonly group: string;
  /** The setting in words: `Object Lock mode`. */
  readonly label: string;
  readonly value: SettingValue;
  /** The value in words: `400 days`, `COMPLIANCE`, `enabled`. */
  readonly text: string;
  readonly strength: Strength;
  /** The Terraform address it is read from. */
  readonly resource?: string;
  /** The rules of the standard that guard it (a waiver of one of these on `resource` covers a weakening of it). */
  readonly rules: readonly string[];
  /** For sets: how a member added or removed reads after the group (`is now allowed` / `is no longer allowed`). */
  readonly phrases?: { readonly added: string; readonly removed: string };
}

/** `null` as text: the file does not give the value. */
export const UNRESOLVED_TEXT = 'cannot be resolved';

/** A number of days in words. */
export function days(n: number | null | undefined, none = 'not set'): string {
  if (n === null) return UNRESOLVED_TEXT;
  if (n === undefined) return none;
  return `${n} day${n === 1 ? '' : 's'}`;
}

export function onOff(b: boolean | null): string {
  return b === null ? UNRESOLVED_TEXT : b ? 'enabled' : 'disabled';
}
