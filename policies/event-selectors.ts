/**
 * What a trail records, read from either selector form: classic `event_selector` blocks or
 * `advanced_event_selector` blocks (the two cannot be combined on one trail).
 */
import { blocks, type Model, resolve, strList, type TfResource } from './model';

export interface Coverage {
  read: boolean;
  write: boolean;
  /** Set when a value could not be resolved. */
  unknown?: string;
}

function fieldValues(selector: Record<string, unknown>, field: string): { equals: string[]; startsWith: string[]; present: boolean } {
  const fs = blocks(selector.field_selector).filter((f) => f.field === field);
  return {
    present: fs.length > 0,
    equals: fs.flatMap((f) => strList(f.equals)),
    startsWith: fs.flatMap((f) => strList(f.starts_with)),
  };
}

function readWriteFromReadOnly(selector: Record<string, unknown>): { read: boolean; write: boolean } {
  const ro = fieldValues(selector, 'readOnly');
  if (!ro.present || ro.equals.length === 0) return { read: true, write: true };
  return { read: ro.equals.includes('true'), write: ro.equals.includes('false') };
}

function readWriteFromType(value: unknown): { read: boolean; write: boolean } {
  const t = value === undefined || value === null ? 'All' : value;
  return { read: t === 'All' || t === 'ReadOnly', write: t === 'All' || t === 'WriteOnly' };
}

/** Management events (read and write) the trail records. */
export function managementCoverage(trail: TfResource): Coverage {
  const cov: Coverage = { read: false, write: false };
  const advanced = blocks(trail.values.advanced_event_selector);
  if (advanced.length > 0) {
    for (const s of advanced) {
      if (!fieldValues(s, 'eventCategory').equals.includes('Management')) continue;
      const rw = readWriteFromReadOnly(s);
      cov.read ||= rw.read;
      cov.write ||= rw.write;
    }
    return cov;
  }
  const classic = blocks(trail.values.event_selector);
  // No selectors: CloudTrail records all management events, read and write.
  if (classic.length === 0) return { read: true, write: true };
  for (const s of classic) {
    const include = s.include_management_events === undefined || s.include_management_events === null ? true : s.include_management_events;
    if (include !== true) continue;
    if (strList(s.exclude_management_event_sources).length > 0) continue;
    const rw = readWriteFromType(s.read_write_type);
    cov.read ||= rw.read;
    cov.write ||= rw.write;
  }
  return cov;
}

/** Whether an S3 object ARN selector value covers every object of `bucket`. */
function valueCovers(model: Model, value: string, bucket: TfResource): boolean | 'unknown' {
  if (/^arn:[^:]+:s3(:::)?$/.test(value) || /^arn:[^:]+:s3:::$/.test(value)) return true;
  const r = resolve(model, value, ['aws_s3_bucket']);
  if (r.kind === 'unknown') return 'unknown';
  if (r.kind !== 'resource' || r.resource.address !== bucket.address) return false;
  return r.prefix === '' && (r.suffix === '' || r.suffix === '/') && (r.ref.attribute === 'arn' || r.ref.attribute === '');
}

/** S3 object-level data events (read and write) the trail records for `bucket`. */
export function s3DataCoverage(model: Model, trail: TfResource, bucket: TfResource): Coverage {
  const cov: Coverage = { read: false, write: false };
  const advanced = blocks(trail.values.advanced_event_selector);
  if (advanced.length > 0) {
    for (const s of advanced) {
      if (!fieldValues(s, 'eventCategory').equals.includes('Data')) continue;
      if (!fieldValues(s, 'resources.type').equals.includes('AWS::S3::Object')) continue;
      const arn = fieldValues(s, 'resources.ARN');
      if (arn.present) {
        const hits = [...arn.equals, ...arn.startsWith].map((v) => valueCovers(model, v, bucket));
        if (hits.includes('unknown') && !hits.includes(true)) cov.unknown = 'resources.ARN';
        if (!hits.includes(true)) continue;
      }
      const rw = readWriteFromReadOnly(s);
      cov.read ||= rw.read;
      cov.write ||= rw.write;
    }
    return cov;
  }
  for (const s of blocks(trail.values.event_selector)) {
    const resources = blocks(s.data_resource).filter((d) => d.type === 'AWS::S3::Object');
    const hits = resources.flatMap((d) => strList(d.values)).map((v) => valueCovers(model, v, bucket));
    if (hits.includes('unknown') && !hits.includes(true)) cov.unknown = 'data_resource.values';
    if (!hits.includes(true)) continue;
    const rw = readWriteFromType(s.read_write_type);
    cov.read ||= rw.read;
    cov.write ||= rw.write;
  }
  return cov;
}
