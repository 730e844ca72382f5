import * as v from 'valibot';
import type { AddProblem } from './baseline-checks';
import { ConfigError, type ConfigKind, type ConfigProblem } from './config-error';
import { type AnySchema, describeIssue, labelOf } from './describe-issue';

/**
 * Validates a list of environments or organizations: the schema of each entry (types, unknown fields,
 * ranges), then `crossField` on each entry that parsed, then unique names. Throws one ConfigError listing
 * every problem; returns the entries with their defaults applied.
 */
export function validateList<S extends v.GenericSchema<unknown, { readonly name: string }>>(
  kind: ConfigKind,
  schema: S,
  inputs: readonly unknown[],
  source: string,
  crossField: (entry: v.InferOutput<S>, add: AddProblem) => void,
): v.InferOutput<S>[] {
  const problems: ConfigProblem[] = [];
  const entries: v.InferOutput<S>[] = [];
  const seen = new Map<string, number>();
  inputs.forEach((input, index) => {
    const parsed = v.safeParse(schema, input);
    if (!parsed.success) {
      const label = labelOf(input, index);
      for (const issue of parsed.issues) problems.push(describeIssue(kind, label, input, issue, schema as unknown as AnySchema));
      return;
    }
    const entry = parsed.output;
    const add: AddProblem = (field, value, allowed) => problems.push({ subject: entry.name, field, value: JSON.stringify(value), allowed });
    crossField(entry, add);
    const first = seen.get(entry.name);
    if (first !== undefined) add('name', entry.name, `duplicate ${kind} name (also at index ${first}); names must be unique`);
    else seen.set(entry.name, index);
    entries.push(entry);
  });
  if (problems.length > 0) throw new ConfigError(source, problems, kind);
  return entries;
}
