import { badge, barChart, definitionList, escapeHtml, html, renderPage, section, stackedBarChart, table, timeline } from '../../html-report';

/** Text an attacker controls in a CloudTrail record (a user agent, say), aimed at every context the page writes text into. */
const HOSTILE = `"><script>alert(1)</script><img src=x onerror=alert(2)>'&`;

describe('html: untrusted text is escaped, markup made by html is kept', () => {
  test('element content and attribute values', () => {
    expect(html`<td title="${HOSTILE}">${HOSTILE}</td>`.markup).toBe(
      '<td title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#39;&amp;">' +
        '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#39;&amp;</td>',
    );
  });

  test('nested html, lists, numbers and nothing', () => {
    expect(html`<ul>${['a<b', html`<li>${'c&d'}</li>`, 3, undefined, null, false]}</ul>`.markup).toBe('<ul>a&lt;b<li>c&amp;d</li>3</ul>');
  });

  test('escapeHtml covers the five characters that end a text or attribute context', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});

describe('components', () => {
  test('a table escapes every cell and heading, and says when it is empty', () => {
    const out = table(
      [
        { heading: '<h>', cell: (r: string) => r },
        { heading: 'n', cell: () => 1, numeric: true },
      ],
      [HOSTILE],
    ).markup;
    expect(out).not.toContain('<script>');
    expect(out).toContain('<th class="text">&lt;h&gt;</th>');
    expect(out).toContain('<td class="num">1</td>');
    expect(table([{ heading: 'x', cell: () => '' }], [], 'No sessions.').markup).toBe('<p class="empty">No sessions.</p>');
  });

  test('definition lists, badges and sections escape their text', () => {
    expect(definitionList([['<k>', HOSTILE]]).markup).not.toContain('<script>');
    expect(badge('high', '<b>').markup).toBe('<span class="badge high">&lt;b&gt;</span>');
    expect(String(section('<t>', 'x'))).toContain('<h2>&lt;t&gt;</h2>');
  });

  test('a bar chart draws one bar per value, scaled to the largest, labels escaped', () => {
    const svg = barChart([
      { label: HOSTILE, value: 10 },
      { label: 'b', value: 5, tone: 'high' },
    ]).markup;
    const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBe(2 * (widths[1] as number));
    expect(svg).not.toContain('<script>');
  });

  test('a stacked bar chart: parts side by side, each scaled to the largest total, counts written on them, a legend, labels escaped', () => {
    const svg = stackedBarChart([
      {
        label: HOSTILE,
        segments: [
          { label: 'passed', value: 30, tone: 'ok' },
          { label: 'failed', value: 10, tone: 'fail' },
        ],
      },
      { label: 'b', segments: [{ label: 'passed', value: 20, tone: 'ok' }] },
    ]).markup;
    const rects = [...svg.matchAll(/<rect x="(\d+)" y="(\d+)" width="(\d+)" height="12" fill="(#[0-9a-f]+)"/g)].map((m) => ({
      x: Number(m[1]),
      w: Number(m[3]),
      fill: m[4],
    }));
    expect(rects).toHaveLength(3);
    const [pass, fail, second] = rects as [
      { x: number; w: number; fill: string },
      { x: number; w: number; fill: string },
      { x: number; w: number; fill: string },
    ];
    expect(fail.x).toBe(pass.x + pass.w);
    expect(pass.w).toBe(3 * fail.w);
    expect(second.w).toBe(2 * fail.w);
    expect(svg).toContain('class="on-bar">30</text>');
    expect(svg).toMatch(/>passed<\/text>.*>failed<\/text>/s);
    expect(svg).not.toContain('<script>');
  });

  test('a narrow column has an upright heading and centred cells; a width is a share of the table, bounded', () => {
    const out = table(
      [
        { heading: 'Request', cell: (r: string) => r, width: 40 },
        { heading: 'auditor', cell: () => 'allow', narrow: true },
        { heading: 'x', cell: () => '', width: 500 },
      ],
      ['read'],
    ).markup;
    expect(out).toContain('<th class="text" style="width: 40%">Request</th><th class="narrow">auditor</th><th class="text" style="width: 100%">x</th>');
    expect(out).toContain('<td class="narrow">allow</td>');
  });

  test('a timeline places spans by time: a span from 06:00 to 12:00 of a day covers a quarter of the axis from a quarter in', () => {
    const day = { from: new Date('2026-03-10T00:00:00Z'), to: new Date('2026-03-11T00:00:00Z') };
    const svg = timeline(
      [{ label: 'alice', spans: [{ start: new Date('2026-03-10T06:00:00Z'), end: new Date('2026-03-10T12:00:00Z'), title: HOSTILE }] }],
      day,
      {
        width: 1000,
      },
    ).markup;
    const rect = /<rect x="([\d.]+)" y="\d+" width="([\d.]+)"/.exec(svg);
    const plotStart = 220;
    const plotWidth = 1000 - 220 - 10;
    expect(Number(rect?.[1])).toBeCloseTo(plotStart + plotWidth / 4, 0);
    expect(Number(rect?.[2])).toBeCloseTo(plotWidth / 4, 0);
    // Ticks every 3 hours over a day: 00:00 to 24:00 (shown as 00:00 again).
    expect([...svg.matchAll(/>(\d\d):00</g)].map((m) => m[1])).toEqual(['00', '03', '06', '09', '12', '15', '18', '21', '00']);
    expect(svg).not.toContain('<script>');
  });
});

describe('renderPage: one self-contained document', () => {
  const page = renderPage({
    title: `Report <for> ${HOSTILE}`,
    subtitle: 'subtitle',
    body: [section('One', table([{ heading: 'x', cell: (r: string) => r }], ['y'])), barChart([{ label: 'a', value: 1 }])],
    footer: 'auditready',
  });

  test('fetches nothing: no src or href attribute, url(), @import or URL, and a Content-Security-Policy that forbids fetching', () => {
    expect(page).not.toMatch(/<[^>]*\s(src|href)=|url\(|@import|https?:\/\//i);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(page).not.toMatch(/<script|<link|<iframe|<object|<embed/i);
  });

  test('the title is escaped, in the head and the heading', () => {
    expect(page).toContain('<title>Report &lt;for&gt; &quot;&gt;&lt;script&gt;');
    expect(page).toContain('<h1>Report &lt;for&gt;');
  });

  test('prints readably: page margins, rows and charts kept on one page, header rows repeated, colours kept, charts no wider than the page', () => {
    const print = page.slice(page.indexOf('@media print'));
    expect(page).toContain('figure svg { max-width: 100%; height: auto; }');
    expect(page).toContain('@page {');
    expect(print).toMatch(/tr, figure, \.alert \{ break-inside: avoid; \}/);
    expect(print).toContain('thead { display: table-header-group; }');
    expect(print).toContain('print-color-adjust: exact');
  });

  test('is a complete document: doctype, charset, the sections in order, the footer', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page.indexOf('<h2>One</h2>')).toBeLessThan(page.indexOf('<svg'));
    expect(page).toContain('<footer>auditready</footer>');
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
  });
});
