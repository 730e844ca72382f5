/**
 * Self-contained HTML reports: one page with inline CSS and inline SVG charts, nothing fetched,
 * readable on screen and printed. Text is escaped unless it is markup made by `html`.
 *
 * ```ts
 * renderPage({ title: 'Access report', body: [section('Findings', table(columns, rows))] });
 * ```
 */
export { escapeHtml, type HtmlValue, html, SafeHtml } from './html';
export { type PageContent, renderPage, section } from './page';
export { type Bar, barChart, type Lane, type Segment, type Span, type StackedBar, stackedBarChart, type Tone, timeline } from './svg-charts';
export { badge, type Column, definitionList, SEVERITIES, type Severity, table } from './table';
