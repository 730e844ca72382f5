/**
 * A CloudWatch Logs filter-pattern evaluator: parse a metric-filter pattern once, then test events with it.
 *
 * Follows "Filter pattern syntax for metric filters, subscription filters, filter log events, and Live Tail"
 * in the CloudWatch Logs user guide. Whatever the guide leaves open is either refused with a
 * `FilterPatternError` (so a rule reports the pattern as unknown and fails closed) or read the way that
 * makes the pattern match less; each module says which. Not supported, and refused: regular expressions
 * (`%…%`).
 *
 * ```ts
 * const p = parseFilterPattern('{ $.eventName = "StopLogging" }');
 * matchesEvent(p, { eventName: 'StopLogging' }); // true
 * ```
 */
import { Cursor, type Reference } from './cursor';
import { parseDelimitedPattern } from './delimited-pattern';
import { FilterPatternError } from './error';
import { parseJsonPattern } from './json-pattern';
import { parseTextPattern } from './text-pattern';

export type { Reference } from './cursor';
export { FilterPatternError } from './error';

/** CloudWatch Logs refuses filter patterns longer than this (PutMetricFilter `filterPattern`). */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

/** A log event: the message text, or a JSON event already parsed (a CloudTrail record, for example). */
export type LogEvent = string | { readonly [key: string]: unknown };

/** A parsed filter pattern. Build with `parseFilterPattern`; test with `matchesEvent`. */
export interface FilterPattern {
  /** Which of the three syntaxes the pattern uses. */
  readonly kind: 'json' | 'text' | 'delimited';
  /** The pattern as given. */
  readonly source: string;
  /** The fields (JSON) or terms (text, delimited) the pattern tests, with the literals it compares them against. */
  readonly references: readonly Reference[];
  /** @internal the compiled test; use `matchesEvent`. */
  readonly test: (event: LogEvent) => boolean;
}

/** Parses a filter pattern; throws `FilterPatternError` (with the position and why) for one it cannot read. */
export function parseFilterPattern(text: string): FilterPattern {
  if (text.length > MAX_FILTER_PATTERN_LENGTH) {
    throw new FilterPatternError(text, MAX_FILTER_PATTERN_LENGTH, `longer than ${MAX_FILTER_PATTERN_LENGTH} characters, which CloudWatch Logs refuses`);
  }
  const c = new Cursor(text);
  c.skipSpace();
  if (c.peek() === '{') {
    const json = parseJsonPattern(c);
    return {
      kind: 'json',
      source: text,
      references: c.references,
      test: (e) => {
        const parsed = asJson(e);
        return parsed !== undefined && json(parsed);
      },
    };
  }
  if (c.peek() === '[') {
    const delimited = parseDelimitedPattern(c);
    return { kind: 'delimited', source: text, references: c.references, test: (e) => delimited(asText(e)) };
  }
  const terms = parseTextPattern(c);
  return { kind: 'text', source: text, references: c.references, test: (e) => terms(asText(e)) };
}

/** The parsed pattern, or the reason it cannot be read: for callers that report such a pattern as unknown. */
export function tryParseFilterPattern(text: string): { pattern: FilterPattern; error?: undefined } | { pattern?: undefined; error: FilterPatternError } {
  try {
    return { pattern: parseFilterPattern(text) };
  } catch (e) {
    if (e instanceof FilterPatternError) return { error: e };
    throw e;
  }
}

/** Whether CloudWatch Logs would count `event` as a match of `pattern`. */
export function matchesEvent(pattern: FilterPattern, event: LogEvent): boolean {
  return pattern.test(event);
}

/** A JSON pattern matches only a message that is a JSON object; anything else is not JSON to it. */
function asJson(event: LogEvent): unknown {
  if (typeof event !== 'string') return event;
  try {
    const parsed: unknown = JSON.parse(event);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A parsed event is matched as the compact JSON text CloudTrail delivers to CloudWatch Logs. */
function asText(event: LogEvent): string {
  return typeof event === 'string' ? event : JSON.stringify(event);
}
