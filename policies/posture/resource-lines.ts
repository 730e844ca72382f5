/**
 * Every managed resource's settings on one line (`type.name: key=value, ...`), the compact form the
 * posture snapshots show and the diff falls back on for changes no effective setting names. Left out:
 * policy documents and filter patterns (the effective settings and the rules read them), free text,
 * wiring, and `tags_all` (the provider's default tags, repeated on every resource of a plan).
 */
import { block, type Model, type TfResource } from '../model';

const LEFT_OUT = new Set(['//', 'depends_on', 'policy', 'assume_role_policy', 'pattern', 'description', 'alarm_description', 'display_name', 'tags_all']);

/** The attributes of the alarm definitions, shown by `alarmLines` instead. */
const ALARM_TYPES = new Set(['aws_cloudwatch_log_metric_filter', 'aws_cloudwatch_metric_alarm']);

export interface ResourceLine {
  readonly address: string;
  readonly line: string;
  /** Each attribute shown, as JSON. */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** JSON with object keys sorted: Terraform JSON is a map, and two synthesizers may order the same block's keys differently. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );

const byName = (a: TfResource, b: TfResource): number => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** One line per managed resource (alarms and metric filters aside), by type then name. */
export function resourceLines(model: Model): ResourceLine[] {
  return model.resources
    .filter((r) => r.mode === 'managed' && !ALARM_TYPES.has(r.type))
    .sort(byName)
    .map((r) => {
      const attributes = Object.entries(r.values)
        .filter(([key]) => !LEFT_OUT.has(key))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => [key, canonical(value)] as const);
      return { address: r.address, line: `${r.address}: ${attributes.map(([k, v]) => `${k}=${v}`).join(', ')}`, attributes: Object.fromEntries(attributes) };
    });
}

/** Metric filters and their alarms, one line per alarm: what it counts, when it fires, whom it notifies. */
export function alarmLines(model: Model): ResourceLine[] {
  const filters = model.ofType('aws_cloudwatch_log_metric_filter').map((f) => ({ values: f.values, metric: block(f.values.metric_transformation) }));
  const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  return [...model.ofType('aws_cloudwatch_metric_alarm')]
    .sort((a, b) => text(a.values.alarm_name).localeCompare(text(b.values.alarm_name)))
    .map((r) => {
      const a = r.values;
      const filter = filters.find((f) => f.metric?.name === a.metric_name && f.metric?.namespace === a.namespace);
      const source = filter
        ? `filter on ${text(filter.values.log_group_name)}`
        : `metric ${text(a.namespace)}/${text(a.metric_name)}${a.dimensions ? ` ${JSON.stringify(a.dimensions)}` : ''}`;
      return {
        address: r.address,
        line:
          `alarm ${text(a.alarm_name)}: ${source}, ${text(a.statistic)} ${text(a.comparison_operator)} ${text(a.threshold)} over ${text(a.period)} s x ${text(a.evaluation_periods)}, ` +
          `missing data ${text(a.treat_missing_data)}, notifies ${JSON.stringify(a.alarm_actions)}`,
      };
    });
}
