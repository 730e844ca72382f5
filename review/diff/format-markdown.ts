import { markdownCell as cell } from '../../policies/markdown-cell';
import type { Change } from './change';
import type { PostureDiff } from './compare';
import { ordered } from './format-text';
import { verdictLine } from './verdict-text';

const ICON: Readonly<Record<Change['direction'], string>> = { weakening: '🔻 weakening', strengthening: '🔺 strengthening', neutral: '➖ neutral' };

/** Rows of the table before the rest is folded away: a comment stays readable on a large change. */
const TABLE_ROWS = 30;

/**
 * `--format markdown`, for a pull-request comment or a job summary: the one-line verdict, a table of the
 * weakening and strengthening changes (waivers beside them), then every change per environment folded in
 * `<details>`.
 */
export function formatDiffMarkdown(diff: PostureDiff): string {
  const icon = diff.verdict === 'weakening' ? (diff.ok ? '🛡️' : '❌') : diff.verdict === 'strengthening' ? '✅' : '➖';
  const lines = [`### ${icon} auditready diff: ${verdictLine(diff)}`, ''];
  const notable = diff.environments.flatMap((e) => ordered(e.changes).filter((c) => c.direction !== 'neutral'));
  if (notable.length > 0) {
    lines.push('| Environment | Change | Direction | Waiver |', '| --- | --- | --- | --- |');
    for (const c of notable.slice(0, TABLE_ROWS)) lines.push(`| ${cell(c.environment)} | ${cell(c.text)} | ${ICON[c.direction]} | ${waiverCell(c)} |`);
    if (notable.length > TABLE_ROWS) lines.push(`| | … and ${notable.length - TABLE_ROWS} more below | | |`);
    lines.push('');
  }
  for (const env of diff.environments) {
    if (env.changes.length === 0) continue;
    lines.push(
      `<details><summary>${env.name}: ${env.status}, ${env.verdict} (${env.changes.length} change${env.changes.length === 1 ? '' : 's'})</summary>`,
      '',
    );
    lines.push('| Direction | Kind | Change | Before | After |', '| --- | --- | --- | --- | --- |');
    for (const c of ordered(env.changes))
      lines.push(
        `| ${ICON[c.direction]} | ${c.kind} | ${cell(c.text)}${c.coveredBy ? ` (${cell(waiverCell(c))})` : ''} | ${code(c.before)} | ${code(c.after)} |`,
      );
    lines.push('', '</details>', '');
  }
  const unchanged = diff.environments.filter((e) => e.changes.length === 0).map((e) => e.name);
  if (unchanged.length > 0) lines.push(`Unchanged: ${unchanged.join(', ')}.`, '');
  return `${lines.join('\n')}\n`;
}

function waiverCell(c: Change): string {
  if (c.direction !== 'weakening') return '';
  return c.coveredBy ? `waived (${c.coveredBy.rule}, ${c.coveredBy.approver}, until ${c.coveredBy.expires})` : '**none**';
}

function code(text: string | undefined): string {
  if (text === undefined) return '';
  const short = text.length > 200 ? `${text.slice(0, 199)}…` : text;
  return `\`${cell(short).replace(/`/g, "'")}\``;
}
