import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../policies/registry';
import { renderStandardDoc } from '../../policies/standard-doc';

describe('docs/logging-standard.md', () => {
  it('is up to date with the rules (regenerate with `npm run docs:standard`)', () => {
    expect(readFileSync(join(__dirname, '../../docs/logging-standard.md'), 'utf8')).toBe(renderStandardDoc());
  });

  it('lists every rule with its section', () => {
    const doc = renderStandardDoc();
    for (const r of RULES) expect(doc).toContain(`### ${r.id}\n\n**${r.title}**`);
  });
});
