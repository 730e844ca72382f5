import { type HtmlValue, html, SafeHtml } from './html';

/** A self-contained report page: everything inline, nothing fetched. */
export interface PageContent {
  /** The document title and the page's heading. */
  readonly title: string;
  /** A line under the heading, e.g. what the report covers. */
  readonly subtitle?: string;
  /** The page's sections, in order (see `section`). */
  readonly body: HtmlValue;
  /** Small print at the end, e.g. the tool and its version. */
  readonly footer?: string;
}

/**
 * Inline CSS: readable on screen and on paper. Print keeps badge colours (`print-color-adjust`),
 * drops shadows, repeats table headers on each page and keeps a row (or a chart) on one page. Charts
 * shrink to the width of the page (their viewBox scales them); a matrix's narrow columns have upright headings.
 */
const STYLE = `
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --band: #f6f8fa;
  --critical: #8b0000; --high: #c2410c; --medium: #a16207; --low: #1d4ed8; --info: #475569; --ok: #15803d; --fail: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; color: var(--fg); background: var(--bg);
  font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.subtitle { color: var(--muted); margin: 0 0 16px; }
p.empty { color: var(--muted); font-style: italic; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: var(--band); overflow-wrap: normal; }
td.num, th.num { text-align: right; white-space: nowrap; }
th.narrow { writing-mode: vertical-rl; transform: rotate(180deg); text-align: left; white-space: nowrap; vertical-align: bottom; font-weight: 600; padding: 6px 2px; }
td.narrow { text-align: center; padding: 2px 1px; white-space: nowrap; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 16px; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
ul.compact { margin: 0; padding-left: 18px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; color: #fff; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.critical { background: var(--critical); } .badge.high { background: var(--high); } .badge.medium { background: var(--medium); }
.badge.low { background: var(--low); } .badge.info { background: var(--info); } .badge.ok { background: var(--ok); } .badge.fail { background: var(--fail); }
.alert { border: 2px solid var(--fail); border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
.alert.ok { border-color: var(--ok); }
figure { margin: 8px 0 16px; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 12px; }
svg text { font: 11px sans-serif; fill: var(--fg); }
svg text.on-bar { fill: #ffffff; font-weight: 600; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@page { margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; }
  tr, figure, .alert { break-inside: avoid; }
  thead { display: table-header-group; }
  .badge, th, svg { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

// The stylesheet is this module's constant, not data: it is markup as it stands.
const STYLE_MARKUP = new SafeHtml(STYLE);

/**
 * A complete HTML document. Its Content-Security-Policy forbids every fetch (no scripts, images,
 * fonts or styles from anywhere), so the page shows the same offline, attached to a ticket or printed.
 */
export function renderPage(content: PageContent): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${content.title}</title>
<style>${STYLE_MARKUP}</style>
</head>
<body>
<header><h1>${content.title}</h1>${content.subtitle !== undefined ? html`<p class="subtitle">${content.subtitle}</p>` : ''}</header>
<main>
${content.body}
</main>
${content.footer !== undefined ? html`<footer>${content.footer}</footer>` : ''}
</body>
</html>
`.markup;
}

/** A titled section of the page. */
export function section(title: string, ...content: readonly HtmlValue[]): HtmlValue {
  return html`<section><h2>${title}</h2>
${content}
</section>
`;
}
