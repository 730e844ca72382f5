/**
 * Counts of values, keeping at most `limit` of them: the smallest, in string order, with exact counts.
 * Which values are kept does not depend on the order they arrive in, and two tallies merge into the
 * tally of all their values: the report is the same whatever order log files are read in, and memory
 * stays bounded whatever a session touches. A value dropped once can never come back (the kept values
 * only get smaller), so every kept count is exact; `total` counts every value, kept or not.
 */
export class BoundedTally {
  private readonly counts = new Map<string, number>();
  /** The largest kept value, once the tally is full: anything at or above it is not kept. */
  private ceiling: string | undefined;
  /** Every value counted, kept or not. */
  total = 0;
  /** Some value was not kept. */
  dropped = false;

  constructor(readonly limit: number) {}

  add(value: string, count = 1): void {
    this.total += count;
    const known = this.counts.get(value);
    if (known !== undefined) {
      this.counts.set(value, known + count);
      return;
    }
    if (this.ceiling !== undefined && value >= this.ceiling) {
      this.dropped = true;
      return;
    }
    this.counts.set(value, count);
    if (this.counts.size > this.limit) {
      this.counts.delete(this.largest());
      this.dropped = true;
    }
    if (this.counts.size === this.limit) this.ceiling = this.largest();
  }

  merge(other: BoundedTally): void {
    const total = this.total + other.total;
    for (const [value, count] of other.counts) this.add(value, count);
    this.total = total;
    this.dropped ||= other.dropped;
  }

  get size(): number {
    return this.counts.size;
  }

  /** The kept values with their counts, most frequent first (ties in string order). */
  entries(): Array<{ readonly value: string; readonly count: number }> {
    return [...this.counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }

  /** The kept values in string order. */
  values(): string[] {
    return [...this.counts.keys()].sort();
  }

  private largest(): string {
    let max: string | undefined;
    for (const value of this.counts.keys()) if (max === undefined || value > max) max = value;
    return max as string;
  }
}
