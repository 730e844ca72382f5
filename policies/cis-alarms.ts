/**
 * CIS AWS Foundations v7.0 section 5 (monitoring): each control is a metric filter on the trail's log group
 * plus an alarm on its metric with an action to an encrypted SNS topic. A filter is recognized by what its
 * pattern matches, run by the filter-pattern evaluator over CloudTrail-shaped records of the control's
 * events and of benign ones, never by its name or by searching its text. An alarm counts only when it can fire and
 * reach someone: its filter emits a non-zero value for a matching event, its statistic, threshold and
 * comparison fire on one such event, it watches exactly the metric the filter emits (no dimensions the
 * filter does not emit), its actions are enabled, and its topic has a subscriber and a key CloudWatch can use.
 */

import { cisSampleEvents } from './cis-sample-events';
import { ALWAYS_RECORDED_FIELDS, EVENT_IDENTITY_FIELDS } from './cloudtrail-record';
import { matchesEvent, parseFilterPattern, tryParseFilterPattern } from './filter-pattern';
import { type Freedom, matchesWhateverElse, testedPaths } from './filter-pattern/variants';
import { allowed, sidOf } from './iam/evaluate';
import { hasToken } from './iam/glob';
import { serviceDecision } from './iam/service-request';
import { and, type Tri } from './iam/tri';
import { block, boolAttr, isObject, numAttr, strList, type TfResource } from './model';
import { fail, forEach, pass, unknown } from './rule-helpers';
import type { PolicyOf, Topology } from './topology';
import type { Finding, RuleDefinition, Severity } from './types';

export interface CisMonitoringControl {
  /** CIS v7.0 recommendation number, e.g. `5.1`. */
  readonly control: string;
  /** What the alarm watches, e.g. `unauthorized API calls`. */
  readonly subject: string;
  /** The pattern CIS gives, used in the remediation snippet. */
  readonly pattern: string;
  /** `field=value` exclusions the benchmark documents for the control (e.g. S3 log delivery's own denials). */
  readonly exceptions?: readonly string[];
}

/** How a filter pattern fares on a control's sample records. */
type Coverage = { readonly kind: 'covers' } | { readonly kind: 'misses' } | { readonly kind: 'unreadable'; readonly reason: string };

/** Pattern text to control to coverage: two levels, so a lookup hashes the (long) pattern once and builds no key. */
const coverageCache = new Map<string, Map<string, Coverage>>();

/**
 * Whether a metric filter pattern implements a control: run by the filter-pattern evaluator over
 * CloudTrail-shaped records, it matches every record of the events the control names and none of the
 * look-alikes and benign records (cis-sample-events.ts), and still matches each record of the events whatever
 * the fields the benchmark's pattern does not test (filter-pattern/variants.ts). A pattern the evaluator cannot read is unreadable.
 * Pure in the pattern text, so answers are shared across files.
 */
export function patternCoverage(pattern: string, control: CisMonitoringControl): Coverage {
  let byControl = coverageCache.get(pattern);
  if (!byControl) {
    if (coverageCache.size > 10_000) coverageCache.clear();
    byControl = new Map();
    coverageCache.set(pattern, byControl);
  }
  let c = byControl.get(control.control);
  if (!c) {
    const parsed = tryParseFilterPattern(pattern);
    if (!parsed.pattern) c = { kind: 'unreadable', reason: parsed.error.message };
    else {
      const samples = cisSampleEvents(control.control);
      const p = parsed.pattern;
      const freedom = freedomOf(control);
      c =
        samples.mustMatch.every((r) => matchesWhateverElse(p, r, freedom)) && !samples.mustNotMatch.some((r) => matchesEvent(p, r))
          ? { kind: 'covers' }
          : { kind: 'misses' };
    }
    byControl.set(control.control, c);
  }
  return c;
}

/**
 * What a control's pattern may test freely: the fields the benchmark's pattern tests (the samples vary them)
 * and the event's identity; the control's documented exceptions may be excluded.
 */
function freedomOf(control: CisMonitoringControl): Freedom {
  let f = freedomCache.get(control.control);
  if (!f) {
    f = {
      fixed: new Set([...testedPaths(parseFilterPattern(control.pattern)), ...EVENT_IDENTITY_FIELDS]),
      present: ALWAYS_RECORDED_FIELDS,
      exempt: new Set(control.exceptions ?? []),
    };
    freedomCache.set(control.control, f);
  }
  return f;
}
const freedomCache = new Map<string, Freedom>();

