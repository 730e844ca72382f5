/**
 * `--format html`: one self-contained page (html-report: inline CSS and SVG, nothing fetched, readable
 * printed) that an auditor can file: provenance first, then each environment's requirements chart,
 * control matrix, waivers, effective settings and access matrices, then the verify and validate-logs results.
 */
import { badge, definitionList, type HtmlValue, html, renderPage, type SafeHtml, section, stackedBarChart, table } from '../../html-report';
import type { Cell } from '../../policies/access/matrix';
import type { RequirementStatus } from './control-matrix';
import type { EnvironmentEvidence, Evidence } from './evidence';
import { invalidFiles } from './format-json';
import { STATUS_WORDS, summaryLine } from './words';

type Tone = 'ok' | 'fail' | 'medium' | 'info';
const TONE: Readonly<Record<RequirementStatus, Tone>> = {
  pass: 'ok',
  fail: 'fail',
  unknown: 'fail',
  warn: 'medium',
  waived: 'medium',
  not_applicable: 'info',
  'not run': 'info',
};

const status = (s: RequirementStatus): SafeHtml => badge(TONE[s], STATUS_WORDS[s]);
const mark = (c: Cell | undefined): HtmlValue =>
  c === 'allow' ? html`<strong>allow</strong>` : c === 'deny' ? '·' : c === 'unknown' ? html`<strong>?</strong>` : '–';
const list = (items: readonly HtmlValue[]): SafeHtml => html`<ul class="compact">${items.map((i) => html`<li>${i}</li>`)}</ul>`;

export function formatEvidenceHtml(evidence: Evidence, toolVersion: string): string {
  const p = evidence.provenance;
  const commit = 'commit' in p.git ? `${p.git.commit}${p.git.dirty ? ' (with uncommitted changes)' : ''}` : `not known: ${p.git.unavailable}`;
  const body: HtmlValue[] = [
    section(
      'Summary',
      definitionList([
        ['Generated', p.generatedAt],
        ['Git commit', html`<code>${commit}</code>`],
        ['Tools', p.tools.map((t) => `${t.name} ${t.version}`).join(', ')],
        ...(evidence.externals.length > 0
          ? ([['Declared external', html`${list(evidence.externals.map((x) => html`<code>${x}</code>`))} defined in another stack`]] as const)
          : []),
        [
          'Environments',
          list(
            evidence.environments.map(
              (e) => html`${e.name} (tier ${e.tier}): ${e.ok ? badge('ok', 'meets the standard') : badge('fail', 'fails the standard')}`,
            ),
          ),
        ],
        ...(evidence.verify ? ([['verify', evidence.verify.ok ? badge('ok', 'passed') : badge('fail', 'failed')]] as const) : []),
        ...(evidence.validateLogs
          ? ([['validate-logs', evidence.validateLogs.valid ? badge('ok', 'every file valid') : badge('fail', 'invalid files')]] as const)
          : []),
      ]),
      html`<h3>Inputs</h3>`,
      table(
        [
          { heading: 'File', cell: (i: (typeof p.inputs)[number]) => html`<code>${i.name}</code>`, width: 35 },
          { heading: 'Kind', cell: (i) => i.kind },
          { heading: 'Bytes', cell: (i) => i.bytes, numeric: true },
          { heading: 'SHA-256', cell: (i) => html`<code>${i.sha256}</code>` },
        ],
        p.inputs,
      ),
    ),
    ...evidence.environments.map(environmentSection),
  ];
  if (evidence.validateLogs) body.push(validateLogsSection(evidence));
  return renderPage({
    title: 'Audit evidence: access logging',
    subtitle: `${evidence.environments.length} environment(s); generated ${p.generatedAt}; ${summaryLine(evidence)}`,
    body,
    footer: `auditready ${toolVersion}: auditready report --format html. Statuses: pass, fail, unknown (fails: a value could not be resolved), warn, waived, not applicable, not run (no rule of the requirement runs at this tier).`,
  });
}

