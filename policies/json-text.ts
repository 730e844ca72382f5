/**
 * JSON text as Terraform reads it, not as `JSON.parse` does. `JSON.parse` keeps the last of two properties
 * with the same key; Terraform's JSON syntax reads every one (two `"resource"` keys are two sets of
 * resources), so a duplicate key could hide resources from the checker. A number too large for a double
 * (`1e400`) becomes Infinity in JavaScript but is a value Terraform refuses. Both are input errors here.
 *
 * `JSON.parse` validates and builds the value (native and fast). The strings in the text are then counted
 * against the keys and strings of the value: in valid JSON every unescaped quote delimits a string, so the
 * text holds more strings exactly when a key is duplicated (the dropped copy's key is one). Only then, or
 * when the value holds a number that is not finite, a slower scan of the text names the JSON path of the
 * first problem.
 */

/** What is wrong with a valid JSON text, with the JSON path (`$.resource.aws_s3_bucket`) where it is. */
export interface JsonTextProblem {
  readonly path: string;
  readonly message: string;
}

/** Parses JSON text; throws SyntaxError for invalid JSON, returns the value or the first problem found. */
export function parseJsonText(text: string): { value: unknown; problem?: JsonTextProblem } {
  const value: unknown = JSON.parse(text);
  const strings = stringsOfValue(value);
  if (strings >= 0 && strings === stringsInText(text)) return { value };
  return { value, problem: scan(text) ?? { path: '$', message: 'duplicate key (Terraform reads every copy, JSON.parse only the last)' } };
}

/** Strings in valid JSON text: unescaped quotes (not after an odd run of backslashes), two per string. */
function stringsInText(text: string): number {
  let quotes = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) quotes++;
  let escaped = 0;
  for (let i = text.indexOf('\\"'); i !== -1; i = text.indexOf('\\"', i + 2)) {
    let start = i;
    while (start > 0 && text.charCodeAt(start - 1) === BACKSLASH) start--;
    if ((i - start) % 2 === 0) escaped++;
  }
  return (quotes - escaped) / 2;
}

/** Object keys and string values in a parsed value, or -1 when it holds a number that is not finite. */
function stringsOfValue(value: unknown): number {
  let n = 0;
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v === 'string') n++;
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return -1;
    } else if (Array.isArray(v)) {
      for (const x of v) todo.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const k in v) {
        n++;
        todo.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return n;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COLON = 58;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

interface Frame {
  /** Keys seen in an object; undefined for an array. */
  readonly keys: Set<string> | undefined;
  /** The current key (object) or index (array). */
  at: string | number;
}

/** Scans valid JSON text for duplicate object keys and numbers that are not finite doubles. */
function scan(text: string): JsonTextProblem | undefined {
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // The end of the string: the next quote not escaped by an odd run of backslashes.
      let end = text.indexOf('"', i + 1);
      while (end > 0 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      const frame = stack[stack.length - 1];
      if (frame?.keys && nextSignificant(text, end + 1) === COLON) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (frame.keys.has(key))
          return { path: pathOf(stack, key), message: `duplicate key ${JSON.stringify(key)} (Terraform reads every copy, JSON.parse only the last)` };
        frame.keys.add(key);
        frame.at = key;
      }
      i = end + 1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const parent = stack[stack.length - 1];
      if (parent && !parent.keys) parent.at = (parent.at as number) + 1;
      stack.push({ keys: c === OPEN_OBJECT ? new Set() : undefined, at: c === OPEN_OBJECT ? '' : -1 });
      i++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      i++;
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      let end = i + 1;
      let exponent = false;
      for (let d = text.charCodeAt(end); end < n && isNumberChar(d); d = text.charCodeAt(++end)) if (d === 101 || d === 69) exponent = true;
      const parent = stack[stack.length - 1];
      if (parent && !parent.keys) parent.at = (parent.at as number) + 1;
      // Up to 15 digits without an exponent always fit; only longer numbers and exponents need converting.
      if ((exponent || end - i > 15) && !Number.isFinite(Number(text.slice(i, end)))) {
        return { path: pathOf(stack), message: `number ${text.slice(i, end)} is out of range (beyond a double; Terraform refuses it)` };
      }
      i = end;
    } else {
      // true, false, null in an array take an index; whitespace, commas and colons do not.
      if ((c === 116 || c === 102 || c === 110) && stack.length > 0) {
        const parent = stack[stack.length - 1] as Frame;
        if (!parent.keys) parent.at = (parent.at as number) + 1;
        i += c === 102 ? 5 : 4;
        continue;
      }
      i++;
    }
  }
  return undefined;
}

function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let j = quote - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
  return backslashes % 2 === 1;
}

function nextSignificant(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c;
  }
  return -1;
}

/** Digits, `.`, `e`, `E`, `+`, `-`. */
function isNumberChar(c: number): boolean {
  return (c >= ZERO && c <= NINE) || c === 46 || c === 101 || c === 69 || c === 43 || c === MINUS;
}

function pathOf(stack: readonly Frame[], last?: string): string {
  let out = '$';
  const steps = stack.map((f) => f.at);
  if (last !== undefined) steps[steps.length - 1] = last;
  for (const step of steps) out += typeof step === 'number' ? `[${step}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`;
  return out;
}
