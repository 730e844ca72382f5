/**
 * The baseline's CIS 5.x metric-filter patterns (constructs/cis-monitoring-controls.ts), run through the
 * filter-pattern evaluator over CloudTrail-shaped records: each must match every record of the events its
 * control names and none of the benign ones. Then patterns that look like a CIS pattern but cannot fire,
 * which must match none of them, and patterns that fire on everything, which the benign records must catch.
 */

import { CIS_MONITORING_CONTROLS, type MonitoringControl } from '../../constructs/cis-monitoring-controls';
import { CIS_SAMPLE_EVENTS, cisSampleEvents } from '../../policies/cis-sample-events';
import type { CloudTrailRecord } from '../../policies/cloudtrail-record';
import { type FilterPattern, matchesEvent, parseFilterPattern } from '../../policies/filter-pattern';

/** The CIS recommendation a control implements. */
const cisIdOf = (c: MonitoringControl): string => (c.source.standard === 'cis' ? c.source.control : c.name);
const name = (r: CloudTrailRecord): string => `${r.eventSource}:${r.eventName}${r.errorCode ? `(${r.errorCode})` : ''}`;
const matched = (p: FilterPattern, records: readonly CloudTrailRecord[]): string[] => records.filter((r) => matchesEvent(p, r)).map(name);
const missed = (p: FilterPattern, records: readonly CloudTrailRecord[]): string[] => records.filter((r) => !matchesEvent(p, r)).map(name);

describe('CIS sample records', () => {
  it('cover every CIS 5.x control, each with records to match and to refuse', () => {
    expect(CIS_SAMPLE_EVENTS.map((c) => c.control)).toEqual(CIS_MONITORING_CONTROLS.map(cisIdOf));
    for (const c of CIS_SAMPLE_EVENTS) {
      expect({ control: c.control, some: c.mustMatch.length > 0 && c.mustNotMatch.length > 0 }).toEqual({ control: c.control, some: true });
    }
  });

  it('include a record for every event name the CIS pattern lists', () => {
    for (const c of CIS_MONITORING_CONTROLS) {
      const listed = [...c.pattern.matchAll(/\$\.eventName = "([A-Za-z]+)"/g)].map((m) => m[1]);
      const recorded = new Set(cisSampleEvents(cisIdOf(c)).mustMatch.map((r) => r.eventName));
      expect({ control: cisIdOf(c), missing: listed.filter((n) => !recorded.has(n)) }).toEqual({ control: cisIdOf(c), missing: [] });
    }
  });

  it('are shaped as CloudTrail records: the fields every management event carries', () => {
    for (const c of CIS_SAMPLE_EVENTS) {
      for (const r of [...c.mustMatch, ...c.mustNotMatch, ...c.mayMatch]) {
        for (const field of [
          'eventVersion',
          'userIdentity',
          'eventTime',
          'eventSource',
          'eventName',
          'awsRegion',
          'sourceIPAddress',
          'eventID',
          'eventType',
          'recipientAccountId',
        ]) {
          expect({ record: name(r), field, present: r[field] !== undefined }).toEqual({ record: name(r), field, present: true });
        }
        expect(r.eventSource).toMatch(/^[a-z0-9-]+\.amazonaws\.com$/);
      }
    }
  });

  it('name the trail in requestParameters.trailName for selector changes, as CloudTrail records them', () => {
    const selectors = cisSampleEvents('5.5').mayMatch.find((r) => r.eventName === 'PutEventSelectors')!;
    expect((selectors.requestParameters as Record<string, unknown>).trailName).toMatch(/^arn:aws:cloudtrail:/);
    expect(matchesEvent(parseFilterPattern('{ $.requestParameters.trailName = "arn:aws:cloudtrail:*" }'), selectors)).toBe(true);
    expect(matchesEvent(parseFilterPattern('{ $.requestParameters.name = "arn:aws:cloudtrail:*" }'), selectors)).toBe(false);
  });
});

describe.each(CIS_MONITORING_CONTROLS.map((c) => [cisIdOf(c), c] as const))('the baseline’s CIS %s pattern', (cisId, control) => {
  const pattern = parseFilterPattern(control.pattern);
  const samples = cisSampleEvents(cisId);

  it('matches every record of the events the control names', () => {
    expect(missed(pattern, samples.mustMatch)).toEqual([]);
  });

  it('matches no benign record', () => {
    expect(matched(pattern, samples.mustNotMatch)).toEqual([]);
  });

  it('matches the same records given as the JSON text CloudTrail delivers', () => {
    for (const r of [...samples.mustMatch, ...samples.mustNotMatch]) {
      expect({ record: name(r), m: matchesEvent(pattern, JSON.stringify(r)) }).toEqual({ record: name(r), m: matchesEvent(pattern, r) });
    }
  });
});

