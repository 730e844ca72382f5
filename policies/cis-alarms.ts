/**
 * CIS AWS Foundations v7.0 section 5 (monitoring): each control is a metric filter on the trail's log group
 * plus an alarm on its metric with an action to an encrypted SNS topic. A filter is recognized by the event
 * names and conditions its control requires, never by its name.
 */
import { parseTemplate } from './expression';
import { block, boolAttr, type Model, resolve, strAttr, strList, type TfResource } from './model';
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

const TERM_PATTERNS = new Map<string, RegExp>();

function containsTerm(pattern: string, term: string): boolean {
  if (!pattern.includes(term)) return false;
  let re = TERM_PATTERNS.get(term);
  if (!re) {
    const escaped = term.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
    re = new RegExp(`(^|[^A-Za-z0-9])${escaped}([^A-Za-z0-9]|$)`);
    TERM_PATTERNS.set(term, re);
  }
  return re.test(pattern);
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

interface FilterEntry {
  readonly filter: TfResource;
  /** The pattern, interpolations left in place; undefined when nothing of it can be read. */
  readonly pattern?: string;
}

/** Filters by log group and alarms by watched metric: built once per model, shared by the 15 rules. */
interface CisIndex {
  readonly filtersByGroup: ReadonlyMap<string, readonly FilterEntry[]>;
  alarmsWatching(filter: TfResource): readonly TfResource[];
  encryptedTopic(alarm: TfResource): { topic?: TfResource; unknown?: string };
}

function cisIndex(model: Model): CisIndex {
  return model.memo('cis-index', () => {
    const filtersByGroup = new Map<string, FilterEntry[]>();
    for (const f of model.ofType('aws_cloudwatch_log_metric_filter')) {
      const g = resolve(model, f.values.log_group_name, ['aws_cloudwatch_log_group']);
      if (g.kind !== 'resource') continue;
      const p = f.values.pattern;
      const readable = typeof p === 'string' && literalText(p).trim() !== '';
      const list = filtersByGroup.get(g.resource.address) ?? [];
      list.push(readable ? { filter: f, pattern: p } : { filter: f });
      filtersByGroup.set(g.resource.address, list);
    }
    // An alarm's metric name and namespace, each a literal or a reference to a metric filter.
    const key = (value: unknown): string | undefined => {
      if (typeof value !== 'string') return undefined;
      if (!value.includes('${')) return `=${value}`;
      const r = resolve(model, value, ['aws_cloudwatch_log_metric_filter']);
      return r.kind === 'resource' ? `@${r.resource.address}` : undefined;
    };
    const alarms = new Map<string, TfResource[]>();
    for (const a of model.ofType('aws_cloudwatch_metric_alarm')) {
      const k = `${key(a.values.metric_name)}|${key(a.values.namespace)}`;
      alarms.set(k, [...(alarms.get(k) ?? []), a]);
    }
    const alarmsWatching = (filter: TfResource): TfResource[] => {
      const t = block(filter.values.metric_transformation);
      const name = typeof t?.name === 'string' ? [`=${t.name}`, `@${filter.address}`] : [`@${filter.address}`];
      const ns = typeof t?.namespace === 'string' ? [`=${t.namespace}`, `@${filter.address}`] : [`@${filter.address}`];
      return name.flatMap((n) => ns.flatMap((m) => alarms.get(`${n}|${m}`) ?? []));
    };
    const topics = new Map<string, { topic?: TfResource; unknown?: string }>();
    const encryptedTopic = (alarm: TfResource): { topic?: TfResource; unknown?: string } => {
      let found = topics.get(alarm.address);
      if (!found) {
        found = findEncryptedTopic(model, alarm);
        topics.set(alarm.address, found);
      }
      return found;
    };
    return { filtersByGroup, alarmsWatching, encryptedTopic };
  });
}

/** The encrypted SNS topic among an alarm's actions, or why there is none. */
function findEncryptedTopic(model: Model, alarm: TfResource): { topic?: TfResource; unknown?: string } {
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
  const index = cisIndex(model);
  return forEach(logGroups, 'no trail delivers to a CloudWatch log group in this configuration', (g) => {
    const onGroup = index.filtersByGroup.get(g.address) ?? [];
    const matching = onGroup.filter((e) => e.pattern !== undefined && patternCovers(e.pattern, control)).map((e) => e.filter);
    if (matching.length === 0) {
      const unreadable = onGroup.find((e) => e.pattern === undefined);
      if (unreadable) return unknown(unreadable.filter, `pattern cannot be resolved; unknown values fail closed`);
      return fail(g, `no metric filter on this log group matches CIS ${control.control} (${control.subject})`);
    }
    let last: Finding | undefined;
    for (const f of matching) {
      const watching = index.alarmsWatching(f);
      if (watching.length === 0) {
        last ??= fail(f, `no alarm watches the metric of this CIS ${control.control} filter (${control.subject})`);
        continue;
      }
      for (const a of watching) {
        const t = index.encryptedTopic(a);
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