function environmentSection(e: EnvironmentEvidence): HtmlValue {
  const chart = stackedBarChart(
    e.tallies.map((t) => ({
      label: t.name,
      segments: [
        { label: 'passed', value: t.counts.pass, tone: 'ok' as const },
        { label: 'waived or warning', value: t.counts.waived + t.counts.warn, tone: 'medium' as const },
        { label: 'failed', value: t.counts.fail + t.counts.unknown, tone: 'fail' as const },
        { label: 'not applicable or not run', value: t.counts.not_applicable + t.counts['not run'], tone: 'info' as const },
      ],
    })),
    { caption: `Requirements of each framework in ${e.name}, by result` },
  );
  const requirements = table(
    [
      { heading: 'Framework', cell: (r: EnvironmentEvidence['requirements'][number]) => r.framework, width: 11 },
      { heading: 'Requirement', cell: (r) => html`<strong>${r.id}</strong> ${r.title}`, width: 27 },
      { heading: 'Rules', cell: (r) => list(r.rules.map((x) => html`<code>${x.rule}</code>`)), width: 22 },
      {
        heading: 'Resources',
        cell: (r) => {
          const items = r.rules.flatMap((x) => x.results.map((res) => html`${res.resource ?? '(environment)'}: ${STATUS_WORDS[res.status]}`));
          return items.length > 0 ? list(items) : '';
        },
      },
      { heading: 'Result', cell: (r) => status(r.status), width: 9 },
    ],
    e.requirements,
  );
  const waivers = table(
    [
      { heading: 'Rule', cell: (w: EnvironmentEvidence['waivers'][number]) => html`<code>${w.waiver.rule}</code>`, width: 16 },
      { heading: 'Resource', cell: (w) => html`<code>${w.waiver.resource}</code>`, width: 20 },
      { heading: 'Reason', cell: (w) => w.waiver.reason },
      { heading: 'Approver', cell: (w) => w.waiver.approver },
      { heading: 'Expires', cell: (w) => w.waiver.expires },
      { heading: 'Covers', cell: (w) => (w.covers === 0 ? 'nothing (remove it)' : `${w.covers} result(s)`) },
    ],
    e.waivers,
    'No waivers: every result stands as found.',
  );
  const settings = table(
    [
      { heading: 'Of', cell: (s: EnvironmentEvidence['settings'][number]) => s.group, width: 22 },
      { heading: 'Setting', cell: (s) => s.label, width: 22 },
      { heading: 'Value', cell: (s) => (Array.isArray(s.value) && s.value.length > 1 ? list(s.value) : s.text) },
    ],
    e.settings,
  );
  return section(
    `Environment ${e.name} (tier ${e.tier})`,
    html`<p>${e.ok ? badge('ok', 'meets the standard') : badge('fail', 'fails the standard')} Read from <code>${e.source}</code>.</p>`,
    html`<h3>Requirements met, per framework</h3>`,
    chart,
    html`<h3>Control matrix</h3>`,
    requirements,
    html`<h3>Waivers</h3>`,
    waivers,
    html`<h3>Effective settings</h3>`,
    settings,
    e.externals.length > 0
      ? html`<p>Defined in another stack (declared external), and checked there:</p>${list(
          e.externals.map((x) => html`<code>${x.name}</code>, named by ${x.uses.map((u, i) => html`${i > 0 ? ', ' : ''}<code>${u}</code>`)}`),
        )}`
      : '',
    accessSection(e),
    e.verify ? verifySection(e) : '',
  );
}

