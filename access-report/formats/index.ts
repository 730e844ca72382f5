import type { AccessReport } from '../report';
import { formatCsv } from './csv';
import { formatHtml } from './html';
import { formatJson } from './json';
import { formatMarkdown } from './markdown';
import { formatText } from './text';

export const FORMATS = ['text', 'json', 'csv', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** The report in one of FORMATS. */
export function formatAccessReport(report: AccessReport, format: Format, toolVersion: string): string {
  switch (format) {
    case 'json':
      return formatJson(report, toolVersion);
    case 'csv':
      return formatCsv(report);
    case 'markdown':
      return formatMarkdown(report);
    case 'html':
      return formatHtml(report, toolVersion);
    default:
      return formatText(report);
  }
}
