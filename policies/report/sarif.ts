import type { Log, ReportingDescriptor, Result as SarifResult } from 'sarif';
import type { Report } from '../engine';
import type { Severity } from '../types';
import type { ReportRule } from './index';
import { needsAttention } from './results';

const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

function descriptor(rule: ReportRule): ReportingDescriptor {
  const snippet = rule.remediation.cdktf;
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: snippet ? `${rule.remediation.text}\n\n${snippet}` : rule.remediation.text,
      markdown: [
        rule.remediation.text,
        ...(snippet ? [`\`\`\`ts\n${snippet}\n\`\`\``] : []),
        ...(rule.absentMeans ? [`Absent attribute: ${rule.absentMeans}`] : []),
      ].join('\n\n'),
    },
    defaultConfiguration: { level: 'error' },
    properties: {
      tags: ['security', 'logging', ...rule.controls.map((c) => `${c.framework}:${c.id}`)],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      controls: rule.controls.map((c) => ({ framework: c.framework, id: c.id })),
    },
  };
}

function uriOf(source: string): string {
  return source.replace(/\\/g, '/').replace(/^\.\//, '');
}

/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning. One result per failing, unknown, warned or waived
 * finding (waived ones carry a suppression); the location is the file plus the Terraform address.
 */
export function formatSarif(report: Report, toolVersion: string, rules: readonly ReportRule[]): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: SarifResult[] = report.results.filter(needsAttention).map((r) => ({
    ruleId: r.rule,
    ruleIndex: index.get(r.rule) ?? -1,
    level: r.status === 'warn' ? 'warning' : 'error',
    message: { text: `${r.environment}: ${r.resource ?? '(environment)'}: ${r.message}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: uriOf(r.source) }, region: { startLine: 1 } },
        logicalLocations: [{ fullyQualifiedName: r.resource ?? r.environment, kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'auditready/v1': `${r.environment}|${r.rule}|${r.resource ?? ''}` },
    properties: { environment: r.environment, tier: r.tier, status: r.status, ...(r.constructPath ? { constructPath: r.constructPath } : {}) },
    ...(r.status === 'waived' && r.waiver
      ? {
          suppressions: [
            {
              kind: 'external' as const,
              status: 'accepted' as const,
              justification: `${r.waiver.reason} (approved by ${r.waiver.approver}, expires ${r.waiver.expires})`,
            },
          ],
        }
      : {}),
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'auditready', version: toolVersion, rules: rules.map(descriptor) } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
