import { BoundedTally } from '../../access-report/bounded-tally';

/** A deterministic shuffle, so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('BoundedTally', () => {
  // 300 distinct values, value i occurring (i % 7) + 1 times.
  const values = Array.from({ length: 300 }, (_, i) => `v${String(i).padStart(3, '0')}`);
  const stream = values.flatMap((v, i) => Array.from({ length: (i % 7) + 1 }, () => v));
  const expected = values.slice(0, 10).map((v) => ({ value: v, count: (values.indexOf(v) % 7) + 1 }));

  test('keeps the smallest values with exact counts, whatever the order they arrive in', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const tally = new BoundedTally(10);
      for (const v of shuffled(stream, seed)) tally.add(v);
      expect(tally.values()).toEqual(values.slice(0, 10));
      expect(tally.entries().sort((a, b) => a.value.localeCompare(b.value))).toEqual(expected);
      expect(tally.total).toBe(stream.length);
      expect(tally.dropped).toBe(true);
    }
  });

  test('tallies of parts merge into the tally of the whole, also through plain data (another thread)', () => {
    const parts = [new BoundedTally(10), new BoundedTally(10), new BoundedTally(10)];
    shuffled(stream, 9).forEach((v, i) => {
      parts[i % 3]?.add(v);
    });
    const whole = new BoundedTally(10);
    whole.merge(BoundedTally.fromData(structuredClone(parts[0]?.toData())!));
    whole.merge(parts[1]!);
    whole.merge(BoundedTally.fromData(structuredClone(parts[2]?.toData())!));
    expect(whole.entries().sort((a, b) => a.value.localeCompare(b.value))).toEqual(expected);
    expect(whole.total).toBe(stream.length);
  });

  test('nothing dropped below the limit; most frequent first', () => {
    const tally = new BoundedTally(5);
    for (const v of ['b', 'a', 'b', 'c', 'b', 'a']) tally.add(v);
    expect(tally.entries()).toEqual([
      { value: 'b', count: 3 },
      { value: 'a', count: 2 },
      { value: 'c', count: 1 },
    ]);
    expect(tally.dropped).toBe(false);
  });
});
