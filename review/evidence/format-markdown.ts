import { markdownCell as cell } from '../../policies/markdown-cell';
import type { Evidence } from './evidence';
import { invalidFiles } from './format-json';
import { STATUS_WORDS, summaryLine } from './words';

const mark = (c: string | undefined) => (c === 'allow' ? '**allow**' : c === 'deny' ? '·' : c === 'unknown' ? '**?**' : '–');

/** `--format markdown`: the same evidence as the HTML page, as text for a wiki or a ticket. */
export function formatEvidenceMarkdown(evidence: Evidence): string {
  const p = evidence.provenance;
  const lines = [
    '# Audit evidence: access logging',
    '',
    summaryLine(evidence),
    '',
    `- Generated: ${p.generatedAt}`,
    `- Git commit: ${'commit' in p.git ? `\`${p.git.commit}\`${p.git.dirty ? ' (with uncommitted changes)' : ''}` : `not known: ${p.git.unavailable}`}`,
    `- Tools: ${p.tools.map((t) => `${t.name} ${t.version}`).join(', ')}`,
    ...(evidence.externals.length > 0 ? [`- Declared external (defined in another stack): ${evidence.externals.map((x) => `\`${cell(x)}\``).join(', ')}`] : []),
    '',
    '| Input | Kind | Bytes | SHA-256 |',
    '| --- | --- | ---: | --- |',
    ...p.inputs.map((i) => `| \`${cell(i.name)}\` | ${i.kind} | ${i.bytes} | \`${i.sha256}\` |`),
    '',
  ];
  for (const e of evidence.environments) {
    lines.push(`## Environment ${e.name} (tier ${e.tier}): ${e.ok ? 'meets the standard' : 'FAILS the standard'}`, '', `Read from \`${cell(e.source)}\`.`, '');
    lines.push(
      '### Requirements per framework',
      '',
      '| Framework | pass | waived or warn | fail | not applicable or not run |',
      '| --- | ---: | ---: | ---: | ---: |',
    );
    for (const t of e.tallies)
      lines.push(
        `| ${t.name} | ${t.counts.pass} | ${t.counts.waived + t.counts.warn} | ${t.counts.fail + t.counts.unknown} | ${t.counts.not_applicable + t.counts['not run']} |`,
      );
    lines.push('', '### Control matrix', '', '| Framework | Requirement | Rules | Resources | Result |', '| --- | --- | --- | --- | --- |');
    for (const r of e.requirements) {
      const resources = r.rules.flatMap((x) => x.results.map((res) => `${res.resource ?? '(environment)'}: ${STATUS_WORDS[res.status]}`));
      lines.push(
        `| ${r.framework} | **${r.id}** ${cell(r.title)} | ${r.rules.map((x) => `\`${x.rule}\``).join('<br>')} | ${cell(resources.join('<br>'))} | ${STATUS_WORDS[r.status]} |`,
      );
    }
    lines.push('', '### Waivers', '');
    if (e.waivers.length === 0) lines.push('No waivers: every result stands as found.');
    else {
      lines.push('| Rule | Resource | Reason | Approver | Expires | Covers |', '| --- | --- | --- | --- | --- | --- |');
      for (const w of e.waivers)
        lines.push(
          `| \`${w.waiver.rule}\` | \`${cell(w.waiver.resource)}\` | ${cell(w.waiver.reason)} | ${cell(w.waiver.approver)} | ${w.waiver.expires} | ${w.covers === 0 ? 'nothing (remove it)' : `${w.covers} result(s)`} |`,
        );
    }
    lines.push('', '### Effective settings', '', '| Of | Setting | Value |', '| --- | --- | --- |');
    for (const s of e.settings) lines.push(`| ${cell(s.group)} | ${cell(s.label)} | ${cell(s.text)} |`);
    if (e.externals.length > 0) {
      lines.push('', 'Defined in another stack (declared external), and checked there:', '');
      for (const x of e.externals) lines.push(`- \`${cell(x.name)}\`, named by ${x.uses.map((u) => `\`${cell(u)}\``).join(', ')}`);
    }
    lines.push('', '### Who can do what', '');
    const m = e.access;
    if (m.kind === 'unavailable') lines.push(`Not computed: ${m.reason}.`);
    else {
      if (m.organization)
        lines.push(
          `Organization \`${m.organization.id}\`, from \`${cell(m.organization.management)}\` and \`${cell(m.organization.logArchive)}\`: SCPs applied to IAM principals of the accounts they are attached to (member account ${m.organization.memberAccount}; never the management account or AWS services), RCPs to every request for a resource of the accounts they are attached to. – means the question does not apply.`,
          '',
        );
      lines.push(`| Request | ${m.columns.map((c) => cell(c.label)).join(' | ')} |`, `| --- | ${m.columns.map(() => '---').join(' | ')} |`);
      for (const r of m.rows) lines.push(`| ${cell(r.row.what)} | ${m.columns.map((c) => mark(r.cells[c.id])).join(' | ')} |`);
      lines.push('', '| Role | Asked by | Request | Decision |', '| --- | --- | --- | --- |');
      for (const a of m.assume)
        lines.push(`| ${a.role} | ${cell(a.principal === a.caller ? a.caller : `${a.caller}: ${a.principal}`)} | ${cell(a.row.what)} | ${mark(a.cell)} |`);
      for (const note of m.notes) lines.push(`- unknown: ${cell(note)}`);
    }
    if (e.verify) {
      const problems = e.verify.filter((r) => r.status !== 'pass' && r.status !== 'not_applicable');
      lines.push('', '### Latest verify', '', `${e.verify.length} result(s), ${problems.length} need attention.`, '');
      for (const r of problems) lines.push(`- ${STATUS_WORDS[r.status]} \`${r.rule}\` ${r.resource ?? '(environment)'}: ${r.message}`);
    }
    lines.push('');
  }
  const v = evidence.validateLogs;
  if (v) {
    const s = v.report.summary;
    lines.push(
      '## Log file validation',
      '',
      `- Trail: \`${v.report.trailArn}\`, ${v.report.startTime} to ${v.report.endTime}`,
      `- Digest files: ${s.digestsValid} valid, ${s.digestsInvalid} invalid; log files: ${s.logFilesValid} valid, ${s.logFilesInvalid} invalid, ${s.logFilesNotChecked} not checked`,
      `- Result: ${v.valid ? 'every file valid' : 'invalid files, or nothing validated'}`,
      ...invalidFiles(evidence).map(
        (f) => `- INVALID ${f.kind} \`${f.key ?? f.description ?? '(unknown)'}\`: ${f.problems.map((x) => `${x.reason}: ${x.detail}`).join('; ')}`,
      ),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
