/**
 * JSON filter patterns: `{ $.eventName = "DeleteTrail" && ($.errorCode NOT EXISTS || $.x > 1) }`.
 *
 * Behaviour follows the CloudWatch Logs guide ("Using filter patterns to match terms in JSON log events"):
 * - A selector is `$.name` followed by `.name` or `[index]` steps; names use letters, digits, `-` and `_`.
 * - A comparison reads only a string or number value node. On an array, an object, `null`, a boolean or an
 *   absent field, both `=` and `!=` are false: the guide states it for arrays and objects ("both {$.users = 1}
 *   and {$.users != 1} will fail to match"). It is silent on absent fields; we read `!=` on an absent field as
 *   false too, the reading under which a pattern matches less, so a rule never credits a pattern for an event
 *   CloudWatch Logs might not count.
 * - `IS NULL`, `IS TRUE`, `IS FALSE` need that exact JSON value; `NOT EXISTS` needs the field absent. The guide
 *   says `IS NOT` and `EXISTS` are not supported, so they are refused, as are lower-case keywords.
 * - `&&` binds tighter than `||`; parentheses group. There is no negation operator.
 */
import { type ComparisonOperator, compileComparison, readOperand, readOperator } from './comparison';
import type { Cursor } from './cursor';

/** A test of one parsed JSON event. */
export type JsonTest = (event: unknown) => boolean;

type Step = string | number;

const NAME = /[A-Za-z0-9_-]/;

/** The value at `path`, or `undefined` when any step is missing. Only own properties count. */
function select(event: unknown, path: readonly Step[]): unknown {
  let v = event;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(v) || step >= v.length) return undefined;
      v = v[step];
    } else {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, step)) return undefined;
      v = (v as Record<string, unknown>)[step];
    }
  }
  return v;
}

function readSelector(c: Cursor): Step[] {
  c.skipSpace();
  if (c.peek() !== '$') throw c.error(`expected a property selector starting with "$.", found ${c.describeNext()}`);
  c.pos++;
  if (c.peek() !== '.') throw c.error('a selector starts with "$." followed by a property name');
  const path: Step[] = [];
  for (;;) {
    if (c.peek() === '.') {
      c.pos++;
      const at = c.pos;
      const name = c.takeWhile(NAME);
      if (name === '') {
        if (c.peek() === '*') throw c.error('"$.*" wildcard selectors are not documented for filter patterns');
        throw c.error('expected a property name (letters, digits, "-" or "_") after "."', at);
      }
      path.push(name);
    } else if (c.peek() === '[') {
      if (path.length === 0) throw c.error('an array index must follow a property name');
      c.pos++;
      const at = c.pos;
      const digits = c.takeWhile(/[0-9]/);
      if (digits === '') {
        const what = c.peek() === '*' ? '"[*]" is not documented for filter patterns; index one element, e.g. [0]' : 'expected an array index (digits)';
        throw c.error(what, at);
      }
      if (c.peek() !== ']') throw c.error('expected "]" after the array index');
      c.pos++;
      path.push(Number(digits));
    } else {
      return path;
    }
  }
}

function readKeyword(c: Cursor): string {
  return c.takeWhile(/[A-Za-z]/);
}

/** `selector IS NULL|TRUE|FALSE`, `selector NOT EXISTS`, or `selector op value`. */
function readCondition(c: Cursor): JsonTest {
  const path = readSelector(c);
  c.skipSpace();
  const at = c.pos;
  const op: ComparisonOperator | undefined = readOperator(c);
  if (op) {
    const operand = readOperand(c);
    c.references.push({ path, literal: operand.number ?? operand.text });
    const test = compileComparison(op, operand, c, false);
    return (event) => {
      const v = select(event, path);
      return (typeof v === 'string' || typeof v === 'number') && test(v);
    };
  }
  const word = readKeyword(c);
  c.references.push({ path });
  if (word === 'IS') {
    c.skipSpace();
    const kwAt = c.pos;
    const what = readKeyword(c);
    if (what === 'NULL') return (event) => select(event, path) === null;
    if (what === 'TRUE') return (event) => select(event, path) === true;
    if (what === 'FALSE') return (event) => select(event, path) === false;
    if (what === 'NOT') throw c.error('"IS NOT" is not supported by CloudWatch Logs', kwAt);
    throw c.error(`expected NULL, TRUE or FALSE after IS, found ${JSON.stringify(what) || c.describeNext()}`, kwAt);
  }
  if (word === 'NOT') {
    c.skipSpace();
    const kwAt = c.pos;
    if (readKeyword(c) !== 'EXISTS') throw c.error('expected EXISTS after NOT', kwAt);
    return (event) => select(event, path) === undefined;
  }
  if (word === 'EXISTS') throw c.error('"EXISTS" is not supported by CloudWatch Logs; compare the field instead, e.g. = "*"', at);
  if (word !== '' && ['is', 'not', 'null', 'true', 'false', 'exists'].includes(word.toLowerCase())) {
    throw c.error(`keywords are upper case: write ${word.toUpperCase()}`, at);
  }
  throw c.error(`expected an operator (=, !=, <, >, <=, >=), IS or NOT EXISTS after the selector, found ${c.describeNext()}`, at);
}

function readPrimary(c: Cursor): JsonTest {
  if (c.accept('(')) {
    const inner = readOr(c);
    c.expect(')', '")"');
    return inner;
  }
  return readCondition(c);
}

function readAnd(c: Cursor): JsonTest {
  const terms = [readPrimary(c)];
  while (c.accept('&&')) terms.push(readPrimary(c));
  return terms.length === 1 ? terms[0] : (e) => terms.every((t) => t(e));
}

function readOr(c: Cursor): JsonTest {
  const terms = [readAnd(c)];
  while (c.accept('||')) terms.push(readAnd(c));
  return terms.length === 1 ? terms[0] : (e) => terms.some((t) => t(e));
}

/** Parses `{ … }` from the cursor's position to the end of the pattern. */
export function parseJsonPattern(c: Cursor): JsonTest {
  c.expect('{', '"{"');
  c.skipSpace();
  if (c.peek() === '}') throw c.error('a JSON pattern needs at least one condition between { and }');
  const test = readOr(c);
  c.skipSpace();
  if (c.peek() === '&' || c.peek() === '|') throw c.error('the logical operators are && and ||');
  c.expect('}', '&&, || or "}"');
  c.skipSpace();
  if (!c.done) throw c.error('unexpected text after the closing "}"');
  return test;
}
