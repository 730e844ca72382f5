import type { Report } from '../engine';

/** `--format json`: every result (passes included) and the summary. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(
    {
      results: report.results.map((r) => ({
        rule: r.rule,
        status: r.status,
        environment: r.environment,
        tier: r.tier,
        resource: r.resource ?? null,
        constructPath: r.constructPath ?? null,
        severity: r.severity,
        message: r.message,
        controls: r.controls.map((c) => ({ framework: c.framework, id: c.id })),
        ...(r.waiver ? { waiver: r.waiver } : {}),
      })),
      summary: report.summary,
      unusedWaivers: report.unusedWaivers ?? [],
      externals: report.externals ?? [],
    },
    null,
    2,
  )}\n`;
}
