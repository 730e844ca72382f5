import type { Report } from '../engine';

/**
 * One line per declared external resource: where the file relied on it (the rules about it were left to
 * where it is defined), or that nothing used it, so a stale declaration gets removed.
 */
export function externalNotes(report: Report): string[] {
  return (report.externals ?? []).map((e) => {
    if (e.uses.length === 0) return `--external ${e.name} matched nothing in the checked files; remove it`;
    const where = e.uses.map((u) => `${u.environment}: ${u.resource}.${u.attribute}`).join(', ');
    return `${e.name} is declared external (--external): not checked here; used by ${where}`;
  });
}
