/**
 * docs/logging-standard.md against the sources it is generated from, read directly: every file in
 * policies/rules/ (not the registry the renderer loops over) and every framework file in policies/frameworks/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Framework } from '../../policies/frameworks';
import { renderStandardDoc } from '../../policies/standard-doc';
import type { RuleDefinition } from '../../policies/types';

const POLICIES = join(__dirname, '..', '..', 'policies');
const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'logging-standard.md'), 'utf8');

const RULE_FILES = readdirSync(join(POLICIES, 'rules'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ id: basename(f, '.ts'), rule: (require(join(POLICIES, 'rules', f)) as { rule: RuleDefinition }).rule }));

const FRAMEWORK_FILES = readdirSync(join(POLICIES, 'frameworks'))
  .filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts', 'rule-groups.ts'].includes(f))
  .map((f) => (require(join(POLICIES, 'frameworks', f)) as { framework: Framework }).framework);

/** The text of the doc's `### <id>` section. */
function section(id: string): string {
  const start = DOC.indexOf(`\n### ${id}\n`);
  if (start < 0) return '';
  const end = DOC.indexOf('\n### ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

describe('docs/logging-standard.md', () => {
  it('is what `npm run docs:standard` writes now', () => {
    expect(DOC).toBe(renderStandardDoc());
  });

  it('has one section and one table row per file in policies/rules/, and no other rule', () => {
    expect(RULE_FILES.length).toBeGreaterThan(40);
    const ids = RULE_FILES.map((f) => f.id).sort();
    expect([...DOC.matchAll(/^### ([a-z0-9-]+)$/gm)].map((m) => m[1]).sort()).toEqual(ids);
    expect([...DOC.matchAll(/^\| \[`([a-z0-9-]+)`\]\(#\1\) \|/gm)].map((m) => m[1]).sort()).toEqual(ids);
    expect(DOC).toContain(`## Rules (${RULE_FILES.length})`);
  });

  it.each(RULE_FILES.map((f) => [f.id, f.rule] as const))("states %s's file: id, title, severity, rationale, absent meaning, remediation", (id, rule) => {
    expect(rule.id).toBe(id);
    const text = section(id);
    expect(text).toContain(`**${rule.title}** (${rule.severity})`);
    for (const part of [
      rule.rationale,
      `Absent: ${rule.absentMeans}`,
      `Remediation: ${rule.remediation.text}`,
      `\`\`\`ts\n${rule.remediation.cdktf}\n\`\`\``,
    ]) {
      expect(text).toContain(part);
    }
  });

  it("lists under each rule every requirement that a framework file maps to it, and each framework's requirements", () => {
    expect(FRAMEWORK_FILES.length).toBe(6);
    for (const { id } of RULE_FILES) {
      const expected = FRAMEWORK_FILES.flatMap((f) => f.requirements.filter((r) => r.rules.includes(id)).map((r) => `${f.id} ${r.id}`));
      const listed = /^Controls: (.*)$/m.exec(section(id))?.[1]?.split(', ') ?? [];
      expect([id, [...new Set(listed)].sort()]).toEqual([id, [...new Set(expected)].sort()]);
    }
    for (const f of FRAMEWORK_FILES) {
      expect(DOC).toContain(`### ${f.name}\n`);
      for (const r of f.requirements) expect(DOC).toContain(`| ${r.id} | `);
    }
  });
});
