import { FilterPatternError } from './error';

/**
 * A field a JSON pattern tests (a selector path, with the literal it compares it against, or none for
 * `IS NULL` / `NOT EXISTS`), or a term of a text or delimited pattern (no path).
 */
export interface Reference {
  readonly path?: readonly (string | number)[];
  readonly literal?: string | number;
}

/** A read position in a pattern, with the small scanning steps the three pattern grammars share. */
export class Cursor {
  pos = 0;
  /** What the pattern tests, collected while parsing (see FilterPattern.references). */
  readonly references: Reference[] = [];

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(n = 0): string {
    return this.text.charAt(this.pos + n);
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  /** Consumes `s` if it is next (after spaces). */
  accept(s: string): boolean {
    this.skipSpace();
    if (!this.startsWith(s)) return false;
    this.pos += s.length;
    return true;
  }

  expect(s: string, what: string): void {
    if (!this.accept(s)) throw this.error(`expected ${what}, found ${this.describeNext()}`);
  }

  /** Consumes the longest run of characters matching `re` (a single-character class). */
  takeWhile(re: RegExp): string {
    const start = this.pos;
    while (this.pos < this.text.length && re.test(this.text.charAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /**
   * A double-quoted string, the quotes removed. AWS documents no escape sequences, so a backslash
   * before a quote is refused rather than guessed at; other backslashes are literal characters.
   */
  quoted(): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.done) throw this.error('unterminated quoted string', start);
      const c = this.peek();
      if (c === '"') break;
      if (c === '\\' && this.peek(1) === '"') throw this.error('a backslash-escaped quote has no documented meaning in filter patterns');
      out += c;
      this.pos++;
    }
    this.pos++;
    return out;
  }

  describeNext(): string {
    if (this.done) return 'the end of the pattern';
    return JSON.stringify(this.text.slice(this.pos, this.pos + 12));
  }

  error(reason: string, at = this.pos): FilterPatternError {
    return new FilterPatternError(this.text, at, reason);
  }
}
