/**
 * Three-valued answers: `yes`, `no`, or `maybe` when the file does not say (a value known only after apply,
 * a name from a variable). Rules turn `maybe` into the outcome that fails (`unknown`, or `fail` where the
 * question is whether something is possible).
 */
export type Tri = 'yes' | 'no' | 'maybe';

/** Logical and: `no` wins, then `maybe`. */
export function and(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'maybe' || b === 'maybe' ? 'maybe' : 'yes';
}

/** Logical or: `yes` wins, then `maybe`. */
export function or(a: Tri, b: Tri): Tri {
  if (a === 'yes' || b === 'yes') return 'yes';
  return a === 'maybe' || b === 'maybe' ? 'maybe' : 'no';
}

export function not(a: Tri): Tri {
  return a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'maybe';
}

export const tri = (b: boolean): Tri => (b ? 'yes' : 'no');

/** `or` over a list (`no` when empty). */
export function anyOf(list: readonly Tri[]): Tri {
  let out: Tri = 'no';
  for (const t of list) {
    out = or(out, t);
    if (out === 'yes') break;
  }
  return out;
}

/** `and` over a list (`yes` when empty). */
export function allOf(list: readonly Tri[]): Tri {
  let out: Tri = 'yes';
  for (const t of list) {
    out = and(out, t);
    if (out === 'no') break;
  }
  return out;
}
