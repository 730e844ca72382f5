/**
 * What a trail records, read from either selector form: classic `event_selector` blocks or
 * `advanced_event_selector` blocks (the two cannot be combined on one trail).
 *
 * Advanced selectors are evaluated as CloudTrail does: an event is recorded when some selector matches it;
 * a selector matches when every field selector does; a field selector's `equals`, `starts_with` and
 * `ends_with` include (any value of one operator; several operators must all hold), its `not_equals`,
 * `not_starts_with` and `not_ends_with` exclude. Coverage is tested on witness events: every event name
 * and source that matters, each value a selector names and values just beside it, and fresh values.
 * A field CloudTrail does not document, or a value that cannot be resolved, makes the answer unknown.
 */

import { hasToken, match, prefixClass } from './iam/glob';
import { and, anyOf, or, type Tri, tri } from './iam/tri';
import { trailLogPrefix } from './log-bucket-access';
import { blocks, boolAttr, strList, type TfResource } from './model';
import type { Topology } from './topology';

export interface Recording {
  /** `yes`: every event of the class is recorded. */
  readonly result: Tri;
  /** Events that are not recorded, described for a message. */
  readonly missing: readonly string[];
  /** The event names (with readOnly) of the events that are not recorded, when selectors name them. */
  readonly missingNames?: readonly { readonly eventName: string; readonly readOnly: string }[];
  /** The object ARNs of the events that are not recorded (witnesses: a log file, a fresh key, every prefix named). */
  readonly missingArns?: readonly string[];
  /** Why the answer is `maybe`, or why some events besides the missing ones may not be recorded. */
  readonly reason?: string;
}

/** Fields CloudTrail documents for advanced event selectors on trails. */
const FIELDS = new Set([
  'eventCategory',
  'eventSource',
  'eventName',
  'eventType',
  'readOnly',
  'resources.type',
  'resources.ARN',
  'sessionCredentialFromConsole',
  'userIdentity.arn',
  'errorCode',
  'vpcEndpointId',
]);

const OPERATORS = ['equals', 'starts_with', 'ends_with', 'not_equals', 'not_starts_with', 'not_ends_with'] as const;

/** S3 object-level API calls CloudTrail records as data events, and whether each only reads. */
const S3_OBJECT_EVENTS: readonly (readonly [string, boolean])[] = [
  ['GetObject', true],
  ['GetObjectAcl', true],
  ['GetObjectAttributes', true],
  ['GetObjectLegalHold', true],
  ['GetObjectRetention', true],
  ['GetObjectTagging', true],
  ['HeadObject', true],
  ['SelectObjectContent', true],
  ['ListParts', true],
  ['PutObject', false],
  ['CopyObject', false],
  ['CreateMultipartUpload', false],
  ['UploadPart', false],
  ['UploadPartCopy', false],
  ['CompleteMultipartUpload', false],
  ['AbortMultipartUpload', false],
  ['DeleteObject', false],
  ['DeleteObjects', false],
  ['PutObjectAcl', false],
  ['PutObjectLegalHold', false],
  ['PutObjectRetention', false],
  ['PutObjectTagging', false],
  ['DeleteObjectTagging', false],
  ['RestoreObject', false],
];

type Event = Readonly<Record<string, string | undefined>>;

type Operator = (typeof OPERATORS)[number];

interface FieldSelector {
  readonly field: string;
  /** Operator to values; undefined marks a value that cannot be resolved. */
  readonly ops: Readonly<Partial<Record<Operator, readonly (string | undefined)[]>>>;
  /** The operators present, in evaluation order. */
  readonly present: readonly (readonly [Operator, readonly (string | undefined)[]])[];
  /** Whether a value holds a token (a value known only after apply), which needs three-valued matching. */
  readonly tokens: boolean;
}

