/**
 * Terraform expressions as they appear in JSON configuration: strings with `${...}` interpolations, and the
 * `${jsonencode({...})}` form cdktf emits for `Fn.jsonencode`. Only what the rules need: references to
 * resources and data sources, and literal HCL objects inside `jsonencode`.
 */

/** A reference such as `aws_s3_bucket.audit.arn`, `module.stack.aws_s3_bucket.audit.arn` or `data.aws_iam_policy_document.x.json`. */
export interface Reference {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** Address of the referenced resource, module path included, without an instance key: `module.stack.aws_s3_bucket.audit`. */
  readonly address: string;
  /** Instance key right after the name (`[0]`, `["a"]`), when the reference names one instance of a counted resource. */
  readonly key?: string;
  /** What follows the resource address (and key), e.g. `arn`, `metric_transformation[0].name`; empty for the resource itself. */
  readonly attribute: string;
}

export type TemplatePart = { readonly literal: string } | { readonly expression: string };

const NAME = '[A-Za-z_][A-Za-z0-9_-]*';
const KEY = '\\[\\d+\\]|\\["[^"]*"\\]';
/** A resource type: a provider prefix and an underscore (`aws_s3_bucket`), which keeps `var.x` and module outputs out. */
const TYPE = '[a-z][a-z0-9]*_[a-z0-9_]+';
const TRAVERSAL = new RegExp(`^((?:module\\.${NAME}(?:${KEY})?\\.)*)(data\\.)?(${TYPE})\\.(${NAME})(${KEY})?((?:\\.${NAME}|${KEY}|\\[\\*\\])*)$`);

/** Parses `aws_x.y.attr` (no `${}`) into a reference, or undefined when it is not a resource reference. */
export function parseTraversal(expression: string): Reference | undefined {
  const m = TRAVERSAL.exec(expression.trim());
  if (!m) return undefined;
  const module = m[1] ?? '';
  const isData = m[2] !== undefined;
  const type = m[3] as string;
  const name = m[4] as string;
  const rest = (m[6] ?? '').replace(/^\./, '');
  const address = `${module}${isData ? 'data.' : ''}${type}.${name}`;
  return { mode: isData ? 'data' : 'managed', type, name, address, ...(m[5] !== undefined ? { key: m[5] } : {}), attribute: rest };
}

/** Splits a Terraform template string into literal text and `${...}` expressions. `$${` is an escaped literal. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('${', i);
    if (at < 0) {
      literal += text.slice(i);
      break;
    }
    if (at > 0 && text[at - 1] === '$') {
      // `$${` is a literal `${`
      literal += `${text.slice(i, at - 1)}\${`;
      i = at + 2;
      continue;
    }
    const end = findInterpolationEnd(text, at + 2);
    if (end < 0) {
      literal += text.slice(i);
      break;
    }
    literal += text.slice(i, at);
    if (literal) parts.push({ literal });
    literal = '';
    parts.push({ expression: text.slice(at + 2, end).trim() });
    i = end + 1;
  }
  if (literal || parts.length === 0) parts.push({ literal });
  return parts;
}

/** Index of the `}` closing an interpolation whose body starts at `start`, honouring nesting and quoted strings. */
function findInterpolationEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = skipQuoted(text, i);
      continue;
    }
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  return -1;
}

/** Index just after the quoted string starting at `start` (which is a `"`). */
function skipQuoted(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      const end = findInterpolationEnd(text, i + 2);
      if (end < 0) return text.length;
      i = end + 1;
      continue;
    }
    if (c === '"') return i + 1;
    i++;
  }
  return text.length;
}

/** True when a string holds at least one `${...}` interpolation. */
export function hasInterpolation(value: string): boolean {
  const at = value.indexOf('${');
  if (at < 0) return false;
  return parseTemplate(value).some((p) => 'expression' in p);
}

/**
 * A string that is one reference with optional literal text around it: `${aws_s3_bucket.a.arn}/*` gives the
 * reference with prefix '' and suffix '/*'. Undefined for literals, several references or other expressions.
 */
export function singleReference(value: string): { ref: Reference; prefix: string; suffix: string } | undefined {
  if (!value.includes('${')) return undefined;
  const parts = parseTemplate(value);
  const exprs = parts.filter((p): p is { expression: string } => 'expression' in p);
  if (exprs.length !== 1) return undefined;
  const ref = parseTraversal((exprs[0] as { expression: string }).expression);
  if (!ref) return undefined;
  const idx = parts.findIndex((p) => 'expression' in p);
  const prefix = parts
    .slice(0, idx)
    .map((p) => ('literal' in p ? p.literal : ''))
    .join('');
  const suffix = parts
    .slice(idx + 1)
    .map((p) => ('literal' in p ? p.literal : ''))
    .join('');
  return { ref, prefix, suffix };
}

/** Thrown when an HCL expression inside `jsonencode(...)` is not a literal the reader understands. */
export class ExpressionError extends Error {}

/**
 * Reads `jsonencode(<hcl literal>)` (the body of a `${...}`) into plain JSON. References inside become
 * `${ref}` strings, as they would be in JSON configuration. Throws ExpressionError for anything else.
 */
export function parseJsonencode(expression: string): unknown {
  const m = /^jsonencode\(([\s\S]*)\)$/.exec(expression.trim());
  if (!m) throw new ExpressionError('not a jsonencode() call');
  const parser = new HclLiteralParser(m[1] as string);
  const value = parser.value();
  parser.end();
  return value;
}

