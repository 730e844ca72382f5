import { html, type SafeHtml } from './html';
import type { Severity } from './table';

/** A colour of the page's palette (see page.ts), by what it means. */
export type Tone = Severity | 'ok' | 'fail';

const FILL: Readonly<Record<Tone, string>> = {
  critical: '#8b0000',
  high: '#c2410c',
  medium: '#a16207',
  low: '#1d4ed8',
  info: '#94a3b8',
  ok: '#15803d',
  fail: '#b91c1c',
};

/** One bar of a bar chart. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  /** @default 'info' */
  readonly tone?: Tone;
}

const LABEL_WIDTH = 220;
const ROW = 18;

/** Horizontal bars with their labels and values: counts by category, e.g. events per service. */
export function barChart(bars: readonly Bar[], options: { readonly width?: number; readonly caption?: string } = {}): SafeHtml {
  const width = options.width ?? 720;
  const plot = width - LABEL_WIDTH - 60;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 4;
  const rows = bars.map((b, i) => {
    const y = i * ROW + 2;
    const w = Math.max(1, Math.round((b.value / max) * plot));
    return html`<text x="${LABEL_WIDTH - 6}" y="${y + 12}" text-anchor="end">${clip(b.label, 34)}</text>
<rect x="${LABEL_WIDTH}" y="${y + 2}" width="${w}" height="${ROW - 6}" fill="${FILL[b.tone ?? 'info']}"><title>${b.label}: ${b.value}</title></rect>
<text x="${LABEL_WIDTH + w + 4}" y="${y + 12}">${b.value}</text>
`;
  });
  return figure(
    html`<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">
${rows}</svg>`,
    options.caption,
  );
}

/** One part of a stacked bar: a count, in the colour of what it means. */
export interface Segment {
  readonly label: string;
  readonly value: number;
  readonly tone: Tone;
}

/** One bar of a stacked bar chart: its parts, left to right. */
export interface StackedBar {
  readonly label: string;
  readonly segments: readonly Segment[];
}

/**
 * Horizontal bars made of parts, each bar scaled to the largest total, with each part's count written on it
 * when it fits and a legend of the parts below: e.g. requirements passed, waived and failed per framework.
 * The numbers are text, so the chart reads the same in black-and-white print.
 */
export function stackedBarChart(bars: readonly StackedBar[], options: { readonly width?: number; readonly caption?: string } = {}): SafeHtml {
  const width = options.width ?? 720;
  const plot = width - LABEL_WIDTH - 60;
  const total = (b: StackedBar) => b.segments.reduce((n, s) => n + s.value, 0);
  const max = Math.max(1, ...bars.map(total));
  const legendItems = [...new Map(bars.flatMap((b) => b.segments).map((s) => [s.label, s.tone])).entries()];
  const height = bars.length * ROW + 4 + ROW;
  const rows = bars.map((b, i) => {
    const y = i * ROW + 2;
    let x = LABEL_WIDTH;
    const parts = b.segments
      .filter((s) => s.value > 0)
      .map((s) => {
        const w = Math.max(1, Math.round((s.value / max) * plot));
        const part = html`<rect x="${x}" y="${y + 2}" width="${w}" height="${ROW - 6}" fill="${FILL[s.tone]}"><title>${b.label}: ${s.value} ${s.label}</title></rect>${
          w >= 14 ? html`<text x="${x + w / 2}" y="${y + 12}" text-anchor="middle" class="on-bar">${s.value}</text>` : ''
        }`;
        x += w;
        return part;
      });
    return html`<text x="${LABEL_WIDTH - 6}" y="${y + 12}" text-anchor="end">${clip(b.label, 34)}<title>${b.label}</title></text>
${parts}<text x="${x + 4}" y="${y + 12}">${total(b)}</text>
`;
  });
  let lx = LABEL_WIDTH;
  const legendY = bars.length * ROW + 4;
  const legend = legendItems.map(([label, tone]) => {
    const item = html`<rect x="${lx}" y="${legendY + 3}" width="10" height="10" fill="${FILL[tone]}"/><text x="${lx + 14}" y="${legendY + 12}">${label}</text>`;
    lx += 24 + label.length * 6;
    return item;
  });
  return figure(
    html`<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">
${rows}${legend}</svg>`,
    options.caption,
  );
}

/** A span of time on a lane of a timeline. */
export interface Span {
  readonly start: Date;
  readonly end: Date;
  /** @default 'info' */
  readonly tone?: Tone;
  /** Shown when hovering over the span. */
  readonly title: string;
}

/** One row of a timeline. */
export interface Lane {
  readonly label: string;
  readonly spans: readonly Span[];
}

/**
 * Lanes of spans over a time axis from `from` to `to`, with hour ticks (every 3 hours over a day or
 * more): who was active when. A span shorter than a pixel is drawn a few pixels wide, so that a
 * session of one event still shows.
 */
export function timeline(
  lanes: readonly Lane[],
  range: { readonly from: Date; readonly to: Date },
  options: { readonly width?: number; readonly caption?: string } = {},
): SafeHtml {
  const width = options.width ?? 960;
  const plot = width - LABEL_WIDTH - 10;
  const t0 = range.from.getTime();
  const span = Math.max(1, range.to.getTime() - t0);
  const x = (t: Date) => LABEL_WIDTH + Math.min(plot, Math.max(0, ((t.getTime() - t0) / span) * plot));
  const axis = 16;
  const height = axis + lanes.length * ROW + 4;
  const hours = span / 3_600_000;
  const step = hours > 12 ? 3 : 1;
  const ticks = [];
  for (let h = 0; h <= hours; h += step) {
    const tx = LABEL_WIDTH + (h / hours) * plot;
    // The last label ends at the right edge instead of running past it.
    const anchor = tx > width - 20 ? 'end' : 'middle';
    ticks.push(html`<line x1="${tx}" y1="${axis - 4}" x2="${tx}" y2="${height}" stroke="#d0d7de"/><text x="${tx}" y="${axis - 6}" text-anchor="${anchor}">${String(new Date(t0 + h * 3_600_000).getUTCHours()).padStart(2, '0')}:00</text>
`);
  }
  const rows = lanes.map((lane, i) => {
    const y = axis + i * ROW + 2;
    return html`<text x="${LABEL_WIDTH - 6}" y="${y + 12}" text-anchor="end">${clip(lane.label, 34)}<title>${lane.label}</title></text>
${lane.spans.map((s) => {
  const x1 = x(s.start);
  const w = Math.max(3, x(s.end) - x1);
  return html`<rect x="${x1.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${ROW - 6}" rx="2" fill="${FILL[s.tone ?? 'info']}"><title>${s.title}</title></rect>`;
})}
`;
  });
  return figure(
    html`<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">
${ticks}${rows}</svg>`,
    options.caption,
  );
}

function figure(svg: SafeHtml, caption: string | undefined): SafeHtml {
  return html`<figure>${svg}${caption !== undefined ? html`<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
