/**
 * Which events a trail's advanced event selectors record, as CloudTrail decides it ("Filtering data events
 * by using advanced event selectors"): an event is recorded when it matches any selector; it matches a
 * selector when it matches every field selector of it; within a field selector, Equals / StartsWith /
 * EndsWith match when any value does, their Not* forms when no value does.
 */

/** The fields of a CloudTrail record that selectors can filter on. */
export interface SelectorEvent {
  readonly eventCategory: 'Management' | 'Data';
  readonly eventName: string;
  readonly eventSource: string;
  readonly readOnly: boolean;
  readonly resources?: readonly { readonly type: string; readonly ARN: string }[];
}

type FieldSelector = Record<string, unknown>;

function valuesOf(event: SelectorEvent, field: string): string[] {
  switch (field) {
    case 'eventCategory':
      return [event.eventCategory];
    case 'eventName':
      return [event.eventName];
    case 'eventSource':
      return [event.eventSource];
    case 'readOnly':
      return [String(event.readOnly)];
    case 'resources.type':
      return (event.resources ?? []).map((r) => r.type);
    case 'resources.ARN':
      return (event.resources ?? []).map((r) => r.ARN);
    default:
      throw new Error(`the tests do not model selector field ${field}`);
  }
}

function fieldMatches(event: SelectorEvent, f: FieldSelector): boolean {
  const list = (key: string) => (f[key] as string[] | undefined) ?? [];
  return valuesOf(event, String(f.field)).some((v) => {
    const checks: boolean[] = [];
    if (f.equals) checks.push(list('equals').includes(v));
    if (f.not_equals) checks.push(!list('not_equals').includes(v));
    if (f.starts_with) checks.push(list('starts_with').some((p) => v.startsWith(p)));
    if (f.not_starts_with) checks.push(!list('not_starts_with').some((p) => v.startsWith(p)));
    if (f.ends_with) checks.push(list('ends_with').some((p) => v.endsWith(p)));
    if (f.not_ends_with) checks.push(!list('not_ends_with').some((p) => v.endsWith(p)));
    if (checks.length === 0) throw new Error(`field selector on ${String(f.field)} has no operator`);
    return checks.every(Boolean);
  });
}

/** Whether a trail with these synthesized `advanced_event_selector` blocks records the event. */
export function records(selectors: readonly { field_selector: FieldSelector[] }[], event: SelectorEvent): boolean {
  return selectors.some((s) => s.field_selector.every((f) => fieldMatches(event, f)));
}
