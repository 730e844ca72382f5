import type { Waiver } from '../../policies/waivers';

/** Which way a change moves the logging posture. */
export type Direction = 'weakening' | 'strengthening' | 'neutral';

/** What a change is about. */
export type ChangeKind =
  /** A rule's result changed: newly failing, passing, waived or warning. */
  | 'rule'
  /** An effective setting changed (retention, trail scope, alarms, permissions, ...). */
  | 'setting'
  /** A cell of the access matrix changed: who can do what to the baseline. */
  | 'access'
  /** A cell of the assume matrix changed: who can assume a human role, and how. */
  | 'assume'
  | 'waiver'
  /** The environment was added or removed. */
  | 'environment'
  /** A plan replaces or destroys a resource. */
  | 'plan'
  /** A resource's other settings changed, or a resource was added or removed. */
  | 'resource';

/** One change between the base and the head of one environment, in words. */
export interface Change {
  readonly environment: string;
  readonly kind: ChangeKind;
  readonly direction: Direction;
  /** The change in words: what, with the old and new values. */
  readonly text: string;
  /** The Terraform address the change is about, where there is one. */
  readonly resource?: string;
  /**
   * Rules that guard what changed. A head waiver naming the environment, the resource and one of these rules
   * covers a weakening; with no rules listed, a waiver of any rule on the resource does.
   */
  readonly rules: readonly string[];
  readonly before?: string;
  readonly after?: string;
  /** The head waiver that covers this weakening. */
  readonly coveredBy?: Waiver;
}

/** The head waiver covering a weakening, if any. */
export function coveringWaiver(change: Omit<Change, 'coveredBy'>, waivers: readonly Waiver[]): Waiver | undefined {
  if (change.direction !== 'weakening' || change.resource === undefined) return undefined;
  return waivers.find(
    (w) => w.environment === change.environment && w.resource === change.resource && (change.rules.length === 0 || change.rules.includes(w.rule)),
  );
}