describe('the baseline’s CIS 5.1 pattern leaves out the noise the benchmark excludes', () => {
  it('does not match AccessDenied from log delivery or on HeadBucket', () => {
    const p = parseFilterPattern(CIS_MONITORING_CONTROLS.find((c) => cisIdOf(c) === '5.1')?.pattern as string);
    expect(matched(p, cisSampleEvents('5.1').mayMatch)).toEqual([]);
  });
});

describe('patterns that look like a CIS pattern but cannot fire', () => {
  /** `{ (inner) && condition }`: the whole pattern narrowed by one more condition. */
  const narrowed = (pattern: string, condition: string): string => pattern.replace(/^\{\s*/, '{ (').replace(/\s*}\s*$/, `) && ${condition} }`);

  /** Variants of a pattern that must match none of its control's records. */
  const neverFiring = (pattern: string): [string, string][] => [
    // Every quoted value gains a trailing space: "DeleteTrail " is not DeleteTrail.
    ['a trailing space in every value', pattern.replace(/"([^"]*)"/g, '"$1 "')],
    ['an impossible extra condition', narrowed(pattern, '($.eventName = "NoSuchEvent" && $.eventName = "OtherEvent")')],
    [
      'a misspelled selector',
      pattern
        .replace(/\$\.eventName/g, '$.eventname')
        .replace(/\$\.errorCode/g, '$.errorcode')
        .replace(/\$\.userIdentity/g, '$.useridentity'),
    ],
    ['every value in lower case', pattern.replace(/"([^"]*)"/g, (_m, v: string) => `"${v.toLowerCase()}"`)],
    ['a field that CloudTrail never writes', narrowed(pattern, '($.requestParameters.noSuchParameter != "x")')],
  ];

  for (const control of CIS_MONITORING_CONTROLS) {
    const samples = cisSampleEvents(cisIdOf(control));
    it.each(neverFiring(control.pattern))(`CIS ${cisIdOf(control)}: %s matches none of its records`, (_what, variant) => {
      const p = parseFilterPattern(variant);
      expect(matched(p, [...samples.mustMatch, ...samples.mayMatch, ...samples.mustNotMatch])).toEqual([]);
    });
  }

  it('&& binds tighter than ||: a condition appended without parentheses narrows only the last alternative', () => {
    const p = parseFilterPattern('{ ($.eventName = "CreateTrail") || ($.eventName = "StopLogging") && ($.eventName = "NoSuchEvent") }');
    expect(matched(p, cisSampleEvents('5.5').mustMatch)).toEqual(['cloudtrail.amazonaws.com:CreateTrail']);
  });

  it('a 5.7 pattern on the wrong event source matches none of the key events', () => {
    const p = parseFilterPattern('{ ($.eventSource = "kms.amazonaws.com ") && (($.eventName = "DisableKey") || ($.eventName = "ScheduleKeyDeletion")) }');
    expect(matched(p, cisSampleEvents('5.7').mustMatch)).toEqual([]);
  });

  it('5.3 written with = instead of NOT EXISTS on invokedBy matches no root usage', () => {
    const p = parseFilterPattern('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy = "*" && $.eventType != "AwsServiceEvent" }');
    expect(matched(p, cisSampleEvents('5.3').mustMatch)).toEqual([]);
  });
});

describe('patterns that fire on everything are caught by the benign records', () => {
  it.each([
    '{ $.eventName = "*" }',
    '{ $.eventSource = "*" }',
    '{ ($.eventName = "ConsoleLogin") || ($.eventVersion = "*") }',
    '" "',
    'eventName',
    '{ $.userIdentity.type = "*" && $.eventType != "Nothing" }',
  ])('%s matches benign records of every control', (pattern) => {
    const p = parseFilterPattern(pattern);
    for (const c of CIS_SAMPLE_EVENTS)
      expect({ control: c.control, benignMatched: matched(p, c.mustNotMatch).length > 0 }).toEqual({ control: c.control, benignMatched: true });
  });
});

describe('speed: parse once, evaluate many', () => {
  it('evaluates the fifteen patterns over every record a hundred times in well under a second each way', () => {
    const patterns = CIS_MONITORING_CONTROLS.map((c) => parseFilterPattern(c.pattern));
    const records = CIS_SAMPLE_EVENTS.flatMap((c) => [...c.mustMatch, ...c.mustNotMatch]);
    const start = process.hrtime.bigint();
    let evaluations = 0;
    for (let i = 0; i < 100; i++) for (const p of patterns) for (const r of records) evaluations += matchesEvent(p, r) ? 1 : 1;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(evaluations).toBeGreaterThan(100_000);
    expect(ms).toBeLessThan(5000);
  });
});
