/**
 * CIS AWS Foundations v7.0 section 5 (monitoring): each control is a metric filter on the trail's log group
 * plus an alarm on its metric with an action to an encrypted SNS topic. A filter is recognized by the event
 * names and conditions its control requires, never by its name.
 */
import { parseTemplate } from './expression';
import { block, boolAttr, resolve, strAttr, strList, type Model, type TfResource } from './model';
import { fail, forEach, pass, unknown } from './rule-helpers';
import type { Finding, RuleDefinition, Severity } from './types';

export interface CisMonitoringControl {
  /** CIS v7.0 recommendation number, e.g. `5.1`. */
  readonly control: string;
  /** What the alarm watches, e.g. `unauthorized API calls`. */
  readonly subject: string;
  /** Terms that must all appear in the filter pattern. */
  readonly terms: readonly string[];
  /** The pattern CIS gives, used in the remediation snippet. */
  readonly pattern: string;
}

function containsTerm(pattern: string, term: string): boolean {
  const escaped = term.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9])${escaped}([^A-Za-z0-9]|$)`).test(pattern);
}

/** Whether a metric filter pattern covers a control: every required term is present. */
export function patternCovers(pattern: string, control: CisMonitoringControl): boolean {
  return control.terms.every((t) => containsTerm(pattern, t));
}

function literalText(pattern: string): string {
  return parseTemplate(pattern)
    .map((p) => ('literal' in p ? p.literal : ''))
    .join('');
}

function metricOf(filter: TfResource): { name?: string; namespace?: string } {
  const t = block(filter.values.metric_transformation);
  return {
    ...(typeof t?.name === 'string' ? { name: t.name } : {}),
    ...(typeof t?.namespace === 'string' ? { namespace: t.namespace } : {}),
  };
}

/** Whether an alarm watches the filter's metric (by literal name and namespace, or by reference to the filter). */
function alarmWatches(model: Model, alarm: TfResource, filter: TfResource): boolean {
  const metric = metricOf(filter);
  const same = (value: unknown, literal: string | undefined): boolean => {
    if (value === literal && literal !== undefined) return true;
    const r = resolve(model, value, ['aws_cloudwatch_log_metric_filter']);
    return r.kind === 'resource' && r.resource.address === filter.address;
  };
  return same(alarm.values.metric_name, metric.name) && same(alarm.values.namespace, metric.namespace);
}

/** The encrypted SNS topic among an alarm's actions, or why there is none. */
function encryptedTopic(model: Model, alarm: TfResource): { topic?: TfResource; unknown?: string } {
  const enabled = boolAttr(alarm.values.actions_enabled, true);
  if (enabled.known && !enabled.value) return {};
  let unresolvedExpr: string | undefined;
  for (const action of strList(alarm.values.alarm_actions)) {
    const r = resolve(model, action, ['aws_sns_topic']);
    if (r.kind === 'unknown') unresolvedExpr = r.expression;
    if (r.kind !== 'resource' || r.resource.type !== 'aws_sns_topic') continue;
    const key = strAttr(r.resource.values.kms_master_key_id);
    if (!key.known) {
      const k = resolve(model, r.resource.values.kms_master_key_id, ['aws_kms_key', 'aws_kms_alias']);
      if (k.kind === 'resource') return { topic: r.resource };
      unresolvedExpr = key.expression;
      continue;
    }
    if (key.value && !/alias\/aws\/sns$/.test(key.value)) return { topic: r.resource };
  }
  return unresolvedExpr !== undefined ? { unknown: unresolvedExpr } : {};
}

/** Evaluates one CIS monitoring control against every log group a trail delivers to. */
export function evaluateCisControl(model: Model, logGroups: readonly TfResource[], control: CisMonitoringControl): Finding[] {
  const filters = model.ofType('aws_cloudwatch_log_metric_filter');
  const alarms = model.ofType('aws_cloudwatch_metric_alarm');
  return forEach(logGroups, 'no trail delivers to a CloudWatch log group in this configuration', (g) => {
    const onGroup = filters.filter((f) => {
      const r = resolve(model, f.values.log_group_name, ['aws_cloudwatch_log_group']);
      return r.kind === 'resource' && r.resource.address === g.address;
    });
    // A pattern may interpolate an ARN and still be readable; it is unresolvable only when no literal text is left.
    const unresolvedPattern = onGroup.find((f) => typeof f.values.pattern !== 'string' || literalText(f.values.pattern).trim() === '');
    const matching = onGroup.filter((f) => typeof f.values.pattern === 'string' && patternCovers(f.values.pattern, control));
    if (matching.length === 0) {
      if (unresolvedPattern) return unknown(unresolvedPattern, `pattern cannot be resolved; unknown values fail closed`);
      return fail(g, `no metric filter on this log group matches CIS ${control.control} (${control.subject})`);
    }
    let last: Finding | undefined;
    for (const f of matching) {
      const watching = alarms.filter((a) => alarmWatches(model, a, f));
      if (watching.length === 0) {
        last ??= fail(f, `no alarm watches the metric of this CIS ${control.control} filter (${control.subject})`);
        continue;
      }
      for (const a of watching) {
        const t = encryptedTopic(model, a);
        if (t.topic) return pass(f, `CIS ${control.control} (${control.subject}): ${a.address} notifies encrypted topic ${t.topic.address}`);
        last = t.unknown
          ? unknown(a, `alarm action cannot be resolved (${t.unknown}); unknown values fail closed`)
          : fail(a, `alarm for CIS ${control.control} (${control.subject}) has no enabled action to a KMS-encrypted SNS topic`);
      }
    }
    return last as Finding;
  });
}

/** The declaration of a CIS monitoring rule: shared wording, control-specific terms. */
export function cisAlarmRule(id: string, severity: Severity, control: CisMonitoringControl): RuleDefinition {
  const subjectTitle = control.subject.charAt(0).toUpperCase() + control.subject.slice(1);
  return {
    id,
    title: `${subjectTitle} raise an alarm to an encrypted SNS topic (CIS ${control.control})`,
    severity,
    rationale: `CIS ${control.control}: ${control.subject} are a signal of compromise or of weakened controls; a metric filter on the trail's log group with an alarm gets a human to look within minutes.`,
    remediation: {
      text: `Add an aws_cloudwatch_log_metric_filter on the trail's log group with the CIS ${control.control} pattern, and an aws_cloudwatch_metric_alarm on its metric whose alarm_actions include a KMS-encrypted aws_sns_topic.`,
      cdktf: `const filter = new CloudwatchLogMetricFilter(this, 'cis-${control.control}', { logGroupName: logGroup.name, pattern: '${control.pattern.replace(/'/g, "\\'")}', metricTransformation: { name: '${id}', namespace: 'AuditReady/CIS', value: '1' } });
new CloudwatchMetricAlarm(this, 'cis-${control.control}-alarm', { alarmName: '${id}', metricName: '${id}', namespace: 'AuditReady/CIS', statistic: 'Sum', period: 300, evaluationPeriods: 1, threshold: 1, comparisonOperator: 'GreaterThanOrEqualToThreshold', alarmActions: [topic.arn] });`,
    },
    absentMeans: 'No matching metric filter, no alarm on its metric, or no action to an encrypted topic: the rule fails.',
    evaluate: ({ model, topology }) => evaluateCisControl(model, topology.trailLogGroups, control),
  };
}
