import type { Evidence } from './evidence';
import { formatEvidenceHtml } from './format-html';
import { formatEvidenceJson } from './format-json';
import { formatEvidenceMarkdown } from './format-markdown';

export { buildEvidence, type Evidence, type EvidenceInput, type Provenance } from './evidence';
export { readValidateLogsReport, readVerifyReport } from './external-reports';

export const REPORT_FORMATS = ['html', 'markdown', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function formatEvidence(evidence: Evidence, format: ReportFormat, toolVersion: string): string {
  switch (format) {
    case 'html':
      return formatEvidenceHtml(evidence, toolVersion);
    case 'markdown':
      return formatEvidenceMarkdown(evidence);
    case 'json':
      return formatEvidenceJson(evidence);
  }
}