/** The outcome of following one filter to a notification: the best of pass, unknown, fail. */
type Path = Finding;

const rank = (f: Finding): number => (f.outcome === 'pass' ? 0 : f.outcome === 'unknown' ? 1 : 2);
const better = (a: Path | undefined, b: Path): Path => (a === undefined || rank(b) < rank(a) ? b : a);

interface Emitted {
  /** The value one matching event publishes. */
  readonly value: number;
  /** Whether non-matching events publish a value too (default_value set). */
  readonly hasDefault: boolean;
  readonly name: string;
  readonly namespace: string;
  readonly unit: string;
}

/** What a filter's metric transformation publishes for one matching event, or why it publishes nothing usable. */
function emitted(topology: Topology, filter: TfResource): Emitted | Finding {
  const t = block(filter.values.metric_transformation);
  if (!t) return fail(filter, 'the filter has no metric_transformation: it publishes no metric');
  const r = topology.resolver;
  const name = typeof t.name === 'string' ? r.materialize(t.name) : undefined;
  const namespace = typeof t.namespace === 'string' ? r.materialize(t.namespace) : undefined;
  if (name === undefined || namespace === undefined || hasToken(name) || hasToken(namespace))
    return unknown(filter, 'metric_transformation name or namespace cannot be resolved; unknown values fail closed');
  const v = numAttr(t.value, undefined);
  if (typeof t.value === 'string' && t.value.startsWith('$'))
    return fail(filter, `metric_transformation value is ${t.value}: it publishes a field of the event, not a count`);
  if (!v.known) return unknown(filter, `metric_transformation value cannot be resolved (${v.expression}); unknown values fail closed`);
  if (v.value === undefined || v.value <= 0)
    return fail(filter, `metric_transformation value is ${String(v.value ?? 'unset')}: a matching event does not raise the metric`);
  const d = numAttr(t.default_value, undefined);
  if (!d.known) return unknown(filter, `metric_transformation default_value cannot be resolved (${d.expression}); unknown values fail closed`);
  if (d.value !== undefined && d.value !== 0)
    return fail(filter, `metric_transformation default_value is ${d.value}: every event raises the metric, so a matching one cannot be told apart`);
  if (isObject(t.dimensions) && Object.keys(t.dimensions).length > 0)
    return fail(filter, 'metric_transformation has dimensions: the filter publishes one metric per dimension value, which one alarm cannot watch whole');
  return { value: v.value, hasDefault: d.value !== undefined, name, namespace, unit: typeof t.unit === 'string' ? t.unit : 'None' };
}

/** Why an alarm would not fire on one matching event, or undefined when it would. */
function firingProblem(alarm: TfResource, e: Emitted): Finding | undefined {
  const v = alarm.values;
  if (v.metric_query !== undefined && v.metric_query !== null && strList(v.metric_query).length > 0)
    return unknown(alarm, 'the alarm uses metric math (metric_query), which the checker cannot evaluate; unknown values fail closed');
  if (typeof v.extended_statistic === 'string')
    return fail(alarm, `the alarm uses the percentile ${v.extended_statistic}: one event does not move it reliably`);
  if (isObject(v.dimensions) && Object.keys(v.dimensions).length > 0)
    return fail(alarm, `the alarm has dimensions (${Object.keys(v.dimensions).join(', ')}) the filter does not emit: it watches a metric that never has data`);
  if (typeof v.unit === 'string' && v.unit !== e.unit)
    return fail(alarm, `the alarm's unit ${v.unit} is not the filter's (${e.unit}): it watches a metric that never has data`);
  const statistic = v.statistic;
  let observed: number;
  switch (statistic) {
    case 'Sum':
      observed = e.value;
      break;
    case 'Maximum':
      observed = e.value;
      break;
    case 'SampleCount':
      observed = 1;
      break;
    case 'Minimum':
    case 'Average':
      if (e.hasDefault)
        return fail(
          alarm,
          `statistic ${statistic} over a metric with default_value: the other events of the period pull it below what one matching event publishes`,
        );
      observed = e.value;
      break;
    default:
      return typeof statistic === 'string' && statistic.includes('${')
        ? unknown(alarm, `statistic cannot be resolved (${statistic}); unknown values fail closed`)
        : fail(alarm, `statistic is ${String(statistic ?? 'unset')}: the alarm has no statistic to compare`);
  }
  const threshold = numAttr(v.threshold, undefined);
  if (!threshold.known) return unknown(alarm, `threshold cannot be resolved (${threshold.expression}); unknown values fail closed`);
  if (threshold.value === undefined) return fail(alarm, 'the alarm has no threshold');
  const op = v.comparison_operator;
  const fires = op === 'GreaterThanOrEqualToThreshold' ? observed >= threshold.value : op === 'GreaterThanThreshold' ? observed > threshold.value : undefined;
  if (fires === undefined)
    return typeof op === 'string' && op.includes('${')
      ? unknown(alarm, `comparison_operator cannot be resolved (${op}); unknown values fail closed`)
      : fail(alarm, `comparison_operator ${String(op)} does not alarm when matching events raise the metric`);
  if (!fires) return fail(alarm, `one matching event gives ${statistic} ${observed}, which does not pass ${op} ${threshold.value}`);
  const periods = numAttr(v.evaluation_periods, undefined);
  const datapoints = numAttr(v.datapoints_to_alarm, undefined);
  if (!periods.known) return unknown(alarm, `evaluation_periods cannot be resolved (${periods.expression}); unknown values fail closed`);
  if (!datapoints.known) return unknown(alarm, `datapoints_to_alarm cannot be resolved (${datapoints.expression}); unknown values fail closed`);
  const needed = datapoints.value ?? periods.value ?? 1;
  if (needed > 1)
    return fail(alarm, `the alarm needs ${needed} breaching periods (datapoints_to_alarm, else evaluation_periods): one matching event does not fire it`);
  const enabled = boolAttr(v.actions_enabled, true);
  if (!enabled.known) return unknown(alarm, `actions_enabled cannot be resolved (${enabled.expression}); unknown values fail closed`);
  if (!enabled.value) return fail(alarm, 'actions_enabled is false: the alarm notifies nobody');
  return undefined;
}

