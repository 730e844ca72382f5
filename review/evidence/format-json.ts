import type { Evidence } from './evidence';

/** `--format json`: the whole evidence, for machines; the access matrix as rows of cells by caller. */
export function formatEvidenceJson(evidence: Evidence): string {
  return `${JSON.stringify(
    {
      provenance: evidence.provenance,
      externals: evidence.externals,
      environments: evidence.environments.map((e) => ({
        name: e.name,
        tier: e.tier,
        source: e.source,
        ok: e.ok,
        requirements: e.requirements,
        tallies: e.tallies,
        waivers: e.waivers,
        settings: e.settings.map((s) => ({ group: s.group, setting: s.label, value: s.text, resource: s.resource ?? null })),
        externals: e.externals,
        access:
          e.access.kind === 'unavailable'
            ? { unavailable: e.access.reason }
            : {
                callers: e.access.columns.map((c) => ({ id: c.id, label: c.label })),
                rows: e.access.rows.map((r) => ({ id: r.row.id, what: r.row.what, cells: r.cells })),
                assume: e.access.assume.map((a) => ({ role: a.role, caller: a.caller, principal: a.principal, request: a.row.id, decision: a.cell })),
                notes: e.access.notes,
                ...(e.access.organization ? { organization: e.access.organization } : {}),
              },
        ...(e.verify ? { verify: e.verify } : {}),
      })),
      ...(evidence.verify ? { verify: { ok: evidence.verify.ok } } : {}),
      ...(evidence.validateLogs ? { validateLogs: validateLogsSummary(evidence) } : {}),
    },
    null,
    2,
  )}\n`;
}

function validateLogsSummary(evidence: Evidence) {
  const { results: _files, ...report } = evidence.validateLogs?.report ?? { results: [] };
  return { valid: evidence.validateLogs?.valid, ...report, invalid: invalidFiles(evidence) };
}

/** The files a validate-logs report found INVALID. */
export function invalidFiles(evidence: Evidence) {
  return (evidence.validateLogs?.report.results ?? []).filter((r) => r.problems.length > 0);
}
