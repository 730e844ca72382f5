/** Duplicate keys and out-of-range numbers in JSON text, found as Terraform's JSON parser would see them. */
import { parseJsonText } from '../../policies/json-text';

const problemOf = (text: string) => parseJsonText(text).problem;

describe('parseJsonText', () => {
  it.each([
    ['{"a":1,"a":2}', '$.a'],
    ['{"a" :1, "a"\n:2}', '$.a'],
    ['{"x":{"b":[1,{"k":"v","k":"w"}]}}', '$.x.b[1].k'],
    ['{"a\\u0062":1,"ab":2}', '$.ab'],
    ['{"q\\\\":1,"q\\\\":2}', '$["q\\\\"]'],
    ['{"a":{"":1,"":2}}', '$.a[""]'],
    ['[{"a":1},{"b":1,"b":{}}]', '$[1].b'],
  ])('finds the duplicate key in %s at %s', (text, path) => {
    expect(problemOf(text)).toMatchObject({ path, message: expect.stringMatching(/^duplicate key/) });
  });

  it.each([
    ['{"a":"{\\"a\\":1,\\"a\\":2}"}', 'keys inside a string value'],
    ['{"a":"\\\\","b":"\\\\\\"","c":"x"}', 'backslash runs before quotes'],
    ['{"a":{"b":1},"b":{"a":1}}', 'the same key in different objects'],
    ['{"n":[1e308,-1e308,1e-400,123456789012345678901234567890]}', 'numbers a double holds'],
    ['"just a string"', 'a scalar document'],
  ])('accepts %s (%s)', (text) => {
    expect(problemOf(text)).toBeUndefined();
    expect(parseJsonText(text).value).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a":{"b":1e400}}', '$.a.b', '1e400'],
    ['{"a":[0,-1E+999]}', '$.a[1]', '-1E+999'],
    [`{"a":${'9'.repeat(400)}}`, '$.a', '9'.repeat(400)],
  ])('refuses the number in %s at %s', (text, path, number) => {
    expect(problemOf(text)).toEqual({ path, message: `number ${number} is out of range (beyond a double; Terraform refuses it)` });
  });

  it('throws on invalid JSON', () => {
    expect(() => parseJsonText('{"a":')).toThrow(SyntaxError);
  });
});
