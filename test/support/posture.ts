import { check } from '../../policies/engine';
import { modelFromDocument } from '../../policies/load';
import { alarmLines, resourceLines } from '../../policies/posture/resource-lines';
import type { SynthesizedStack } from '../../stacks/build-app';

/**
 * A compact, reviewable view of one synthesized environment: the provider and backend, every resource's
 * settings on one line and every alarm (policies/posture/resource-lines.ts, the lines `auditready diff`
 * falls back on), then the result of every rule of `auditready check` at the environment's tier, with the
 * resources it names in another stack declared external as `auditready check` does. A new attribute or
 * resource shows up here.
 */
export function postureOf(stack: SynthesizedStack, externals: readonly string[] = []): string {
  const tf = stack.terraform as { provider?: { aws?: unknown[] }; terraform: { backend?: unknown } };
  const model = modelFromDocument(stack.terraform, `cdktf.out/stacks/${stack.environment}/cdk.tf.json`);
  const alarms = alarmLines(model);
  const lines = [
    `# ${stack.environment} (tier ${stack.tier})`,
    '',
    '## Effective settings',
    '',
    `- provider aws: ${JSON.stringify(tf.provider?.aws ?? null)}`,
    `- backend: ${JSON.stringify(tf.terraform.backend ?? null)}`,
    ...resourceLines(model).map((r) => `- ${r.line}`),
    '',
    `## Alarms (${alarms.length}, from ${model.ofType('aws_cloudwatch_log_metric_filter').length} metric filters)`,
    '',
    ...alarms.map((a) => `- ${a.line}`),
  ];
  const report = check([model], { waivers: [], today: '2026-01-01', ...(externals.length > 0 ? { externals } : {}) });
  lines.push('', `## auditready check: ${report.summary.ok ? 'PASSED' : 'FAILED'}${externals.length > 0 ? ` (external: ${externals.join(', ')})` : ''}`, '');
  for (const r of [...report.results].sort((a, b) => a.rule.localeCompare(b.rule) || (a.resource ?? '').localeCompare(b.resource ?? ''))) {
    lines.push(`- ${r.status} ${r.rule} ${r.resource ?? '(environment)'}`);
  }
  return `${lines.join('\n')}\n`;
}
