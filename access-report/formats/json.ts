import type { AccessReport } from '../report';

/** The whole report as one JSON document: sessions, machines and findings as arrays, for pipelines. */
export function formatJson(report: AccessReport, toolVersion: string): string {
  return `${JSON.stringify({ tool: `auditready ${toolVersion}`, ...report }, null, 2)}\n`;
}
