/** A filter pattern this evaluator cannot read: CloudWatch Logs would refuse it, or its meaning is not documented. */
export class FilterPatternError extends Error {
  constructor(
    /** The pattern as given. */
    readonly pattern: string,
    /** Zero-based offset in `pattern` where reading failed. */
    readonly position: number,
    /** Why, in a sentence. */
    readonly reason: string,
  ) {
    super(`filter pattern: ${reason} (at position ${position}: ${excerpt(pattern, position)})`);
    this.name = 'FilterPatternError';
  }
}

/** A short view of the pattern around `position`, the failing character marked with `>>`. */
function excerpt(pattern: string, position: number): string {
  const from = Math.max(0, position - 20);
  const before = pattern.slice(from, position);
  const after = pattern.slice(position, position + 20);
  return `${from > 0 ? '…' : ''}${before}>>${after}${position + 20 < pattern.length ? '…' : ''}`;
}