/** Whether an alarm's notification reaches someone through a topic, and why not. */
interface TopicVerdict {
  readonly outcome: 'pass' | 'fail' | 'unknown';
  readonly detail: string;
}

/** An alarm's path through a topic, with the verdict computed once per alarm and topic. */
export function topicPath(topology: Topology, alarm: TfResource, topic: TfResource, ctl: string): Path {
  const v = topology.memo(`cis-topic|${topic.address}|${alarm.address}`, () => topicVerdict(topology, alarm, topic));
  if (v.outcome === 'pass') return pass(alarm, `${ctl}: ${alarm.address} notifies ${v.detail}`);
  if (v.outcome === 'fail') return fail(alarm, `${ctl}: ${v.detail}`);
  return unknown(alarm, `${v.detail}; unknown values fail closed`);
}

/**
 * Whether an alarm's notification reaches someone through a topic: the topic policy lets this alarm publish,
 * the topic's key lets CloudWatch encrypt for it, and a subscription without a filter policy receives it.
 * The requests are the ones CloudWatch sends for this alarm (aws:SourceArn the alarm, aws:SourceAccount the
 * account, the topic's encryption context), every other key absent: a statement bound to another account or
 * alarm, or with an extra condition, lets nothing through.
 */
function topicVerdict(topology: Topology, alarm: TfResource, topic: TfResource): TopicVerdict {
  const r = topology.resolver;
  const subscriptions = r.referrers(topic, 'aws_sns_topic_subscription', 'topic_arn');
  const existing = subscriptions.resources.filter((s) => !s.existence);
  // Alarm notifications carry no message attributes, and a filter on the body must match CloudWatch's JSON:
  // a subscription with a filter policy may drop every alarm.
  const subscribed = existing.filter((s) => s.values.filter_policy === undefined || s.values.filter_policy === null);
  if (subscribed.length === 0) {
    if (subscriptions.uncertain) return { outcome: 'unknown', detail: `${topic.address} may have no subscription: ${subscriptions.uncertain.reason}` };
    if (existing.length > 0)
      return {
        outcome: 'fail',
        detail: `every subscription of ${topic.address} has a filter_policy (${existing.map((s) => s.address).join(', ')}): alarm notifications carry no message attributes and may be dropped`,
      };
    return { outcome: 'fail', detail: `topic ${topic.address} has no subscription: the alarm reaches nobody` };
  }
  const alarmArn = r.materialize(`\${${alarm.address}.arn}`);
  const topicArn = r.materialize(`\${${topic.address}.arn}`);
  if (alarmArn === undefined || topicArn === undefined)
    return { outcome: 'unknown', detail: `the ARN of ${alarm.address} or ${topic.address} cannot be resolved` };
  const source = { 'aws:SourceArn': alarmArn, 'aws:SourceAccount': r.account(), 'aws:SourceOwner': r.account() };
  const topicPolicy = topicPolicyOf(topology, topic);
  if (topicPolicy.kind === 'duplicate')
    return {
      outcome: 'fail',
      detail: `${topicPolicy.addresses.length} topic policies manage ${topic.address} (${topicPolicy.addresses.join(', ')}): keep exactly one`,
    };
  if (topicPolicy.kind === 'unknown') return { outcome: 'unknown', detail: `the policy of ${topic.address} cannot be resolved: ${topicPolicy.reason}` };
  if (topicPolicy.kind === 'document') {
    const publish = serviceDecision(
      topicPolicy.statements,
      { principal: 'cloudwatch.amazonaws.com', action: 'sns:Publish', resource: topicArn, context: source },
      r,
    );
    if (publish === 'no')
      return {
        outcome: 'fail',
        detail: `the policy of ${topic.address} refuses cloudwatch.amazonaws.com sns:Publish for ${alarm.address} (aws:SourceArn ${alarmArn}, aws:SourceAccount ${r.account()})`,
      };
    if (publish === 'maybe') return { outcome: 'unknown', detail: `whether CloudWatch may publish to ${topic.address} cannot be resolved` };
    const open = allowed(topicPolicy.statements, { principal: { kind: 'anyone' }, action: 'sns:*' });
    if (open.result !== 'no')
      return {
        outcome: open.result === 'yes' ? 'fail' : 'unknown',
        detail: `statement ${sidOf(open.statements[0])} of the policy of ${topic.address} may let anyone act on the topic (subscribe, change or delete it)`,
      };
  }
  const key = r.target(topic, 'kms_master_key_id', topic.values.kms_master_key_id, ['aws_kms_key']);
  switch (key.kind) {
    case 'absent':
      return { outcome: 'fail', detail: `topic ${topic.address} is not encrypted with a KMS key` };
    case 'aws-managed':
      return { outcome: 'fail', detail: `topic ${topic.address} uses the AWS-managed key ${key.name}, which CloudWatch cannot use to publish` };
    case 'unknown':
      return { outcome: 'unknown', detail: `the key of ${topic.address} cannot be resolved: ${key.reason}` };
    case 'external':
      return { outcome: 'pass', detail: `encrypted topic ${topic.address} (its key ${key.name} is declared external and not checked here)` };
    case 'resource':
      break;
  }
  const enabled = boolAttr(key.resource.values.is_enabled, true);
  if (!enabled.known) return { outcome: 'unknown', detail: `is_enabled of ${key.resource.address} cannot be resolved` };
  if (!enabled.value) return { outcome: 'fail', detail: `the key of ${topic.address} (${key.resource.address}) is disabled: nothing can be published` };
  const policy = topology.keyPolicy(key.resource);
  if (policy.kind === 'duplicate')
    return {
      outcome: 'fail',
      detail: `${policy.addresses.length} key policies manage ${key.resource.address} (${policy.addresses.join(', ')}): keep exactly one`,
    };
  if (policy.kind === 'unknown') return { outcome: 'unknown', detail: `the policy of ${key.resource.address} cannot be resolved: ${policy.reason}` };
  if (policy.kind !== 'document')
    return { outcome: 'fail', detail: `the key of ${topic.address} has the default key policy, which does not let CloudWatch use it` };
  const keyArn = r.materialize(`\${${key.resource.address}.arn}`) ?? r.token(`${key.resource.address}.arn`);
  const can: Tri = ['kms:GenerateDataKey', 'kms:Decrypt']
    .map((action) =>
      serviceDecision(
        policy.statements,
        { principal: 'cloudwatch.amazonaws.com', action, resource: keyArn, context: { ...source, 'kms:EncryptionContext:aws:sns:topicArn': topicArn } },
        r,
      ),
    )
    .reduce(and, 'yes');
  if (can === 'no')
    return {
      outcome: 'fail',
      detail: `the policy of ${key.resource.address} does not let cloudwatch.amazonaws.com use kms:GenerateDataKey and kms:Decrypt for ${alarm.address} on ${topic.address} (aws:SourceArn ${alarmArn}, aws:SourceAccount ${r.account()}, encryption context aws:sns:topicArn ${topicArn})`,
    };
  if (can === 'maybe') return { outcome: 'unknown', detail: `whether CloudWatch may use ${key.resource.address} cannot be resolved` };
  return { outcome: 'pass', detail: `encrypted topic ${topic.address}` };
}

