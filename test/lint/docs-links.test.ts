import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

/** Link targets of a Markdown text: `[text](target)`, without a #fragment. */
function linksOf(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => (m[1] as string).replace(/#.*$/, '')).filter((t) => t !== '');
}

/** The README stands alone in a clone: it links only inside the repository. docs/ may cite web pages. */
test.each(DOCS)('%s: relative links lead to files in the repository, which exist', (doc) => {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  for (const target of linksOf(text)) {
    const external = /^[a-z][a-z0-9+.-]*:/i.test(target);
    if (doc === 'README.md') expect([target, external]).toEqual([target, false]);
    if (external) continue;
    const path = resolve(ROOT, dirname(doc), target);
    expect([target, relative(ROOT, path).startsWith('..'), existsSync(path)]).toEqual([target, false, true]);
  }
  // Paths written as code are links too, for a reader: none may lead out of the repository.
  expect(text.match(/`\.\.\/[^`]*`/g) ?? []).toEqual([]);
});

test('the link reader finds links, with and without fragments', () => {
  expect(linksOf('see [a](docs/a.md), [b](../shared/REFERENCE.md#x), [c](#tests) and [d](https://example.com)')).toEqual([
    'docs/a.md',
    '../shared/REFERENCE.md',
    'https://example.com',
  ]);
});