class HclLiteralParser {
  private i = 0;
  constructor(private readonly src: string) {}

  end(): void {
    this.ws();
    if (this.i !== this.src.length) throw new ExpressionError(`unexpected text at ${this.i}`);
  }

  value(): unknown {
    this.ws();
    const c = this.src[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.string();
    if (c !== undefined && /[-0-9]/.test(c)) return this.number();
    const word = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*/.exec(this.src.slice(this.i));
    if (!word) throw new ExpressionError(`unexpected character ${JSON.stringify(c)}`);
    this.i += word[0].length;
    if (word[0] === 'true') return true;
    if (word[0] === 'false') return false;
    if (word[0] === 'null') return null;
    this.ws();
    if (this.src[this.i] === '(') throw new ExpressionError(`function call ${word[0]}() is not a literal`);
    return `\${${word[0]}}`;
  }

  private ws(): void {
    while (this.i < this.src.length && /[\s,]/.test(this.src[this.i] as string)) this.i++;
  }

  private object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.ws();
      if (this.src[this.i] === '}') {
        this.i++;
        return out;
      }
      let key: string;
      if (this.src[this.i] === '"') key = this.string();
      else {
        const w = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.i));
        if (!w) throw new ExpressionError('expected an object key');
        key = w[0];
        this.i += key.length;
      }
      this.ws();
      const sep = this.src[this.i];
      if (sep !== '=' && sep !== ':') throw new ExpressionError('expected = or : after an object key');
      this.i++;
      out[key] = this.value();
    }
  }

  private tuple(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.ws();
      if (this.src[this.i] === ']') {
        this.i++;
        return out;
      }
      if (this.i >= this.src.length) throw new ExpressionError('unterminated tuple');
      out.push(this.value());
    }
  }

  private string(): string {
    const end = skipQuoted(this.src, this.i);
    const raw = this.src.slice(this.i, end);
    this.i = end;
    // Interpolations stay as written; JSON escapes match HCL's for the characters policies use.
    try {
      return JSON.parse(raw.replace(/\n/g, '\\n')) as string;
    } catch {
      throw new ExpressionError(`cannot read string ${raw}`);
    }
  }

  private number(): number {
    const m = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(this.src.slice(this.i));
    if (!m) throw new ExpressionError('bad number');
    this.i += m[0].length;
    return Number(m[0]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Module paths

const REFERENCE_START = new RegExp(`(data\\.)?${TYPE}\\.${NAME}`, 'y');

/**
 * Rewrites the resource references inside a configuration string written in module `module` (e.g.
 * `module.stack.`) to their addresses from the root: `${aws_s3_bucket.a.id}` becomes
 * `${module.stack.aws_s3_bucket.a.id}`. Literal text, quoted strings and non-resource roots stay as they are.
 */
export function prefixReferences(value: string, module: string): string {
  if (module === '' || !value.includes('${')) return value;
  return rewriteTemplate(value, 0, value.length, module);
}

/** Rewrites the template text in `text[from, to)`: literal text as is, each `${...}` through rewriteExpression. */
function rewriteTemplate(text: string, from: number, to: number, module: string): string {
  let out = '';
  let i = from;
  while (i < to) {
    const at = text.indexOf('${', i);
    if (at < 0 || at >= to) {
      out += text.slice(i, to);
      break;
    }
    if (at > 0 && text[at - 1] === '$') {
      out += text.slice(i, at + 2);
      i = at + 2;
      continue;
    }
    const end = findInterpolationEnd(text, at + 2);
    if (end < 0 || end >= to) {
      out += text.slice(i, to);
      break;
    }
    out += `${text.slice(i, at)}\${${rewriteExpression(text, at + 2, end, module)}}`;
    i = end + 1;
  }
  return out;
}

/** Rewrites an HCL expression in `text[from, to)`: references get the module prefix; quoted strings are templates. */
function rewriteExpression(text: string, from: number, to: number, module: string): string {
  let out = '';
  let i = from;
  while (i < to) {
    const c = text[i] as string;
    if (c === '"') {
      const end = Math.min(skipQuoted(text, i), to);
      out += `"${rewriteTemplate(text, i + 1, end - 1, module)}"`;
      i = end;
      continue;
    }
    const prev = i > from ? (text[i - 1] as string) : '';
    if (/[a-z]/.test(c) && !/[A-Za-z0-9_.-]/.test(prev)) {
      REFERENCE_START.lastIndex = i;
      const m = REFERENCE_START.exec(text);
      if (m && i + m[0].length <= to) {
        out += `${module}${m[0]}`;
        i += m[0].length;
        continue;
      }
      const word = /[A-Za-z0-9_-]+/y;
      word.lastIndex = i;
      const w = word.exec(text) as RegExpExecArray;
      out += w[0];
      i += w[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * Marks text a plan does not record. For an HCL configuration, `terraform show -json` gives only the
 * references of an expression whose value is known after apply, not its text: `"${x.arn}:*"` and `x.arn`
 * look the same. Such a value is written `OPAQUE${ref}OPAQUE`, so that it is never read as the reference alone.
 */
export const OPAQUE = '\u0000';

/** An expression of which only the references are known (see OPAQUE). */
export function opaqueExpression(references: readonly string[]): string {
  return `${OPAQUE}${references.map((r) => `\${${r}}${OPAQUE}`).join('')}`;
}
