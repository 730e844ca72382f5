/**
 * Whether a pattern matches an event whatever the values of the fields it should not care about. A pattern
 * narrowed on a field the sample events never vary (`&& $.sourceIPAddress != "203.0.113.7"`, `&&
 * $.requestParameters.name != "prod-audit-trail"`) still matches every sample, yet misses the events an
 * attacker shapes. So each sample is varied on every field the pattern tests beyond the fixed ones (the
 * reference pattern's and the event's identity): absent (unless every event carries it), another value, and
 * each literal the pattern compares that field against (but documented exceptions);
 * one field at a time, and all of them together. Text and delimited patterns have no fields: each of their
 * terms is written into a field no pattern reads (a term that must be absent is how they narrow).
 */
import type { Reference } from './cursor';
import { type FilterPattern, type LogEvent, matchesEvent } from './index';

type Path = readonly (string | number)[];

/** A value no pattern compares against. */
const OTHER = 'auditready-other-value';
/** A field of CloudTrail records no CIS or baseline pattern tests: where text terms are written. */
const FREE_FIELD: Path = ['userAgent'];
/** Past this many combinations of every field together, only the diagonal (the i-th value of each) is tried. */
const MAX_PRODUCT = 256;

const ABSENT = Symbol('absent');
type Value = string | number | typeof ABSENT;

const keyOf = (path: Path): string => path.join('.');

function withValue(event: LogEvent, path: Path, value: Value): LogEvent {
  if (typeof event === 'string') return event;
  const out = structuredClone(event) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = out;
  for (let i = 0; i < path.length - 1; i++) {
    const step = path[i] as string | number;
    let next = node[step];
    if (next === null || typeof next !== 'object') {
      if (value === ABSENT) return out;
      next = typeof path[i + 1] === 'number' ? [] : {};
      node[step] = next;
    }
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1] as string | number;
  if (value === ABSENT) delete node[last];
  else node[last] = value;
  return out;
}

/** Which fields a pattern may test freely, and how the others may vary. */
export interface Freedom {
  /** Fields (`a.b.0` keys) the pattern may test as it likes: never varied. */
  readonly fixed: ReadonlySet<string>;
  /** Fields every event carries: varied, but never made absent. */
  readonly present: ReadonlySet<string>;
  /** `field=literal` pairs a pattern may exclude (documented exceptions): not tried. */
  readonly exempt: ReadonlySet<string>;
}

/** The fields a pattern tests beyond the fixed ones, each with the values to try. */
function variedFields(references: readonly Reference[], freedom: Freedom): { path: Path; values: Value[] }[] {
  const byPath = new Map<string, { path: Path; values: Value[] }>();
  for (const r of references) {
    const path = r.path ?? FREE_FIELD;
    const key = keyOf(path);
    if (r.path && freedom.fixed.has(key)) continue;
    let entry = byPath.get(key);
    if (!entry) {
      entry = { path, values: r.path ? (freedom.present.has(key) ? [OTHER] : [ABSENT, OTHER]) : [] };
      byPath.set(key, entry);
    }
    // A text term is written into the free field as text, beside what is there.
    const literal = r.path ? r.literal : r.literal === undefined ? undefined : String(r.literal);
    if (literal !== undefined && !entry.values.includes(literal) && !freedom.exempt.has(`${key}=${literal}`)) entry.values.push(literal);
  }
  return [...byPath.values()].filter((f) => f.values.length > 0);
}

/** The paths a JSON pattern tests, as `a.b.0` keys. */
export function testedPaths(pattern: FilterPattern): Set<string> {
  return new Set(pattern.references.flatMap((r) => (r.path ? [keyOf(r.path)] : [])));
}

/** Whether `pattern` matches `event` and every variant of it on the fields it may not test freely. */
export function matchesWhateverElse(pattern: FilterPattern, event: LogEvent, freedom: Freedom): boolean {
  if (!matchesEvent(pattern, event)) return false;
  if (typeof event === 'string') return true;
  const fields = variedFields(pattern.references, freedom);
  for (const f of fields) for (const v of f.values) if (!matchesEvent(pattern, withValue(event, f.path, v))) return false;
  if (fields.length < 2) return true;
  const product = fields.reduce((n, f) => n * f.values.length, 1);
  if (product <= MAX_PRODUCT) {
    const all = (i: number, e: LogEvent): boolean =>
      i === fields.length ? matchesEvent(pattern, e) : (fields[i]?.values ?? []).every((v) => all(i + 1, withValue(e, fields[i]?.path ?? [], v)));
    return all(0, event);
  }
  const widest = Math.max(...fields.map((f) => f.values.length));
  for (let i = 0; i < widest; i++) {
    let e: LogEvent = event;
    for (const f of fields) e = withValue(e, f.path, f.values[Math.min(i, f.values.length - 1)] as Value);
    if (!matchesEvent(pattern, e)) return false;
  }
  return true;
}