function accessSection(e: EnvironmentEvidence): HtmlValue {
  const m = e.access;
  if (m.kind === 'unavailable') return html`<h3>Who can do what</h3><p class="empty">Not computed: ${m.reason}.</p>`;
  const resource = table(
    [
      { heading: 'Request', cell: (r: (typeof m.rows)[number]) => r.row.what },
      ...m.columns.map((c) => ({ heading: c.label, cell: (r: (typeof m.rows)[number]) => mark(r.cells[c.id]), narrow: true })),
    ],
    m.rows,
  );
  const rows = [...new Set(m.assume.map((a) => `${a.role}|${a.caller}|${a.principal}`))].map((key) => {
    const [role, caller, principal] = key.split('|') as [string, string, string];
    return { role, caller, principal, cells: new Map(m.assume.filter((a) => `${a.role}|${a.caller}|${a.principal}` === key).map((a) => [a.row.id, a.cell])) };
  });
  const variants = [...new Map(m.assume.map((a) => [a.row.id, a.row])).values()];
  const assume = table(
    [
      { heading: 'Role', cell: (r: (typeof rows)[number]) => r.role, width: 14 },
      { heading: 'Asked by', cell: (r) => (r.principal === r.caller ? r.caller : html`${r.caller}: <code>${r.principal}</code>`) },
      ...variants.map((v) => ({ heading: v.short, cell: (r: (typeof rows)[number]) => mark(r.cells.get(v.id)), narrow: true })),
    ],
    rows,
  );
  const legend = definitionList(variants.map((v) => [v.short, v.what] as const));
  const o = m.organization;
  return html`<h3>Who can do what</h3>
<p>Each cell is the decision of auditready's policy evaluator on the file's bucket, key, topic, trust and role policies and the
permissions boundary: <strong>allow</strong>, · (deny), <strong>?</strong> (a policy cannot be read: unknown). The account
administrator, deployers and verifiers hold <code>"Action": "*"</code> in IAM (their own policies are not in the file).</p>
${
  o
    ? html`<p>This stack is part of organization <code>${o.id}</code>: the questions are asked of both of its stacks
(<code>${o.management}</code>, <code>${o.logArchive}</code>) with the guardrails applied as AWS applies them: the SCPs to
IAM principals of the accounts they are attached to (the member account asked about is ${o.memberAccount}), never the
management account's or an AWS service; the RCPs to every request for a resource of the accounts they are attached to.
A row "rewritten" asks what a deployer's rewrite of the resource policy would leave; – means the question does not apply.</p>`
    : ''
}
${resource}
${m.notes.length > 0 ? html`<p>Unknown cells: ${list(m.notes)}</p>` : ''}
<h3>Who can assume the human roles</h3>
<p>Each principal a role's trust policy names asks as its sessions can (MFA only where the session carries it), with a
source identity and the ticket tag unless the column says otherwise; – means the variation does not apply.</p>
${assume}
${legend}`;
}

function verifySection(e: EnvironmentEvidence): HtmlValue {
  const results = e.verify ?? [];
  const problems = results.filter((r) => r.status !== 'pass' && r.status !== 'not_applicable');
  return html`<h3>Latest verify</h3>
<p>${results.length} result(s) from the deployed environment: ${results.filter((r) => r.status === 'pass').length} pass, ${problems.length} need attention.</p>
${table(
  [
    { heading: 'Check', cell: (r: (typeof results)[number]) => html`<code>${r.rule}</code>` },
    { heading: 'Resource', cell: (r) => r.resource ?? '(environment)' },
    { heading: 'Result', cell: (r) => status(r.status) },
    { heading: 'Finding', cell: (r) => r.message },
  ],
  problems,
  'Every verify check passed.',
)}`;
}

function validateLogsSection(evidence: Evidence): HtmlValue {
  const v = evidence.validateLogs;
  if (!v) return '';
  const r = v.report;
  const s = r.summary;
  return section(
    'Log file validation',
    definitionList([
      ['Trail', html`<code>${r.trailArn}</code>`],
      ['Window', `${r.startTime} to ${r.endTime}`],
      ['Regions', `${r.regions.join(', ') || 'none'} (from ${r.regionsFrom})`],
      ['Digest files', `${s.digestsValid} valid, ${s.digestsInvalid} invalid`],
      ['Log files', `${s.logFilesValid} valid, ${s.logFilesInvalid} invalid, ${s.logFilesNotChecked} not checked`],
      ['Result', v.valid ? badge('ok', 'every file valid') : badge('fail', 'invalid files, or nothing validated')],
    ]),
    table(
      [
        { heading: 'File', cell: (f: ReturnType<typeof invalidFiles>[number]) => html`<code>${f.key ?? f.description ?? '(unknown)'}</code>` },
        { heading: 'Kind', cell: (f) => f.kind },
        { heading: 'Problems', cell: (f) => list(f.problems.map((p) => `${p.reason}: ${p.detail}`)) },
      ],
      invalidFiles(evidence),
      'No invalid file.',
    ),
  );
}
