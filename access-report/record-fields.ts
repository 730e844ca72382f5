/**
 * Reading CloudTrail records safely: a record is JSON from a log file, so every field may be absent or
 * of another type than documented. These accessors return a value only when it has the documented type.
 */

/** One parsed CloudTrail record. */
export type TrailRecord = { readonly [key: string]: unknown };

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function obj(value: unknown): TrailRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as TrailRecord) : undefined;
}

export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `record.a.b.c` when every step is an object and the last a non-empty string. */
export function strAt(record: TrailRecord | undefined, ...path: readonly string[]): string | undefined {
  let at: unknown = record;
  for (const key of path) at = obj(at)?.[key];
  return str(at);
}