function readSelectors(topology: Topology, trail: TfResource): FieldSelector[][] {
  return topology.memo(`selectors|${trail.address}`, () =>
    blocks(trail.values.advanced_event_selector).map((s) =>
      blocks(s.field_selector).map((f) => {
        const ops: Partial<Record<Operator, (string | undefined)[]>> = {};
        for (const op of OPERATORS) {
          const list = strList(f[op]);
          if (list.length > 0) ops[op] = list.map((v) => topology.resolver.materialize(v));
        }
        const present = OPERATORS.flatMap((op) => (ops[op] ? [[op, ops[op]] as const] : []));
        const tokens = present.some(([, list]) => list.some((v) => v !== undefined && hasToken(v)));
        return { field: typeof f.field === 'string' ? f.field : '', ops, present, tokens };
      }),
    ),
  );
}

/** One operator value against an event's value: plain string tests, or three-valued matching when a token is involved. */
function test(op: Operator, v: string | undefined, against: string, plain: boolean): Tri {
  if (v === undefined) return 'maybe';
  if (op === 'equals' || op === 'not_equals') return plain ? tri(v === against) : match(v, against, { wildcards: false });
  if (op === 'starts_with' || op === 'not_starts_with') return plain ? tri(against.startsWith(v)) : match(`${v}*`, against);
  return plain ? tri(against.endsWith(v)) : match(`*${v}`, against);
}

function fieldMatches(fs: FieldSelector, value: string | undefined): Tri {
  if (!FIELDS.has(fs.field)) return 'maybe';
  const plain = !fs.tokens && (value === undefined || !hasToken(value));
  let out: Tri = 'yes';
  for (const [op, list] of fs.present) {
    const negative = op.startsWith('not_');
    if (value === undefined) {
      out = and(out, negative ? 'yes' : 'no');
      continue;
    }
    let hit: Tri = 'no';
    for (const v of list) {
      hit = or(hit, test(op, v, value, plain));
      if (hit === 'yes') break;
    }
    out = and(out, negative ? (hit === 'yes' ? 'no' : hit === 'no' ? 'yes' : 'maybe') : hit);
    if (out === 'no') return out;
  }
  return out;
}

function selectorMatches(selector: readonly FieldSelector[], event: Event, field: typeof fieldMatches = fieldMatches): Tri {
  let out: Tri = 'yes';
  for (const fs of selector) {
    out = and(out, field(fs, event[fs.field]));
    if (out === 'no') return out;
  }
  return out;
}

/** fieldMatches remembered per field selector and value: a class's events repeat each value many times. */
function fieldMatcher(): typeof fieldMatches {
  const answers = new Map<FieldSelector, Map<string | undefined, Tri>>();
  return (fs, value) => {
    let byValue = answers.get(fs);
    if (!byValue) {
      byValue = new Map();
      answers.set(fs, byValue);
    }
    let r = byValue.get(value);
    if (r === undefined) {
      r = fieldMatches(fs, value);
      byValue.set(value, r);
    }
    return r;
  };
}

/** Values to try for a field: what the selectors name, values just beside them, fresh values, and absence. */
function witnessesFor(selectors: readonly FieldSelector[][], field: string, base: readonly (string | undefined)[]): (string | undefined)[] {
  const out = new Set<string | undefined>(base);
  for (const s of selectors)
    for (const fs of s) {
      if (fs.field !== field) continue;
      for (const list of Object.values(fs.ops))
        for (const v of list ?? []) {
          if (v === undefined) continue;
          out.add(v);
          out.add(`${v}x`);
          out.add(`x${v}`);
        }
    }
  return [...out];
}

/** Fields whose value varies within a class and that the class's events do not fix: each selector value is tried. */
const FREE_FIELDS = new Set(['eventType', 'sessionCredentialFromConsole', 'userIdentity.arn', 'errorCode', 'vpcEndpointId']);

