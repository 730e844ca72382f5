/**
 * Space-delimited patterns: `[ip, user, ..., status_code = 4* && status_code != 403, bytes > 1000]`.
 *
 * Following the CloudWatch Logs guide: a message splits into fields at spaces, with text between `"…"` or
 * `[…]` one field (delimiters removed); the pattern names each field in order, and the field count must
 * match exactly unless `...` stands for any number of fields. A field may carry conditions on declared
 * fields joined by `&&` (binding tighter) and `||`. Refused, because the guide leaves their meaning open:
 * more than one `...` (the split would be ambiguous), parentheses, empty fields (`[a,,b]` or a trailing
 * comma), and conditions on names the pattern does not declare.
 */
import { compileComparison, readOperand, readOperator } from './comparison';
import type { Cursor } from './cursor';

/** A test of one log message. */
export type DelimitedTest = (message: string) => boolean;

type Condition = (fields: ReadonlyMap<string, string>) => boolean;

const NAME = /[A-Za-z0-9_]/;

/** The message's fields, or undefined when a quote or bracket is left open (the split is then unknown). */
export function splitFields(message: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < message.length) {
    const ch = message.charAt(i);
    if (ch === ' ') {
      i++;
      continue;
    }
    if (ch === '"' || ch === '[') {
      const close = message.indexOf(ch === '"' ? '"' : ']', i + 1);
      if (close < 0) return undefined;
      out.push(message.slice(i + 1, close));
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < message.length && message.charAt(j) !== ' ') j++;
    out.push(message.slice(i, j));
    i = j;
  }
  return out;
}

interface Field {
  readonly name?: string;
  readonly ellipsis?: true;
}

function readName(c: Cursor): { name: string; at: number } {
  c.skipSpace();
  const at = c.pos;
  const name = c.takeWhile(NAME);
  if (name === '') {
    if (c.peek() === '(') throw c.error('parentheses are not documented in space-delimited patterns');
    if (c.peek() === ',' || c.peek() === ']') throw c.error('empty field: name every field, or use ... for any number of fields');
    throw c.error(`expected a field name (letters, digits, "_") or ..., found ${c.describeNext()}`);
  }
  return { name, at };
}

/** Parses `[ … ]` from the cursor's position to the end of the pattern. */
export function parseDelimitedPattern(c: Cursor): DelimitedTest {
  c.expect('[', '"["');
  const fields: Field[] = [];
  const uses: { name: string; at: number }[] = [];
  const conditions: Condition[] = [];
  let ellipsisAt: number | undefined;
  for (;;) {
    c.skipSpace();
    if (c.startsWith('...')) {
      if (ellipsisAt !== undefined) throw c.error('more than one ... makes the split of fields ambiguous');
      ellipsisAt = c.pos;
      c.pos += 3;
      fields.push({ ellipsis: true });
    } else {
      const first = readName(c);
      fields.push({ name: first.name });
      c.skipSpace();
      if (c.peek() !== ',' && c.peek() !== ']') conditions.push(readConditionExpr(c, first, uses));
    }
    c.skipSpace();
    if (c.accept(']')) break;
    if (!c.accept(',')) throw c.error(`expected "," or "]", found ${c.describeNext()}`);
  }
  c.skipSpace();
  if (!c.done) throw c.error('unexpected text after the closing "]"');
  const declared = new Set<string>();
  for (const f of fields) {
    if (f.name === undefined) continue;
    if (declared.has(f.name)) throw c.error(`field "${f.name}" is declared twice`, 0);
    declared.add(f.name);
  }
  for (const u of uses) if (!declared.has(u.name)) throw c.error(`condition on "${u.name}", which the pattern does not declare as a field`, u.at);
  const names = fields.map((f) => f.name);
  const ellipsis = names.indexOf(undefined);
  const before = ellipsis < 0 ? names.length : ellipsis;
  const after = ellipsis < 0 ? 0 : names.length - ellipsis - 1;
  return (message) => {
    const values = splitFields(message);
    if (!values) return false;
    if (ellipsis < 0 ? values.length !== names.length : values.length < before + after) return false;
    const bound = new Map<string, string>();
    for (let i = 0; i < before; i++) bound.set(names[i] as string, values[i]);
    for (let i = 0; i < after; i++) bound.set(names[names.length - 1 - i] as string, values[values.length - 1 - i]);
    return conditions.every((cond) => cond(bound));
  };
}

/** `name op value` joined by && and ||, the first name already read. */
function readConditionExpr(c: Cursor, first: { name: string; at: number }, uses: { name: string; at: number }[]): Condition {
  const alternatives: Condition[][] = [[readComparison(c, first, uses)]];
  for (;;) {
    if (c.accept('&&')) alternatives[alternatives.length - 1].push(readComparison(c, readName(c), uses));
    else if (c.accept('||')) alternatives.push([readComparison(c, readName(c), uses)]);
    else return (f) => alternatives.some((all) => all.every((t) => t(f)));
  }
}

function readComparison(c: Cursor, field: { name: string; at: number }, uses: { name: string; at: number }[]): Condition {
  uses.push(field);
  const op = readOperator(c);
  if (!op) throw c.error(`expected an operator (=, !=, <, >, <=, >=) after "${field.name}", found ${c.describeNext()}`);
  const operand = readOperand(c);
  c.references.push({ literal: operand.number ?? operand.text });
  const test = compileComparison(op, operand, c, true);
  return (f) => {
    const v = f.get(field.name);
    return v !== undefined && test(v);
  };
}