/** A topic's policy: one aws_sns_topic_policy, or the topic's own `policy` argument; absent is SNS's default (the owner account). */
function topicPolicyOf(topology: Topology, topic: TfResource): PolicyOf {
  const policies = topology.resolver.referrers(topic, 'aws_sns_topic_policy', 'arn');
  if (policies.uncertain) return { kind: 'unknown', reason: policies.uncertain.reason };
  const inline = topic.values.policy !== undefined && topic.values.policy !== null;
  const sources = [...policies.resources.map((p) => p.address), ...(inline ? [topic.address] : [])];
  if (sources.length > 1) return { kind: 'duplicate', addresses: sources };
  const one = policies.resources[0];
  if (one) return one.existence ? { kind: 'unknown', reason: `whether ${one.address} exists cannot be resolved` } : topology.policyIn(one, 'policy');
  return inline ? topology.policyIn(topic, 'policy') : { kind: 'absent' };
}

/** Alarms by the metric they watch (namespace and name), and those whose metric cannot be told. */
function alarmIndex(topology: Topology): { byMetric: Map<string, TfResource[]>; open: TfResource[] } {
  return topology.memo('cis-alarm-index', () => {
    const r = topology.resolver;
    const byMetric = new Map<string, TfResource[]>();
    const open: TfResource[] = [];
    for (const alarm of topology.model.ofType('aws_cloudwatch_metric_alarm')) {
      const name = typeof alarm.values.metric_name === 'string' ? r.materialize(alarm.values.metric_name) : undefined;
      const namespace = typeof alarm.values.namespace === 'string' ? r.materialize(alarm.values.namespace) : undefined;
      if (name !== undefined && namespace !== undefined && !hasToken(name) && !hasToken(namespace)) {
        const key = `${namespace}|${name}`;
        byMetric.set(key, [...(byMetric.get(key) ?? []), alarm]);
      } else if (alarm.values.metric_query === undefined) open.push(alarm);
    }
    return { byMetric, open };
  });
}

