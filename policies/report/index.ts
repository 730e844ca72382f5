import type { Report } from '../engine';
import { RULES } from '../registry';
import type { Control, Severity } from '../types';
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
  /** The command the report is of, in headings. @default "auditready check" */
  readonly title?: string;
  /** What the report's rule ids mean. @default the standard's rules */
  readonly rules?: readonly ReportRule[];
}

/** What a report says about a rule id: a rule of the standard, or one of `auditready verify`'s checks. */
export interface ReportRule {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly rationale: string;
  readonly remediation: { readonly text: string; readonly cdktf?: string };
  readonly absentMeans?: string;
  readonly controls: readonly Control[];
}

export function formatReport(report: Report, format: Format, options: FormatOptions): string {
  const title = options.title ?? 'auditready check';
  const rules = options.rules ?? RULES;
  switch (format) {
    case 'text':
      return formatText(report, { colour: options.colour, ...(options.verbose !== undefined ? { verbose: options.verbose } : {}) });
    case 'json':
      return formatJson(report);
    case 'markdown':
      return formatMarkdown(report, title, rules);
    case 'sarif':
      return formatSarif(report, options.toolVersion, rules);
    case 'junit':
      return formatJunit(report, title);
  }
}
