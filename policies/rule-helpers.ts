/** Small helpers shared by the rules in `policies/rules/`: finding constructors and per-resource iteration. */
import { boolAttr, type Known, type Model, resolve, type TfResource } from './model';
import type { Finding } from './types';

export const pass = (r: TfResource | undefined, message: string): Finding => ({ outcome: 'pass', ...(r ? { resource: r.address } : {}), message });
export const fail = (r: TfResource | undefined, message: string): Finding => ({ outcome: 'fail', ...(r ? { resource: r.address } : {}), message });
export const unknown = (r: TfResource | undefined, message: string): Finding => ({ outcome: 'unknown', ...(r ? { resource: r.address } : {}), message });
export const notApplicable = (message: string, r?: TfResource): Finding => ({ outcome: 'not_applicable', ...(r ? { resource: r.address } : {}), message });

/** One finding per resource, or one not-applicable finding when there is none. */
export function forEach(resources: readonly TfResource[], none: string, check: (r: TfResource) => Finding | readonly Finding[]): Finding[] {
  if (resources.length === 0) return [notApplicable(none)];
  return resources.flatMap((r) => check(r));
}

/** A finding for an unresolvable value, naming the attribute and the expression. */
export function unresolved(r: TfResource, attribute: string, value: Known<unknown>): Finding {
  return unknown(r, `${attribute} cannot be resolved (${value.known ? 'unknown' : value.expression}); unknown values fail closed`);
}

/** Days of an Object Lock default retention block (`days`, or `years` * 365). */
export function retentionDays(days: unknown, years: unknown): number | undefined {
  if (typeof days === 'number') return days;
  if (typeof years === 'number') return years * 365;
  return undefined;
}

/**
 * The common shape of a boolean-attribute check: `attribute` must equal `want`; absent means `absent`
 * (the provider default, named in the message so the reader knows why an unset attribute fails).
 */
export function checkBool(r: TfResource, attribute: string, absent: boolean, want: boolean, consequence: string): Finding {
  const raw = r.values[attribute];
  const v = boolAttr(raw, absent);
  if (!v.known) return unresolved(r, attribute, v);
  if (v.value === want) return pass(r, `${attribute} is ${String(want)}`);
  const note = raw === undefined || raw === null ? ` (absent means ${String(absent)})` : '';
  return fail(r, `${attribute} is ${String(v.value)}${note}: ${consequence}`);
}

/** Whether a policy `Resource` value covers the bucket itself (`bucket`) and/or all its objects (`objects`). */
export function bucketResourceCoverage(model: Model, values: readonly string[], bucket: TfResource): { bucket: boolean; objects: boolean } {
  let onBucket = false;
  let onObjects = false;
  for (const v of values) {
    if (v === '*' || v === 'arn:aws:s3:::*') {
      onBucket = true;
      onObjects = true;
      continue;
    }
    const r = resolve(model, v, ['aws_s3_bucket']);
    if (r.kind !== 'resource' || r.resource.address !== bucket.address || r.prefix !== '') continue;
    if (r.suffix === '') onBucket = true;
    if (r.suffix === '/*') onObjects = true;
  }
  return { bucket: onBucket, objects: onObjects };
}
