/**
 * IAM wildcard matching (`*` any run, `?` one character) over strings that may hold opaque tokens: one
 * private-use character stands for a value the file leaves to apply time (a key's ARN, the account id).
 * A token equals itself; against anything else it may or may not match, so the answer is three-valued.
 */
import type { Tri } from './tri';

const TOKEN_MIN = 0xe000;
const TOKEN_MAX = 0xf8ff;

export function isToken(c: string): boolean {
  const code = c.charCodeAt(0);
  return code >= TOKEN_MIN && code <= TOKEN_MAX;
}

const TOKEN = /[\uE000-\uF8FF]/;

export function hasToken(s: string): boolean {
  return TOKEN.test(s);
}

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

const REGEX_CACHE = new Map<string, RegExp>();

function plainRegex(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = REGEX_CACHE.get(key);
  if (!re) {
    const body = pattern
      .replace(/[.+^$()|[\]\\{}]/g, '\\$&')
      .replace(/\*/g, '[\\s\\S]*')
      .replace(/\?/g, '[\\s\\S]');
    re = new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
    REGEX_CACHE.set(key, re);
  }
  return re;
}

const PLAIN_MATCHERS = new Map<string, (subject: string) => boolean>();

/**
 * `match` with wildcards, case-sensitive, for a pattern and subjects without tokens (a two-valued answer),
 * compiled once per pattern: an action list is asked about many actions.
 */
export function plainMatcher(pattern: string): (subject: string) => boolean {
  let m = PLAIN_MATCHERS.get(pattern);
  if (!m) {
    if (!hasWildcard(pattern)) m = (subject) => subject === pattern;
    else if (pattern.indexOf('*') === pattern.length - 1 && !pattern.includes('?')) {
      const head = pattern.slice(0, -1);
      m = (subject) => subject.startsWith(head);
    } else {
      const re = plainRegex(pattern, false);
      m = (subject) => re.test(subject);
    }
    if (PLAIN_MATCHERS.size > 100_000) PLAIN_MATCHERS.clear();
    PLAIN_MATCHERS.set(pattern, m);
  }
  return m;
}

/**
 * Whether `subject` matches `pattern`. `wildcards`: whether `*` and `?` in the pattern are wildcards
 * (IAM actions, resources and `...Like` operators) or literal characters (`...Equals` operators).
 */
export function match(pattern: string, subject: string, options: { ignoreCase?: boolean; wildcards?: boolean } = {}): Tri {
  const ignoreCase = options.ignoreCase ?? false;
  const wildcards = options.wildcards ?? true;
  if (!wildcards || !(pattern.includes('*') || pattern.includes('?'))) {
    if (pattern === subject) return 'yes';
    if (!hasToken(pattern) && !hasToken(subject)) return ignoreCase && pattern.toLowerCase() === subject.toLowerCase() ? 'yes' : 'no';
  } else if (!hasToken(pattern) && !hasToken(subject)) {
    // The common IAM form, a literal then one trailing `*`, needs no regular expression.
    const star = pattern.indexOf('*');
    if (!ignoreCase && star === pattern.length - 1 && !pattern.includes('?')) return subject.startsWith(pattern.slice(0, -1)) ? 'yes' : 'no';
    return plainRegex(pattern, ignoreCase).test(subject) ? 'yes' : 'no';
  }
  const key = `${ignoreCase ? 'i' : 's'}${wildcards ? 'w' : 'l'}${pattern}\u0001${subject}`;
  let r = TOKEN_MATCHES.get(key);
  if (r === undefined) {
    if (TOKEN_MATCHES.size > 100_000) TOKEN_MATCHES.clear();
    r = tokenMatch(ignoreCase ? pattern.toLowerCase() : pattern, ignoreCase ? subject.toLowerCase() : subject, wildcards);
    TOKEN_MATCHES.set(key, r);
  }
  return r;
}

const TOKEN_MATCHES = new Map<string, Tri>();