/** The selectors that can match some event of the class: those whose category and resource type admit it. */
function relevant(selectors: readonly FieldSelector[][], base: Event): FieldSelector[][] {
  return selectors.filter((s) =>
    s.every((fs) => !(fs.field === 'eventCategory' || fs.field === 'resources.type') || fieldMatches(fs, base[fs.field]) !== 'no'),
  );
}

/** The events of a class no selector records: `missing` holds the events recorded by none, `maybe` those unsure. */
function coverage(selectors: readonly FieldSelector[][], events: readonly Event[]): { missing: Event[]; maybe: Event[] } {
  const base = events[0] ?? {};
  const extra = [...new Set(selectors.flatMap((s) => s.map((f) => f.field)))].filter((f) => FREE_FIELDS.has(f) && !(f in base));
  const missing: Event[] = [];
  const maybe: Event[] = [];
  const expand = (e: Event, fields: readonly string[]): Event[] => {
    if (fields.length === 0) return [e];
    const [f, ...rest] = fields as [string, ...string[]];
    return witnessesFor(selectors, f, [undefined, 'zz-fresh']).flatMap((v) => expand({ ...e, [f]: v }, rest));
  };
  const field = fieldMatcher();
  for (const event of events) {
    for (const e of expand(event, extra)) {
      let r: Tri = 'no';
      for (const s of selectors) {
        r = or(r, selectorMatches(s, e, field));
        if (r === 'yes') break;
      }
      if (r === 'no') missing.push(e);
      else if (r === 'maybe') maybe.push(e);
    }
  }
  return { missing, maybe };
}

function describe(missing: readonly Event[], all: readonly Event[], what: string, dimension: string): string[] {
  const out: string[] = [];
  for (const [flag, label] of [
    ['true', 'read'],
    ['false', 'write'],
  ] as const) {
    const of = all.filter((e) => e.readOnly === flag);
    const gone = missing.filter((e) => e.readOnly === flag);
    if (gone.length === 0) continue;
    if (gone.length >= of.length) out.push(`${label} ${what}`);
    else out.push(`${label} ${what} (${[...new Set(gone.map((e) => e[dimension] ?? '(none)'))].slice(0, 4).join(', ')})`);
  }
  return out;
}

function joinMissing(parts: readonly string[]): string[] {
  // "read management events" + "write management events" read better as one.
  if (parts.length === 2 && /^read /.test(parts[0] as string) && /^write /.test(parts[1] as string)) {
    const a = (parts[0] as string).slice(5);
    const b = (parts[1] as string).slice(6);
    if (a === b) return [`read and write ${a}`];
  }
  return [...parts];
}

const MANAGEMENT_SOURCES = [
  'iam.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'kms.amazonaws.com',
  'rdsdata.amazonaws.com',
  's3.amazonaws.com',
  'zz-fresh.amazonaws.com',
];

