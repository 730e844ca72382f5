/**
 * The filter-pattern evaluator against the CloudWatch Logs user guide's own examples ("Filter pattern
 * syntax for metric filters, subscription filters, filter log events, and Live Tail", and its earlier
 * "Filter and pattern syntax" versions): each pattern with the events the guide says it matches and does
 * not match. Then the readings the guide leaves open, and the parser's errors.
 */
import { FilterPatternError, matchesEvent, parseFilterPattern, tryParseFilterPattern } from '../../policies/filter-pattern';
import { splitFields } from '../../policies/filter-pattern/delimited-pattern';

const matches = (pattern: string, event: string | Record<string, unknown>): boolean => matchesEvent(parseFilterPattern(pattern), event);

/** Asserts which of `events` the pattern matches, by index. */
function expectMatches(pattern: string, events: readonly (string | Record<string, unknown>)[], expected: readonly number[]): void {
  const p = parseFilterPattern(pattern);
  const got = events.flatMap((e, i) => (matchesEvent(p, e) ? [i] : []));
  expect({ pattern, matched: got }).toEqual({ pattern, matched: expected });
}

describe('term patterns (unstructured log events)', () => {
  const http = ['[ERROR 400] BAD REQUEST', '[ERROR 401] UNAUTHORIZED REQUEST', '[ERROR 419] MISSING ARGUMENTS', '[ERROR 420] INVALID ARGUMENTS'];

  it('matches a single term, multiple terms, ?terms, exact phrases and exclusions as the guide shows', () => {
    expectMatches('ERROR', http, [0, 1, 2, 3]);
    expectMatches('ERROR ARGUMENTS', http, [2, 3]);
    expectMatches('?ERROR ?ARGUMENTS', http, [0, 1, 2, 3]);
    expectMatches('"INTERNAL SERVER ERROR"', [...http, '[ERROR 500] INTERNAL SERVER ERROR'], [4]);
    expectMatches('ERROR -ARGUMENTS', http, [0, 1]);
  });

  it('matches everything with " ", "" or an empty pattern', () => {
    for (const p of ['" "', '""', '', '   ']) expectMatches(p, ['anything', '', '{"a":1}'], [0, 1, 2]);
  });

  it('finds a term anywhere in the message, case-sensitively', () => {
    // "The filter pattern "ERROR" matches … Exiting with ERRORCODE: -1".
    expect(matches('ERROR', 'Exiting with ERRORCODE: -1')).toBe(true);
    expect(matches('error', '[ERROR] A fatal exception has occurred')).toBe(false);
    const warn = ['ERROR WARN message', 'ERROR message', 'WARN message'];
    expectMatches('?ERROR ?WARN', warn, [0, 1, 2]);
    expectMatches('ERROR WARN', warn, [0]);
    expectMatches('ERROR -WARN', warn, [1]);
    expectMatches('-"ERROR WARN"', warn, [1, 2]);
  });

  it('reads a parsed JSON event as its compact JSON text', () => {
    expect(matches('StopLogging', { eventName: 'StopLogging' })).toBe(true);
    expect(matches('StopLogging -eventName', { eventName: 'StopLogging' })).toBe(false);
  });
});

