import type { Report } from '../engine';
import { markdownCell as cell } from '../markdown-cell';
import type { Status } from '../types';
import { externalNotes } from './externals';
import type { ReportRule } from './index';
import { needsAttention } from './results';

const ICON: Readonly<Record<Status, string>> = {
  fail: '❌ fail',
  unknown: '❓ unknown',
  warn: '⚠️ warn',
  waived: '🛡️ waived',
  pass: '✅ pass',
  not_applicable: 'n/a',
};

/** `--format markdown`: a compact table for pull-request comments, failures first, with remediation. */
export function formatMarkdown(report: Report, title: string, rules: readonly ReportRule[]): string {
  const s = report.summary;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const lines = [
    `### ${title}: ${s.ok ? 'passed' : 'failed'}`,
    '',
    `${s.environments} environment(s), ${s.rules} rule(s): **${s.fail} fail**, ${s.unknown} unknown, ${s.warn} warn, ${s.waived} waived, ${s.pass} pass, ${s.not_applicable} not applicable.`,
    '',
  ];
  const problems = report.results.filter(needsAttention);
  if (problems.length > 0) {
    lines.push('| Status | Environment | Rule | Resource | Finding | Remediation |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of problems) {
      const rule = byId.get(r.rule);
      const note = r.waiver ? ` Waived until ${r.waiver.expires} (${r.waiver.approver}): ${r.waiver.reason}` : '';
      lines.push(
        `| ${ICON[r.status]} | ${cell(r.environment)} | \`${r.rule}\` | ${r.resource ? `\`${cell(r.resource)}\`` : '(environment)'} | ${cell(r.message + note)} | ${cell(rule?.remediation.text ?? '')} |`,
      );
    }
    lines.push('');
  }
  for (const w of report.unusedWaivers ?? []) {
    lines.push(`> Waiver for \`${w.rule}\` on \`${w.resource}\` in ${w.environment} (expires ${w.expires}) matched no failing result: remove it.`, '');
  }
  for (const line of externalNotes(report)) lines.push(`> ${line}`, '');
  return `${lines.join('\n')}\n`;
}
