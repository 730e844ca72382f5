import type { Change } from './change';
import type { PostureDiff } from './compare';
import { verdictLine } from './verdict-text';

const MARK: Readonly<Record<Change['direction'], string>> = { weakening: '-', strengthening: '+', neutral: '~' };

/** `--format text`: the verdict, then each environment's changes, weakening first, one per line. */
export function formatDiffText(diff: PostureDiff): string {
  const lines = [`auditready diff: ${verdictLine(diff)}`];
  for (const env of diff.environments) {
    if (env.changes.length === 0) continue;
    lines.push('', `${env.name} (${env.status}, ${env.verdict})`);
    for (const c of ordered(env.changes)) {
      const cover = c.coveredBy ? ` [waived: ${c.coveredBy.rule}, ${c.coveredBy.approver}, until ${c.coveredBy.expires}]` : '';
      lines.push(`  ${MARK[c.direction]} ${c.direction}: ${c.text}${cover}`);
    }
  }
  const unchanged = diff.environments.filter((e) => e.changes.length === 0).map((e) => e.name);
  if (unchanged.length > 0) lines.push('', `unchanged: ${unchanged.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

const ORDER: Readonly<Record<Change['direction'], number>> = { weakening: 0, strengthening: 1, neutral: 2 };

/** Weakening first, then strengthening, then neutral; otherwise in the order found. */
export function ordered(changes: readonly Change[]): Change[] {
  return changes
    .map((c, i) => [c, i] as const)
    .sort(([a, i], [b, j]) => ORDER[a.direction] - ORDER[b.direction] || i - j)
    .map(([c]) => c);
}