describe('JSON patterns', () => {
  // The guide's example event (its 2020 version adds ThisFlag).
  const event = {
    eventType: 'UpdateTrail',
    sourceIPAddress: '111.111.111.111',
    arrayKey: ['value', 'another value'],
    objectList: [
      { name: 'a', id: 1 },
      { name: 'b', id: 2 },
    ],
    SomeObject: null,
    ThisFlag: true,
  };

  it.each([
    '{ $.eventType = "UpdateTrail" }',
    '{ $.sourceIPAddress != 123.123.* }',
    '{ $.arrayKey[0] = "value" }',
    '{ $.objectList[1].id = 2 }',
    '{ $.SomeObject IS NULL }',
    '{ $.SomeOtherObject NOT EXISTS }',
    '{ $.ThisFlag IS TRUE }',
    '{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }',
    '{$.eventType=UpdateTrail}',
  ])('%s matches the guide’s example event (given parsed or as text)', (pattern) => {
    expect(matches(pattern, event)).toBe(true);
    expect(matches(pattern, JSON.stringify(event))).toBe(true);
  });

  it.each([
    '{ $.eventType = "updatetrail" }',
    '{ $.eventType = UpdateTrai }',
    '{ $.sourceIPAddress != 111.111.* }',
    '{ $.arrayKey[1] = "value" }',
    '{ $.arrayKey[5] = "value" }',
    '{ $.eventType[0] = "UpdateTrail" }',
    '{ $.objectList[1].id = 1 }',
    '{ $.objectList[1].name.first = "b" }',
    '{ $.SomeObject NOT EXISTS }',
    '{ $.SomeOtherObject IS NULL }',
    '{ $.ThisFlag IS FALSE }',
    '{ $.ThisFlag = "true" }',
    '{ $.SomeObject = "*" }',
    '{ $.SomeObject != "x" }',
  ])('%s does not match it', (pattern) => {
    expect(matches(pattern, event)).toBe(false);
  });

  it('reads || and && with the guide’s precedence: () > && > ||', () => {
    const doc = {
      user: { id: 1, email: 'John.Stiles@example.com' },
      users: [
        { id: 2, email: 'John.Doe@example.com' },
        { id: 3, email: 'Jane.Doe@example.com' },
      ],
      actions: ['GET', 'PUT', 'DELETE'],
      coordinates: [
        [0, 1, 2],
        [4, 5, 6],
        [7, 8, 9],
      ],
    };
    expect(matches('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', doc)).toBe(true);
    expect(matches('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }', doc)).toBe(true);
    expect(matches('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }', doc)).toBe(false);
    expect(matches('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', doc)).toBe(false);
    expect(matches('{ $.coordinates[2][0] = 7 }', doc)).toBe(true);
  });

  it('matches OR on one field as the guide shows', () => {
    const events = [{ foo: 'bar' }, { foo: 'baz' }];
    expectMatches('{$.foo = bar}', events, [0]);
    expectMatches('{$.foo = baz }', events, [1]);
    expectMatches('{$.foo = bar || $.foo = baz }', events, [0, 1]);
  });

  it('never matches a selector that points to an array or object, with = or !=', () => {
    // "both {$.users = 1} and {$.users != 1} will fail to match a log event where users is an array".
    expect(matches('{$.users = 1}', { users: [1, 2, 3] })).toBe(false);
    expect(matches('{$.users != 1}', { users: [1, 2, 3] })).toBe(false);
    expect(matches('{$.user != 1}', { user: { id: 1 } })).toBe(false);
  });

  it('compares numbers as the guide shows', () => {
    const e = { latency: 1500, numbers: [9, 0.001], processes: [0, 0, 0, 0, { averageRuntime: 55.5 }], errorCode: 400, number: [0.001] };
    for (const p of [
      '{ $.latency >= 500 }',
      '{ $.numbers[0] < 10e3 }',
      '{ $.numbers[1] < 10e-2 }',
      '{ $.processes[4].averageRuntime <= 55.5 }',
      '{ $.errorCode = 400 }',
      '{ $.errorCode != 500 }',
      '{ $.latency > +1000 }',
      '{ $.number[0] = 1e-3 }',
      '{ $.number[0] != 1e+3 }',
      '{ $.latency = * }',
      '{ $.errorCode = 4* }',
    ]) {
      expect({ p, m: matches(p, e) }).toEqual({ p, m: true });
    }
    for (const p of ['{ $.latency < 500 }', '{ $.processes[4].averageRuntime < 55.5 }', '{ $.errorCode != 400 }', '{ $.errorCode = 5* }']) {
      expect({ p, m: matches(p, e) }).toEqual({ p, m: false });
    }
    // A string value node is not a number to <, >, <=, >=.
    expect(matches('{ $.latency > 1 }', { latency: '1500' })).toBe(false);
  });

  it('matches * at the start or end of a value as a wildcard', () => {
    // "*Event will match PutEvent and GetEvent. Event* will match EventId and EventName."
    expectMatches('{ $.e = *Event }', [{ e: 'PutEvent' }, { e: 'GetEvent' }, { e: 'EventId' }], [0, 1]);
    expectMatches('{ $.e = "Event*" }', [{ e: 'EventId' }, { e: 'EventName' }, { e: 'PutEvent' }], [0, 1]);
    expectMatches('{ $.e = *vent* }', [{ e: 'PutEvents' }, { e: 'vent' }, { e: 'ven' }], [0, 1]);
  });

  describe('readings the guide leaves open: matched only when every reading matches', () => {
    it('a * inside a value: = needs the literal reading, != the wildcard one', () => {
      // The 2020 guide: "Ev*ent will only match the actual string Ev*ent"; later versions call * a wildcard.
      expectMatches('{ $.e = Ev*ent }', [{ e: 'Ev*ent' }, { e: 'Event' }, { e: 'EvXent' }], [0]);
      expectMatches('{ $.e != Ev*ent }', [{ e: 'Ev*ent' }, { e: 'Event' }, { e: 'EvXent' }, { e: 'Other' }], [3]);
    });

    it('!= on an absent field does not match', () => {
      expect(matches('{ $.eventType != "AwsServiceEvent" }', { eventName: 'x' })).toBe(false);
      expect(matches('{ $.a.b != "x" }', { a: 'string' })).toBe(false);
    });

    it('a number against a string value must agree as text and as a number', () => {
      expect(matches('{ $.code = 400 }', { code: '400' })).toBe(true);
      expect(matches('{ $.code = 400 }', { code: '400.0' })).toBe(false);
      expect(matches('{ $.code != 400 }', { code: '400.0' })).toBe(false);
      expect(matches('{ $.code != 400 }', { code: '401' })).toBe(true);
    });
  });

  it('matches only JSON objects, and only their own properties', () => {
    expect(matches('{ $.a NOT EXISTS }', 'not json at all')).toBe(false);
    expect(matches('{ $.a NOT EXISTS }', '[1, 2]')).toBe(false);
    expect(matches('{ $.a NOT EXISTS }', '{}')).toBe(true);
    expect(matches('{ $.constructor NOT EXISTS }', {})).toBe(true);
    expect(matches('{ $.toString = "*" }', {})).toBe(false);
    expect(matches('{ $.__proto__ = "*" }', JSON.parse('{"a":1}'))).toBe(false);
  });
});

