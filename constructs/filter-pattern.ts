/** Builders for CloudWatch Logs JSON filter patterns over CloudTrail events. */

/** `(field = "a") || (field = "b")`. */
export function anyOf(field: string, values: readonly string[]): string {
  return values.map((v) => `(${field} = "${v}")`).join(' || ');
}

/** `anyOf` as one term to combine with others: parenthesized when it has more than one value. */
export function anyOfTerm(field: string, values: readonly string[]): string {
  return values.length === 1 ? anyOf(field, values) : `(${anyOf(field, values)})`;
}

/** Events with one of `names` from `source`. */
export function eventFrom(source: string, names: readonly string[]): string {
  return `{ ($.eventSource = "${source}") && (${anyOf('$.eventName', names)}) }`;
}

/** Events with one of `names`, from any source. */
export function eventNamed(names: readonly string[]): string {
  return `{ ${anyOf('$.eventName', names)} }`;
}

/** CloudWatch Logs refuses filter patterns longer than this. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;
