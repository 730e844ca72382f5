import type { PostureDiff } from './compare';

/** `--format json`: the verdict, whether it passes, and every change with its direction, values and waiver. */
export function formatDiffJson(diff: PostureDiff): string {
  return `${JSON.stringify(
    {
      verdict: diff.verdict,
      ok: diff.ok,
      summary: diff.summary,
      environments: diff.environments.map((e) => ({
        name: e.name,
        status: e.status,
        verdict: e.verdict,
        changes: e.changes.map((c) => ({
          kind: c.kind,
          direction: c.direction,
          text: c.text,
          resource: c.resource ?? null,
          rules: c.rules,
          before: c.before ?? null,
          after: c.after ?? null,
          waiver: c.coveredBy ?? null,
        })),
      })),
    },
    null,
    2,
  )}\n`;
}