/** Management events (read and write, every event source) the trail records. */
export function managementCoverage(topology: Topology, trail: TfResource): Recording {
  const all = readSelectors(topology, trail);
  if (all.length > 0) {
    const advanced = relevant(all, { eventCategory: 'Management' });
    const sources = witnessesFor(advanced, 'eventSource', MANAGEMENT_SOURCES).filter((s): s is string => s !== undefined);
    const names = witnessesFor(advanced, 'eventName', ['zz-fresh']).filter((s): s is string => s !== undefined);
    const events: Event[] = [];
    for (const readOnly of ['true', 'false'])
      for (const eventSource of sources)
        for (const eventName of names)
          events.push({ eventCategory: 'Management', readOnly, eventSource, eventName, 'resources.type': undefined, 'resources.ARN': undefined });
    const { missing, maybe } = coverage(advanced, events);
    if (missing.length > 0) return { result: 'no', missing: joinMissing(describe(missing, events, 'management events', 'eventSource')) };
    if (maybe.length > 0) return { result: 'maybe', missing: [], reason: 'an advanced event selector has a field or value that cannot be resolved' };
    return { result: 'yes', missing: [] };
  }
  const classic = blocks(trail.values.event_selector);
  // No selectors: CloudTrail records all management events, read and write.
  if (classic.length === 0) return { result: 'yes', missing: [] };
  let read: Tri = 'no';
  let write: Tri = 'no';
  const excluded: string[] = [];
  for (const s of classic) {
    const include = boolAttr(s.include_management_events, true);
    if (!include.known) return { result: 'maybe', missing: [], reason: `include_management_events cannot be resolved (${include.expression})` };
    if (!include.value) continue;
    const rw = readWriteFromType(s.read_write_type);
    if (rw === undefined) return { result: 'maybe', missing: [], reason: `read_write_type cannot be resolved (${String(s.read_write_type)})` };
    const sources = strList(s.exclude_management_event_sources);
    if (sources.length > 0) {
      excluded.push(...sources);
      continue;
    }
    read = rw.read ? 'yes' : read;
    write = rw.write ? 'yes' : write;
  }
  const missing = joinMissing([read === 'yes' ? '' : 'read management events', write === 'yes' ? '' : 'write management events'].filter(Boolean));
  if (missing.length > 0 && excluded.length > 0) return { result: 'no', missing: [`management events from ${[...new Set(excluded)].join(', ')}`] };
  return { result: missing.length === 0 ? 'yes' : 'no', missing };
}

function readWriteFromType(value: unknown): { read: boolean; write: boolean } | undefined {
  const t = value === undefined || value === null ? 'All' : value;
  if (t !== 'All' && t !== 'ReadOnly' && t !== 'WriteOnly') return undefined;
  return { read: t === 'All' || t === 'ReadOnly', write: t === 'All' || t === 'WriteOnly' };
}

/** S3 object-level data events (read and write, every object) the trail records for a bucket (`label` names it in messages). */
export function s3DataCoverage(
  topology: Topology,
  trail: TfResource,
  bucket: { readonly arn: string; readonly label: string },
  /** More object ARNs to try, e.g. every prefix the bucket policy names. */
  extraArns: readonly string[] = [],
): Recording {
  const bucketArn = bucket.arn;
  const objects = `${bucketArn}/`;
  const all = readSelectors(topology, trail);
  if (all.length > 0) {
    const advanced = relevant(all, { eventCategory: 'Data', 'resources.type': 'AWS::S3::Object' });
    // A log file under this trail's own prefix (when the account is pinned), and one under another account's
    // folder (an organization trail's).
    const logs = trailLogPrefix(topology, trail, bucketArn);
    const account = topology.resolver.account();
    const arns = [
      ...(logs !== undefined && /^\d{12}$/.test(account) ? [`${logs}${account}/CloudTrail/log.json.gz`] : []),
      `${objects}AWSLogs/000000000000/CloudTrail/log.json.gz`,
      `${objects}zz-fresh`,
      ...extraArns,
      ...witnessesFor(advanced, 'resources.ARN', []),
    ].filter((a): a is string => a?.startsWith(objects) === true);
    const mentioned = witnessesFor(advanced, 'eventName', []).filter((n): n is string => n !== undefined);
    const names: (readonly [string, string])[] = [
      ...S3_OBJECT_EVENTS.map(([n, ro]) => [n, String(ro)] as const),
      ...['zz-fresh', ...mentioned].flatMap((n) => [[n, 'true'] as const, [n, 'false'] as const]),
    ];
    const events: Event[] = [];
    for (const arn of arns)
      for (const [eventName, readOnly] of names)
        events.push({ eventCategory: 'Data', 'resources.type': 'AWS::S3::Object', 'resources.ARN': arn, eventSource: 's3.amazonaws.com', eventName, readOnly });
    const { missing, maybe } = coverage(advanced, events);
    if (hasToken(bucketArn) && (missing.length > 0 || maybe.length > 0))
      return { result: 'maybe', missing: [], reason: `the name of ${bucket.label} is not known, so its ARN cannot be compared` };
    if (missing.length > 0)
      return {
        result: 'no',
        missing: joinMissing(describe(missing, events, `S3 data events on ${bucket.label}`, 'eventName')),
        missingNames: [
          ...new Map(missing.map((e) => [`${e.eventName}|${e.readOnly}`, { eventName: String(e.eventName), readOnly: String(e.readOnly) }])).values(),
        ],
        missingArns: [...new Set(missing.map((e) => String(e['resources.ARN'])))],
        ...(maybe.length > 0 ? { reason: 'an advanced event selector has a field or value that cannot be resolved' } : {}),
      };
    if (maybe.length > 0) return { result: 'maybe', missing: [], reason: 'an advanced event selector has a field or value that cannot be resolved' };
    return { result: 'yes', missing: [] };
  }
  let read: Tri = 'no';
  let write: Tri = 'no';
  let reason: string | undefined;
  for (const s of blocks(trail.values.event_selector)) {
    const values = blocks(s.data_resource)
      .filter((d) => d.type === 'AWS::S3::Object')
      .flatMap((d) => strList(d.values));
    let covers: Tri = 'no';
    for (const v of values) {
      const c = valueCovers(topology, v, objects);
      if (c === 'maybe') reason ??= `data_resource value ${v} cannot be resolved`;
      covers = anyOf([covers, c]);
    }
    if (covers === 'no') continue;
    const rw = readWriteFromType(s.read_write_type);
    if (rw === undefined) {
      reason ??= `read_write_type cannot be resolved (${String(s.read_write_type)})`;
      continue;
    }
    if (rw.read) read = anyOf([read, covers]);
    if (rw.write) write = anyOf([write, covers]);
  }
  const result = and(read, write);
  if (result === 'yes') return { result, missing: [] };
  if (result === 'maybe' || reason !== undefined) return { result: 'maybe', missing: [], reason: reason ?? 'a data resource cannot be resolved' };
  const what = `S3 data events on ${bucket.label}`;
  return { result: 'no', missing: joinMissing([read === 'yes' ? '' : `read ${what}`, write === 'yes' ? '' : `write ${what}`].filter(Boolean)) };
}