/** Every alarm on the filter's metric, followed to its topics; the best path. */
function alarmPaths(topology: Topology, filter: TfResource, e: Emitted, ctl: string, noAlarm: string): Path {
  const r = topology.resolver;
  let out: Path | undefined;
  const index = alarmIndex(topology);
  for (const alarm of index.open)
    out = better(out, unknown(alarm, 'metric_name or namespace cannot be resolved: the alarm may watch this filter; unknown values fail closed'));
  const watching = index.byMetric.get(`${e.namespace}|${e.name}`) ?? [];
  const watched = watching.length > 0;
  for (const alarm of watching) {
    if (alarm.existence) {
      out = better(out, unknown(alarm, `whether the alarm exists depends on ${alarm.existence.expression}; unknown values fail closed`));
      continue;
    }
    const problem = firingProblem(alarm, e);
    if (problem) {
      out = better(out, problem.outcome === 'fail' ? { ...problem, message: `alarm for ${ctl}: ${problem.message}` } : problem);
      continue;
    }
    const actions = strList(alarm.values.alarm_actions);
    let reached = false;
    for (const action of actions) {
      const t = r.target(alarm, 'alarm_actions', action, ['aws_sns_topic']);
      if (t.kind === 'resource') {
        reached = true;
        out = better(out, topicPath(topology, alarm, t.resource, ctl));
      } else if (t.kind === 'external') {
        reached = true;
        out = better(out, pass(alarm, `${ctl}: ${alarm.address} notifies topic ${t.name} (declared external and not checked here)`));
      } else if (t.kind === 'unknown') {
        out = better(out, unknown(alarm, `alarm action cannot be resolved: ${t.reason}; unknown values fail closed`));
      }
      if (out?.outcome === 'pass') return { ...out, resource: filter.address };
    }
    if (!reached) out = better(out, fail(alarm, `alarm for ${ctl} has no enabled action to a KMS-encrypted SNS topic`));
  }
  if (!watched && (out === undefined || out.outcome !== 'unknown')) return fail(filter, noAlarm);
  return out ?? fail(filter, noAlarm);
}

/** A value known only after apply, as a pattern or a sample record holds it: one specific literal no other value equals. */
export function standIn(text: string): string {
  return text.replace(/[\uE000-\uF8FF]/g, (t) => `auditready-unknown-${t.charCodeAt(0).toString(16)}`);
}

