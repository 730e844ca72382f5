import type { Report } from '../engine';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatMarkdown } from './markdown';
import { formatSarif } from './sarif';
import { formatText } from './text';

export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  readonly colour: boolean;
  readonly verbose?: boolean;
  readonly toolVersion: string;
}

export function formatReport(report: Report, format: Format, options: FormatOptions): string {
  switch (format) {
    case 'text':
      return formatText(report, { colour: options.colour, ...(options.verbose !== undefined ? { verbose: options.verbose } : {}) });
    case 'json':
      return formatJson(report);
    case 'markdown':
      return formatMarkdown(report);
    case 'sarif':
      return formatSarif(report, options.toolVersion);
    case 'junit':
      return formatJunit(report);
  }
}