/**
 * Whether a classic `data_resource` value (an ARN prefix: `arn:<partition>:s3` for every bucket,
 * `<bucket arn>/` for every object of one, `<bucket arn>/<prefix>` for some) selects every object under `objects`.
 */
function valueCovers(topology: Topology, value: string, objects: string): Tri {
  const m = topology.resolver.materialize(value);
  if (m === undefined) return 'maybe';
  return prefixClass(`${m}*`, objects).covers;
}

/**
 * Whether the trail records CloudTrail's own delivery of a log file (`objectArn`): a PutObject data event by
 * the CloudTrail service, which has no user ARN, console session, error or VPC endpoint.
 */
export function recordsDelivery(topology: Topology, trail: TfResource, objectArn: string): Tri {
  const all = readSelectors(topology, trail);
  if (all.length > 0) {
    const event: Event = {
      eventCategory: 'Data',
      'resources.type': 'AWS::S3::Object',
      'resources.ARN': objectArn,
      eventSource: 's3.amazonaws.com',
      eventName: 'PutObject',
      readOnly: 'false',
      eventType: 'AwsApiCall',
    };
    return anyOf(all.map((s) => selectorMatches(s, event)));
  }
  let out: Tri = 'no';
  for (const s of blocks(trail.values.event_selector)) {
    const rw = readWriteFromType(s.read_write_type);
    const values = blocks(s.data_resource)
      .filter((d) => d.type === 'AWS::S3::Object')
      .flatMap((d) => strList(d.values));
    for (const v of values) {
      const m = topology.resolver.materialize(v);
      const covers: Tri = m === undefined ? 'maybe' : match(`${m}*`, objectArn);
      out = anyOf([out, rw === undefined ? and(covers, 'maybe') : rw.write ? covers : 'no']);
    }
  }
  return out;
}