/** Matching with tokens: dynamic programming over positions; the best of `yes` > `maybe` > `no`. */
function tokenMatch(p: string, s: string, wildcards: boolean): Tri {
  const memo = new Map<number, Tri>();
  const width = s.length + 1;
  const best = (a: Tri, b: Tri): Tri => (a === 'yes' || b === 'yes' ? 'yes' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'no');
  const go = (i: number, j: number): Tri => {
    const key = i * width + j;
    const cached = memo.get(key);
    if (cached) return cached;
    let r: Tri;
    if (i === p.length) {
      // Only tokens left in the subject: they could be empty strings.
      r = j === s.length ? 'yes' : [...s.slice(j)].every(isToken) ? 'maybe' : 'no';
    } else {
      const pc = p[i] as string;
      if (wildcards && pc === '*') {
        r = 'no';
        for (let k = j; k <= s.length && r !== 'yes'; k++) r = best(r, go(i + 1, k));
      } else if (j === s.length) {
        r = isToken(pc) ? (go(i + 1, j) === 'no' ? 'no' : 'maybe') : 'no';
      } else {
        const sc = s[j] as string;
        if (isToken(sc) || isToken(pc)) {
          if (sc === pc) r = go(i + 1, j + 1);
          else {
            // A token stands for an unknown run: it may absorb any part of the other side.
            r = 'no';
            if (isToken(sc)) for (let k = i; k <= p.length && r === 'no'; k++) r = go(k, j + 1) === 'no' ? 'no' : 'maybe';
            if (isToken(pc)) for (let k = j; k <= s.length && r === 'no'; k++) r = go(i + 1, k) === 'no' ? 'no' : 'maybe';
          }
        } else if ((wildcards && pc === '?') || pc === sc) {
          r = go(i + 1, j + 1);
        } else {
          r = 'no';
        }
      }
    }
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/**
 * Whether some string starting with `prefix` matches `pattern` (`overlaps`), and whether every string
 * starting with `prefix` does (`covers`). Used for classes like "every object of the bucket" (`<arn>/`).
 */
export function prefixClass(pattern: string, prefix: string, ignoreCase = false): { overlaps: Tri; covers: Tri } {
  // Without wildcards or tokens the answer is a string comparison.
  if (!hasWildcard(pattern) && !hasToken(pattern) && !hasToken(prefix)) {
    const p = ignoreCase ? pattern.toLowerCase() : pattern;
    const x = ignoreCase ? prefix.toLowerCase() : prefix;
    return p.startsWith(x) ? PREFIX_OVERLAPS : PREFIX_DISJOINT;
  }
  const cache = ignoreCase ? PREFIX_CLASSES.ignoreCase : PREFIX_CLASSES.exact;
  let byPrefix = cache.get(pattern);
  if (!byPrefix) {
    if (cache.size > 100_000) cache.clear();
    byPrefix = new Map();
    cache.set(pattern, byPrefix);
  }
  let r = byPrefix.get(prefix);
  if (!r) {
    r = computePrefixClass(pattern, prefix, ignoreCase);
    byPrefix.set(prefix, r);
  }
  return r;
}

const PREFIX_OVERLAPS = { overlaps: 'yes', covers: 'no' } as const;
const PREFIX_DISJOINT = { overlaps: 'no', covers: 'no' } as const;
/** Pattern to prefix to answer: two levels, so a lookup builds no key. */
const PREFIX_CLASSES = {
  exact: new Map<string, Map<string, { overlaps: Tri; covers: Tri }>>(),
  ignoreCase: new Map<string, Map<string, { overlaps: Tri; covers: Tri }>>(),
};

function computePrefixClass(pattern: string, prefix: string, ignoreCase: boolean): { overlaps: Tri; covers: Tri } {
  // A suffix that can be anything: a fresh token absorbs whatever follows the prefix.
  const any = String.fromCharCode(TOKEN_MAX);
  const overlapsRaw = match(pattern, `${prefix}${any}`, { ignoreCase });
  // With the fresh token, `maybe` means "for some suffix": an overlap, unless the prefix itself held tokens.
  const overlaps: Tri = overlapsRaw === 'maybe' && !hasToken(prefix) ? 'yes' : overlapsRaw;
  let covers: Tri = 'no';
  if (pattern.endsWith('*')) {
    const head = pattern.slice(0, -1);
    for (let k = 0; k <= prefix.length && covers !== 'yes'; k++) {
      const m = match(head, prefix.slice(0, k), { ignoreCase });
      if (m === 'yes') covers = 'yes';
      else if (m === 'maybe') covers = 'maybe';
    }
  }
  return { overlaps, covers };
}
