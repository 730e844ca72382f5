import { type HtmlValue, html, type SafeHtml } from './html';

/** One column of a table: its heading and how a row shows in it. */
export interface Column<Row> {
  readonly heading: string;
  readonly cell: (row: Row) => HtmlValue;
  /** Right-aligned, for counts. @default false */
  readonly numeric?: boolean;
  /** A narrow column of short marks (a matrix): its heading runs upwards, its cells are centred. @default false */
  readonly narrow?: boolean;
  /**
   * The column's share of the table's width, in percent, so that one long cell (a list of ARNs) does not
   * squeeze the others into a letter per line. @default - the browser's automatic layout
   */
  readonly width?: number;
}

/** A table with a header row; `empty` is shown instead when there are no rows. */
export function table<Row>(columns: readonly Column<Row>[], rows: readonly Row[], empty = 'None.'): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  const kind = (c: Column<Row>) => (c.narrow ? 'narrow' : c.numeric ? 'num' : 'text');
  return html`<table>
<thead><tr>${columns.map((c) => html`<th class="${kind(c)}"${c.width !== undefined ? html` style="width: ${Math.max(1, Math.min(100, Math.round(c.width)))}%"` : ''}>${c.heading}</th>`)}</tr></thead>
<tbody>
${rows.map((r) => html`<tr>${columns.map((c) => html`<td class="${kind(c)}">${c.cell(r)}</td>`)}</tr>\n`)}</tbody>
</table>`;
}

/** Term and description pairs, e.g. a report's parameters. */
export function definitionList(pairs: readonly (readonly [string, HtmlValue])[]): SafeHtml {
  return html`<dl>${pairs.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

/** The severities a badge can show, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A small label in the colour of its tone; the word itself stays readable in black-and-white print. */
export function badge(tone: Severity | 'ok' | 'fail', text: string = tone): SafeHtml {
  return html`<span class="badge ${tone}">${text}</span>`;
}
