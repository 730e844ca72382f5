import { RecordSplitter } from '../../access-report/record-splitter';

function split(text: string, chunk: number): unknown[] {
  const records: unknown[] = [];
  const splitter = new RecordSplitter((json) => records.push(JSON.parse(json)));
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += chunk) splitter.write(bytes.subarray(at, at + chunk));
  splitter.finish();
  return records;
}

describe('RecordSplitter: the records of a log file, as they stream in', () => {
  // Strings holding braces, brackets, escaped quotes and backslashes, a nested "Records" key, non-ASCII text.
  const file = JSON.stringify({
    Records: [
      { eventName: 'A', requestParameters: { policy: '{"Statement":[{"Effect":"Deny"}]}', note: 'a \\"quoted\\" } ] { [' } },
      { eventName: 'B', userAgent: 'ünïcödé — 日本', responseElements: { Records: [{ x: 1 }] } },
      { eventName: 'C', resources: [], empty: {} },
    ],
  });

  test('the same records as JSON.parse, whatever the chunk size (down to one byte)', () => {
    const expected = (JSON.parse(file) as { Records: unknown[] }).Records;
    for (const chunk of [1, 2, 3, 7, 64, file.length]) expect(split(file, chunk)).toEqual(expected);
  });

  test('only the top-level Records array holds records', () => {
    expect(split(JSON.stringify({ Other: [{ a: 1 }], Records: [{ b: 2 }] }), 5)).toEqual([{ b: 2 }]);
  });

  test.each([
    ['cut short', file.slice(0, -10)],
    ['no Records array', '{"Events":[{"a":1}]}'],
    ['not JSON at all', 'hello'],
  ])('%s: finish() throws', (_, text) => {
    expect(() => split(text, 4)).toThrow(SyntaxError);
  });
});
