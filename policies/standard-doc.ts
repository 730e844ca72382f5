/**
 * Renders docs/logging-standard.md from the rule metadata, the standard and the framework files, so the
 * document cannot drift from the code (a test compares them; `npm run docs:standard` rewrites it).
 */

import { THRESHOLDS } from '../standard/thresholds';
import { TIERS } from '../standard/tiers';
import { FRAMEWORKS } from './frameworks';
import { markdownCell as cell } from './markdown-cell';
import { RULES } from './registry';
import { STANDARD } from './standard';

export function renderStandardDoc(): string {
  const out: string[] = [];
  out.push(
    '# The auditready logging standard',
    '',
    '<!-- Generated from policies/ by `npm run docs:standard`; a test fails when this file is out of date. -->',
    '',
    'The standard is what auditors hold the project to: a set of rules evaluated on Terraform JSON (cdktf',
    'synthesized stacks, `*.tf.json`, or `terraform show -json` plans). The same rules run for every',
    'environment; only the thresholds and the level of a rule differ by tier, prod being the strictest.',
    'Run it with `auditready check` (see [check.md](check.md)).',
    '',
    '## How rules decide',
    '',
    '- Each rule gives every resource it applies to one of four outcomes: **pass**, **fail**, **not applicable**',
    '  (nothing of the kind exists), or **unknown** (a value cannot be resolved, e.g. `${var.x}`). Unknown fails',
    '  the audit: it is never silently passed.',
    '- Each rule states what an absent attribute means, using the provider\'s real default (below, "Absent").',
    '- Rules follow references across split resources (`aws_s3_bucket_versioning`, `..._object_lock_configuration`,',
    '  `..._server_side_encryption_configuration`, `..._public_access_block`, `..._ownership_controls`,',
    '  `..._lifecycle_configuration`, `..._logging`, `..._policy`, `aws_kms_key_policy`) through references, literal',
    '  names or ARNs (in any partition) and data sources. A reference the file cannot tie to a resource is unknown,',
    '  unless `--external` declares it; a resource whose `count` or `for_each` is not literal may not exist (unknown).',
    '  Two configurations of one kind for one bucket or key fail. Policy documents are read from JSON strings (with',
    '  `${...}` inside), `${jsonencode({...})}`, and `data.aws_iam_policy_document` statements (with their source and',
    '  override documents), and evaluated as AWS evaluates them (see [check.md](check.md)).',
    "- Resources are identified by their relations, not their names: the **audit bucket** is the bucket a trail's",
    "  `s3_bucket_name` points to; the **access-log bucket** is the `target_bucket` of the audit bucket's logging;",
    "  the **trail key** is the trail's `kms_key_id` (directly or through an alias); the **trail log group** is the",
    "  trail's `cloud_watch_logs_group_arn`. **Human roles** are roles whose trust policy admits an AWS or federated",
    '  principal (or cannot be read), or that carry the `auditready:role` tag; the **auditor roles** are those tagged',
    '  `auditready:role = auditor` and every other human role that can read the logs, unless tagged `log-admin` or',
    '  `break-glass`.',
    "- CIS 5.x metric filters are recognized by running their patterns over CloudTrail records of each control's",
    '  events and of benign ones, never by their names or by searching their text.',
    '- Plan JSON does not record `lifecycle` blocks: rules that need them are not applicable on plans and say so.',
    '',
    '## Rule ids and adding a rule',
    '',
    '- Rule ids are stable kebab-case names prefixed by area (`trail-`, `bucket-`, `kms-`, `log-group-`,',
    '  `log-resources-`, `cis-5-NN-`, `iam-`); each is the file name of its rule in `policies/rules/<id>.ts`, which',
    '  exports only `rule`: metadata plus a pure `evaluate` over the resource model (no cdktf imports).',
    '- To add a rule: write `policies/rules/<id>.ts`; list it in `policies/rule-definitions.ts`; give it a level per',
    '  tier in `policies/standard.ts` (and in the pinned list in `test/policies/standard.test.ts`); map it to at least',
    '  one requirement in `policies/frameworks/`; add its compliant, non-compliant, unknown and not-applicable case to',
    '  `test/policies/rules.test.ts`, its mutation to `test/policies/mutations.ts`, and adversarial variants to',
    '  `test/policies/evasion.ts`; run `npm run docs:standard`. Policy questions go to the evaluator',
    '  (`policies/iam/evaluate.ts`: `allowed` and `denied` for a class of principal, action, resource and context;',
    '  `topology.identityAllows` for a role within its boundary), never to a pattern of statements.',
    '',
    '## Levels and tiers',
    '',
    'A rule runs at level `error` (a failure fails the check, exit 1), `warn` (a failure is reported as `warn` and does',
    'not fail the check; an unknown value still does) or `off`. The tier comes from `--tier`, else from the provider',
    'default tag `auditready:tier` the file declares.',
    '',
    `| Threshold | ${TIERS.join(' | ')} |`,
    `| --- | ${TIERS.map(() => '---').join(' | ')} |`,
    `| Object Lock modes | ${TIERS.map((t) => THRESHOLDS[t].objectLockModes.join(', ')).join(' | ')} |`,
    `| Minimum Object Lock retention (days) | ${TIERS.map((t) => THRESHOLDS[t].minRetentionDays).join(' | ')} |`,
    `| Minimum log group / access-log retention (days) | ${TIERS.map((t) => THRESHOLDS[t].minLogGroupRetentionDays).join(' | ')} |`,
    `| Longest human session (seconds) | ${TIERS.map((t) => THRESHOLDS[t].maxSessionSeconds).join(' | ')} |`,
    `| Longest KMS rotation period (days) | ${TIERS.map((t) => THRESHOLDS[t].maxKeyRotationDays).join(' | ')} |`,
    '',
    `## Rules (${RULES.length})`,
    '',
    `| Rule | Secure condition | Severity | ${TIERS.join(' | ')} | Controls |`,
    `| --- | --- | --- | ${TIERS.map(() => '---').join(' | ')} | --- |`,
  );
  for (const r of RULES) {
    const levels = TIERS.map((t) => STANDARD[r.id]?.[t] ?? 'off').join(' | ');
    out.push(`| [\`${r.id}\`](#${r.id}) | ${cell(r.title)} | ${r.severity} | ${levels} | ${r.controls.map((c) => `${c.framework} ${c.id}`).join(', ')} |`);
  }
  out.push('');
  for (const r of RULES) {
    out.push(
      `### ${r.id}`,
      '',
      `**${r.title}** (${r.severity})`,
      '',
      r.rationale,
      '',
      `Absent: ${r.absentMeans}`,
      '',
      `Remediation: ${r.remediation.text}`,
      '',
      '```ts',
      r.remediation.cdktf,
      '```',
      '',
      `Controls: ${r.controls.map((c) => `${c.framework} ${c.id}`).join(', ')}`,
      '',
    );
  }
  out.push('## Framework coverage (requirement-first)', '');
  for (const f of FRAMEWORKS) {
    out.push(`### ${f.name}`, '', '| Requirement | Title | Rules |', '| --- | --- | --- |');
    for (const req of f.requirements) out.push(`| ${req.id} | ${cell(req.title)} | ${req.rules.map((id) => `\`${id}\``).join(', ')} |`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
