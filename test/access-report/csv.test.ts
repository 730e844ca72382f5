import { csvCell } from '../../access-report/formats/csv';

describe('csvCell', () => {
  test('quotes commas, quotes and line breaks as RFC 4180 does', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(-3)).toBe('-3');
  });

  test('text a spreadsheet would run as a formula is made text (a user agent is attacker-chosen)', () => {
    expect(csvCell('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`);
    for (const lead of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${lead}cmd`).includes(`'${lead}cmd`)).toBe(true);
  });
});