describe('space-delimited patterns', () => {
  const apache = '127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';

  it('splits fields at spaces, keeping "…" and […] as one field, as the guide’s extracted fields show', () => {
    expect(splitFields(apache)).toEqual(['127.0.0.1', 'Prod', 'frank', '10/Oct/2000:13:25:15 -0700', 'GET /index.html HTTP/1.0', '404', '1534']);
  });

  it.each([
    '[ip, user, username, timestamp, request =*.html*, status_code = 4*, bytes]',
    '[..., request =*.html*, status_code = 4*, bytes]',
    '[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]',
    '[ip, server, username, timestamp, request, status_code, bytes > 1000]',
    '[ip, user, ...]',
    '[ip, user, ..., status_code, bytes]',
  ])('%s matches the guide’s example line', (pattern) => {
    expect(matches(pattern, apache)).toBe(true);
  });

  it.each([
    '[ip, server, username, timestamp, request, status_code, bytes > 2000]',
    '[ip, user, username, timestamp, request, status_code = 200, bytes]',
    '[ip, user, username, timestamp, request = *.gif*, status_code, bytes]',
    '[ip, user, username, timestamp, request, status_code]',
    '[ip, user, username, timestamp, request, status_code, bytes, extra]',
  ])('%s does not match it', (pattern) => {
    expect(matches(pattern, apache)).toBe(false);
  });

  it('matches the guide’s three access-log lines by status code and bytes', () => {
    const lines = [
      '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
      '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
      '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355',
    ];
    expectMatches('[ip, user, username, timestamp, request, status_code = 200, bytes]', lines, [0, 2]);
    expectMatches('[ip, user, username, timestamp, request, status_code, bytes > 4000]', lines, [1, 2]);
    expectMatches('[..., status_code = 5* && bytes > 5000, bytes]', lines, [1]);
    expectMatches('[..., status_code = 5* && bytes > 6000, bytes]', lines, []);
    expectMatches('[..., status_code = 5* && status_code != 503, bytes]', lines, [1]);
  });

  it('matches words in order, with the exact number of fields', () => {
    const words = ['ERROR WARN message', 'ERROR message', 'WARN message'];
    expectMatches('[w1=ERROR, w2]', words, [1]);
    expectMatches('[w1=ERROR || w1=WARN, w2]', words, [1, 2]);
    expectMatches('[w1!=ERROR && w1!=WARNING, w2]', words, [2]);
  });
});

