/**
 * Term patterns for unstructured events: `ERROR ARGUMENTS`, `"INTERNAL SERVER ERROR"`, `?ERROR ?WARN`,
 * `ERROR -ARGUMENTS`, and `""` (or `" "`, as the guide writes it) to match everything.
 *
 * Following the CloudWatch Logs guide: matching is case sensitive and finds a term anywhere in the message
 * (`ERROR` matches `ERRORCODE`); every plain term must appear and no `-` term may; with `?` terms, any one
 * of them suffices. Terms with characters other than letters, digits and `_` must be quoted. The guide does
 * not say what `?` terms mixed with plain or `-` terms mean, so such patterns are refused.
 */
import type { Cursor } from './cursor';

/** A test of one log message. */
export type TextTest = (message: string) => boolean;

interface Term {
  readonly text: string;
  readonly mode: 'all' | 'any' | 'none';
  readonly at: number;
}

const TERM = /[A-Za-z0-9_]/;

function readTerm(c: Cursor): Term {
  const at = c.pos;
  const prefix = c.peek();
  const mode = prefix === '?' ? 'any' : prefix === '-' ? 'none' : 'all';
  if (mode !== 'all') c.pos++;
  if (c.peek() === '"') return { text: c.quoted(), mode, at };
  if (c.peek() === '%') throw c.error('regular expressions (%…%) are not supported by this evaluator, so the pattern cannot be judged');
  const text = c.takeWhile(TERM);
  if (text === '') {
    if (c.done || /\s/.test(c.peek())) throw c.error(`"${prefix}" must be followed by a term`, at);
    throw c.error(`quote terms that contain characters other than letters, digits and "_" (found ${c.describeNext()})`);
  }
  if (!c.done && !/\s/.test(c.peek())) throw c.error(`quote terms that contain characters other than letters, digits and "_" (found ${c.describeNext()})`);
  return { text, mode, at };
}

/** Parses a whole term pattern. */
export function parseTextPattern(c: Cursor): TextTest {
  const terms: Term[] = [];
  for (;;) {
    c.skipSpace();
    if (c.done) break;
    const term = readTerm(c);
    c.references.push({ literal: term.text });
    terms.push(term);
  }
  // `""` or `" "` alone: the guide's "match everything".
  if (terms.length === 0 || (terms.length === 1 && terms[0].mode === 'all' && terms[0].text.trim() === '')) return () => true;
  const any = terms.filter((t) => t.mode === 'any');
  if (any.length > 0) {
    const other = terms.find((t) => t.mode !== 'any');
    if (other) throw c.error('mixing ?term with plain or -term terms has no documented meaning; use only ?terms, or none', other.at);
    const texts = any.map((t) => t.text);
    return (m) => texts.some((t) => m.includes(t));
  }
  const required = terms.filter((t) => t.mode === 'all').map((t) => t.text);
  const excluded = terms.filter((t) => t.mode === 'none').map((t) => t.text);
  return (m) => required.every((t) => m.includes(t)) && !excluded.some((t) => m.includes(t));
}
