/**
 * Counts of values, keeping at most `limit` of them: the smallest, in string order, with exact counts.
 * Which values are kept does not depend on the order they arrive in, and two tallies merge into the
 * tally of all their values: the report is the same whatever order log files are read in, and memory
 * stays bounded whatever a session touches. A value dropped once can never come back (the kept values
 * only get smaller), so every kept count is exact; `total` counts every value, kept or not.
 */
export class BoundedTally {
  private counts = new Map<string, number>();
  /** Once the tally has been pruned: values at or above it are not among the `limit` smallest. */
  private ceiling: string | undefined;
  private counted = 0;
  private wasDropped = false;
  /** A run of the same value, counted here until another comes: a session's calls mostly repeat its IP, agent and key. */
  private runValue: string | undefined;
  private runCount = 0;

  constructor(readonly limit: number) {}

  add(value: string, count = 1): void {
    if (value === this.runValue) {
      this.runCount += count;
      return;
    }
    this.flush();
    this.runValue = value;
    this.runCount = count;
  }

  private flush(): void {
    if (this.runValue === undefined) return;
    const value = this.runValue;
    const count = this.runCount;
    this.runValue = undefined;
    this.runCount = 0;
    this.count(value, count);
  }

  private count(value: string, count: number): void {
    this.counted += count;
    const known = this.counts.get(value);
    if (known !== undefined) {
      this.counts.set(value, known + count);
      return;
    }
    if (this.ceiling !== undefined && value >= this.ceiling) {
      this.wasDropped = true;
      return;
    }
    this.counts.set(value, count);
    // Pruned in batches: one sort per `limit` new values instead of a search per value.
    if (this.counts.size >= 2 * this.limit) this.prune();
  }

  merge(other: BoundedTally): void {
    this.flush();
    other.flush();
    const counted = this.counted + other.counted;
    for (const [value, count] of other.counts) this.count(value, count);
    this.counted = counted;
    this.wasDropped ||= other.wasDropped;
  }

  /** Every value counted, kept or not. */
  get total(): number {
    return this.counted + this.runCount;
  }

  /** Some value was not kept. */
  get dropped(): boolean {
    this.flush();
    this.prune();
    return this.wasDropped;
  }

  /** The kept values with their counts, most frequent first (ties in string order). */
  entries(): Array<{ readonly value: string; readonly count: number }> {
    this.flush();
    this.prune();
    return [...this.counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }

  /** The kept values in string order. */
  values(): string[] {
    this.flush();
    this.prune();
    return [...this.counts.keys()].sort();
  }

  /** Plain data for another thread (structured clone). */
  toData(): TallyData {
    this.flush();
    this.prune();
    return { limit: this.limit, counts: this.counts, total: this.counted, dropped: this.wasDropped };
  }

  static fromData(data: TallyData): BoundedTally {
    const tally = new BoundedTally(data.limit);
    tally.counts = data.counts;
    tally.counted = data.total;
    tally.wasDropped = data.dropped;
    tally.ceiling = data.counts.size >= data.limit && data.dropped ? maxOf(data.counts.keys()) : undefined;
    return tally;
  }

  /** Keeps the `limit` smallest values; the largest kept becomes the ceiling. */
  private prune(): void {
    if (this.counts.size <= this.limit) return;
    const kept = [...this.counts.keys()].sort().slice(0, this.limit);
    const counts = new Map<string, number>();
    for (const value of kept) counts.set(value, this.counts.get(value) as number);
    this.counts = counts;
    this.ceiling = kept[kept.length - 1];
    this.wasDropped = true;
  }
}

export interface TallyData {
  readonly limit: number;
  readonly counts: Map<string, number>;
  readonly total: number;
  readonly dropped: boolean;
}

function maxOf(values: Iterable<string>): string | undefined {
  let max: string | undefined;
  for (const v of values) if (max === undefined || v > max) max = v;
  return max;
}