describe('errors: a pattern the evaluator cannot read throws FilterPatternError with the position and why', () => {
  it.each([
    ['{ $.eventName = "DeleteTrail" ', 30, /expected &&, \|\| or "}"/],
    ['{ $.eventName == "DeleteTrail" }', 14, /"==" is not a filter pattern operator/],
    ['{ eventName = "DeleteTrail" }', 2, /selector starting with "\$\."/],
    ['{ $.a IS NOT NULL }', 9, /IS NOT" is not supported/],
    ['{ $.a EXISTS }', 6, /"EXISTS" is not supported/],
    ['{ $.a is null }', 6, /keywords are upper case/],
    ['{ $.a = }', 8, /expected a value/],
    ['{ $.a = foo@bar }', 11, /expected &&, \|\| or "}"/],
    ['{ $.a = arn:aws:iam::1:root }', 11, /expected &&, \|\| or "}"/],
    ['{ $.a[*] = 1 }', 6, /"\[\*\]" is not documented/],
    ['{ $.* = 1 }', 4, /wildcard selectors/],
    ['{ $[0] = 1 }', 3, /starts with "\$\."/],
    ['{ $.a > "x" }', 8, /> needs an unquoted number/],
    ['{ $.a = %Delete.*% }', 8, /regular expressions/],
    ['{ $.a = 1 } extra', 12, /unexpected text after the closing "}"/],
    ['{ $.a = 1 & $.b = 2 }', 10, /logical operators are && and \|\|/],
    ['{ }', 2, /at least one condition/],
    ['{ ($.a = 1 }', 11, /expected "\)"/],
    ['{ $.a = "unterminated }', 8, /unterminated quoted string/],
    ['{ $.a = "say \\"hi\\"" }', 13, /backslash-escaped quote/],
    ['ERROR:', 5, /quote terms/],
    ['?ERROR WARN', 7, /mixing \?term/],
    ['ERROR - Exiting', 6, /"-" must be followed by a term/],
    ['%AUTH.*%', 0, /regular expressions/],
    ['[a,,b]', 3, /empty field/],
    ['[a, b,]', 6, /empty field/],
    ['[..., a, ...]', 9, /more than one \.\.\./],
    ['[a = 1 && zz = 2, b]', 10, /"zz", which the pattern does not declare/],
    ['[a, a]', 0, /declared twice/],
    ['[(a = 1), b]', 1, /parentheses/],
    ['[a = 1 b]', 7, /expected "," or "\]"/],
  ])('%s', (pattern, position, reason) => {
    let error: unknown;
    try {
      parseFilterPattern(pattern);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FilterPatternError);
    const fpe = error as FilterPatternError;
    expect(fpe.message).toMatch(reason);
    expect({ pattern, position: fpe.position }).toEqual({ pattern, position });
    expect(fpe.message).toContain(`at position ${position}`);
  });

  it('refuses patterns longer than CloudWatch Logs accepts', () => {
    expect(() => parseFilterPattern(`{ $.a = "${'x'.repeat(1020)}" }`)).toThrow(/longer than 1024 characters/);
  });

  it('tryParseFilterPattern returns the error instead of throwing, so a caller can report the pattern as unknown', () => {
    const bad = tryParseFilterPattern('{ $.a == 1 }');
    expect(bad.pattern).toBeUndefined();
    expect(bad.error).toBeInstanceOf(FilterPatternError);
    const good = tryParseFilterPattern('{ $.a = 1 }');
    expect(good.error).toBeUndefined();
    expect(good.pattern?.kind).toBe('json');
  });
});
