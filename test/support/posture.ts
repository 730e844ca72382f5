import { check } from '../../policies/engine';
import { modelFromDocument } from '../../policies/load';
import type { SynthesizedStack } from '../../stacks/build-app';

/**
 * Attributes left out of the posture: policy documents and filter patterns (the check results below judge
 * them; the full snapshot has them), free text, and wiring.
 */
const LEFT_OUT = new Set(['//', 'depends_on', 'policy', 'assume_role_policy', 'pattern', 'description', 'alarm_description', 'display_name']);

/** Metric filters and their alarms, one line per alarm: what it counts, when it fires, whom it notifies. */
const ALARM_TYPES = new Set(['aws_cloudwatch_log_metric_filter', 'aws_cloudwatch_metric_alarm']);

function alarmLine(alarm: Record<string, any>, filters: readonly Record<string, any>[]): string {
  const filter = filters.find((f) => f.metric_transformation?.name === alarm.metric_name && f.metric_transformation?.namespace === alarm.namespace);
  const source = filter
    ? `filter on ${filter.log_group_name}`
    : `metric ${alarm.namespace}/${alarm.metric_name}${alarm.dimensions ? ` ${JSON.stringify(alarm.dimensions)}` : ''}`;
  return (
    `- alarm ${alarm.alarm_name}: ${source}, ${alarm.statistic} ${alarm.comparison_operator} ${alarm.threshold} over ${alarm.period} s x ${alarm.evaluation_periods}, ` +
    `missing data ${alarm.treat_missing_data}, notifies ${JSON.stringify(alarm.alarm_actions)}`
  );
}

/**
 * A compact, reviewable view of one synthesized environment: every resource's effective settings on one
 * line (everything but the attributes LEFT_OUT; `lifecycle` shows prevent_destroy), then the result of
 * every rule of `auditready check` at the environment's tier, with the resources it names in another stack
 * declared external as `auditready check` does. A new attribute or resource shows up here.
 */
export function postureOf(stack: SynthesizedStack, externals: readonly string[] = []): string {
  const tf = stack.terraform as {
    resource: Record<string, Record<string, Record<string, any>>>;
    provider?: { aws?: unknown[] };
    terraform: { backend?: unknown };
  };
  const lines = [`# ${stack.environment} (tier ${stack.tier})`, '', '## Effective settings', ''];
  lines.push(`- provider aws: ${JSON.stringify(tf.provider?.aws ?? null)}`, `- backend: ${JSON.stringify(tf.terraform.backend ?? null)}`);
  for (const type of Object.keys(tf.resource).sort()) {
    if (ALARM_TYPES.has(type)) continue;
    for (const name of Object.keys(tf.resource[type] ?? {}).sort()) {
      const settings = Object.entries(tf.resource[type]?.[name] ?? {})
        .filter(([key]) => !LEFT_OUT.has(key))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
      lines.push(`- ${type}.${name}: ${settings.join(', ')}`);
    }
  }
  const filters = Object.values(tf.resource.aws_cloudwatch_log_metric_filter ?? {});
  const alarms = Object.values(tf.resource.aws_cloudwatch_metric_alarm ?? {}).sort((a, b) => String(a.alarm_name).localeCompare(String(b.alarm_name)));
  lines.push('', `## Alarms (${alarms.length}, from ${filters.length} metric filters)`, '', ...alarms.map((a) => alarmLine(a, filters)));
  const report = check([modelFromDocument(stack.terraform, `cdktf.out/stacks/${stack.environment}/cdk.tf.json`)], {
    waivers: [],
    today: '2026-01-01',
    ...(externals.length > 0 ? { externals } : {}),
  });
  lines.push('', `## auditready check: ${report.summary.ok ? 'PASSED' : 'FAILED'}${externals.length > 0 ? ` (external: ${externals.join(', ')})` : ''}`, '');
  for (const r of [...report.results].sort((a, b) => a.rule.localeCompare(b.rule) || (a.resource ?? '').localeCompare(b.resource ?? ''))) {
    lines.push(`- ${r.status} ${r.rule} ${r.resource ?? '(environment)'}`);
  }
  return `${lines.join('\n')}\n`;
}
