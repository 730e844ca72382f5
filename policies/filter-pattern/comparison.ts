/**
 * The right-hand side of a comparison (`= "AccessDenied*"`, `> 1000`) and how it matches a value, shared by
 * JSON and space-delimited patterns.
 *
 * Where AWS's documentation allows more than one reading, a comparison matches only if it matches under
 * every reading, so a pattern is never credited with matching an event that CloudWatch Logs might not match.
 * Two such places:
 * - A `*` inside a value (`Ev*ent`): one version of the guide says it is a literal character, a later one
 *   calls `*` a wildcard without saying where. `=` therefore needs the literal reading, `!=` the wildcard one.
 * - A number compared with a string value (`$.code = 400` on `"code": "400"`): the value must agree both as
 *   text and, when the text is a number, as a number.
 */
import type { Cursor } from './cursor';

export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';

/** A value a comparison can read: JSON string and number value nodes, or a space-delimited field's text. */
export type ScalarValue = string | number;

/** The numbers the guide documents: optional sign, integer or decimal, optional exponent. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Characters a value may use without quotes: the documented alphanumerics and `_`, and those the guide's own examples use unquoted (`123.123.*`, `-1`, `1e+3`). */
const UNQUOTED = /[A-Za-z0-9_.*+-]/;

export function readOperator(c: Cursor): ComparisonOperator | undefined {
  c.skipSpace();
  const two = c.text.slice(c.pos, c.pos + 2);
  if (two === '==' || two === '=~') throw c.error(`"${two}" is not a filter pattern operator; use = or !=`);
  for (const op of ['!=', '<=', '>=', '=', '<', '>'] as const) {
    if (c.startsWith(op)) {
      c.pos += op.length;
      return op;
    }
  }
  return undefined;
}

export interface Operand {
  /** The value as written, quotes removed. */
  readonly text: string;
  readonly quoted: boolean;
  /** Set when the value is an unquoted number. */
  readonly number?: number;
  /** Offset of the value in the pattern. */
  readonly at: number;
}

export function readOperand(c: Cursor): Operand {
  c.skipSpace();
  const at = c.pos;
  if (c.peek() === '"') return { text: c.quoted(), quoted: true, at };
  if (c.peek() === '%') throw c.error('regular expressions (%…%) are not supported by this evaluator, so the pattern cannot be judged');
  const text = c.takeWhile(UNQUOTED);
  if (text === '') {
    if (c.done) throw c.error('expected a value after the operator, found the end of the pattern');
    throw c.error(`expected a value; quote values that contain characters other than letters, digits, "_", "-", ".", "+" and "*" (found ${c.describeNext()})`);
  }
  return NUMBER.test(text) ? { text, quoted: false, number: Number(text), at } : { text, quoted: false, at };
}

/** Whether `text` is a number as the guide writes numbers. */
export function isNumberText(text: string): boolean {
  return NUMBER.test(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The textual readings of a value with wildcards: one regular expression per reading, compiled once. */
function textReadings(value: string): readonly RegExp[] {
  const lead = /^\**/.exec(value)?.[0].length ?? 0;
  if (lead === value.length) return [/^[\s\S]*$/];
  const trail = /\**$/.exec(value)?.[0].length ?? 0;
  const core = value.slice(lead, value.length - trail);
  const head = lead > 0 ? '[\\s\\S]*' : '';
  const tail = trail > 0 ? '[\\s\\S]*' : '';
  const literal = new RegExp(`^${head}${escapeRegExp(core)}${tail}$`);
  if (!core.includes('*')) return [literal];
  const wildcard = new RegExp(`^${head}${core.split('*').map(escapeRegExp).join('[\\s\\S]*')}${tail}$`);
  return [literal, wildcard];
}

/**
 * Compiles `op operand` into a test of one value. `numericText` says whether string values are read as
 * numbers by `<`, `>`, `<=`, `>=`: true for space-delimited fields (all text), false for JSON, where a
 * string value node is not a number.
 */
export function compileComparison(op: ComparisonOperator, operand: Operand, c: Cursor, numericText: boolean): (v: ScalarValue) => boolean {
  if (op !== '=' && op !== '!=') {
    const n = operand.number;
    if (n === undefined) throw c.error(`${op} needs an unquoted number, found ${JSON.stringify(operand.text)}`, operand.at);
    const cmp = op === '<' ? (x: number) => x < n : op === '>' ? (x: number) => x > n : op === '<=' ? (x: number) => x <= n : (x: number) => x >= n;
    return (v) => {
      if (typeof v === 'number') return cmp(v);
      return numericText && NUMBER.test(v) && cmp(Number(v));
    };
  }
  const texts = textReadings(operand.text);
  const n = operand.number;
  // Whether the value equals the operand under each reading.
  const equalities = (v: ScalarValue): boolean[] => {
    if (typeof v === 'number') return n !== undefined ? [v === n] : texts.map((re) => re.test(String(v)));
    const out = texts.map((re) => re.test(v));
    if (n !== undefined && NUMBER.test(v)) out.push(Number(v) === n);
    return out;
  };
  return op === '=' ? (v) => equalities(v).every((e) => e) : (v) => equalities(v).every((e) => !e);
}