/** The metric filters on a log group with their patterns (undefined when a pattern cannot be read), once per group. */
export function filtersOn(topology: Topology, group: TfResource) {
  return topology.memo(`cis-filters|${group.address}`, () => {
    const referrers = topology.resolver.referrers(group, 'aws_cloudwatch_log_metric_filter', 'log_group_name');
    const filters = referrers.resources.map((filter) => {
      const p = filter.values.pattern;
      // References inside a pattern (a bucket's name) are read as the file gives them. A value known only after
      // apply (a key's ARN) is one specific value no sample record holds: it stands in as a fresh literal.
      const text = typeof p === 'string' ? topology.resolver.materialize(p) : undefined;
      const readable = text === undefined ? undefined : standIn(text);
      return { filter, pattern: readable !== undefined && readable.trim() !== '' ? readable : undefined };
    });
    return { filters, uncertain: referrers.uncertain };
  });
}

/**
 * Where one metric filter leads: its metric, an alarm on it that fires on one matching event, and a topic that
 * reaches someone (the best such path), or why not. Computed once per filter.
 */
export function filterPath(topology: Topology, filter: TfResource): Finding {
  return topology.memo(`filter-path|${filter.address}`, () => {
    if (filter.existence) return unknown(filter, `whether the filter exists depends on ${filter.existence.expression}; unknown values fail closed`);
    const e = emitted(topology, filter);
    if ('outcome' in e) return e;
    return alarmPaths(topology, filter, e, `the filter ${filter.address}`, `no alarm watches the metric of ${filter.address}`);
  });
}

/** Evaluates one CIS monitoring control against every log group a trail delivers to. */
export function evaluateCisControl(topology: Topology, control: CisMonitoringControl): Finding[] {
  const ctl = `CIS ${control.control} (${control.subject})`;
  return forEach(topology.subjects('trailLogGroups'), 'no trail delivers to a CloudWatch log group in this configuration', (g) => {
    const { filters, uncertain } = filtersOn(topology, g);
    let out: Path | undefined;
    let matched = false;
    for (const { filter: f, pattern: p } of filters) {
      if (p === undefined) {
        out = better(out, unknown(f, 'pattern cannot be resolved; unknown values fail closed'));
        continue;
      }
      const coverage = patternCoverage(p, control);
      if (coverage.kind === 'unreadable') {
        out = better(out, unknown(f, `pattern cannot be read (${coverage.reason}); unknown values fail closed`));
        continue;
      }
      if (coverage.kind === 'misses') continue;
      matched = true;
      if (f.existence) {
        out = better(out, unknown(f, `whether the filter exists depends on ${f.existence.expression}; unknown values fail closed`));
        continue;
      }
      const e = emitted(topology, f);
      out = better(
        out,
        'outcome' in e ? e : alarmPaths(topology, f, e, ctl, `no alarm watches the metric of this CIS ${control.control} filter (${control.subject})`),
      );
      if (out.outcome === 'pass') return out;
    }
    if (!matched && uncertain) out = better(out, unknown(uncertain.resource, `${uncertain.reason}; unknown values fail closed`));
    return out && (matched || out.outcome === 'unknown') ? out : fail(g, `no metric filter on this log group matches ${ctl}`);
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
      text: `Add an aws_cloudwatch_log_metric_filter on the trail's log group with the CIS ${control.control} pattern and metric value 1, and an aws_cloudwatch_metric_alarm on its metric (Sum >= 1 in one period, no dimensions, actions enabled) whose alarm_actions include a subscribed aws_sns_topic encrypted with a key CloudWatch may use.`,
      cdktf: `const filter = new CloudwatchLogMetricFilter(this, 'cis-${control.control}', { logGroupName: logGroup.name, pattern: '${control.pattern.replace(/'/g, "\\'")}', metricTransformation: { name: '${id}', namespace: 'AuditReady/CIS', value: '1' } });
new CloudwatchMetricAlarm(this, 'cis-${control.control}-alarm', { alarmName: '${id}', metricName: '${id}', namespace: 'AuditReady/CIS', statistic: 'Sum', period: 300, evaluationPeriods: 1, threshold: 1, comparisonOperator: 'GreaterThanOrEqualToThreshold', alarmActions: [topic.arn] });`,
    },
    absentMeans:
      'No matching metric filter, no alarm on its metric, an alarm that cannot fire on one matching event, or no action to a subscribed, encrypted topic whose key CloudWatch may use: the rule fails.',
    evaluate: ({ topology }) => evaluateCisControl(topology, control),
  };
}
