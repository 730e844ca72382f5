import { check, type Report, type Result } from '../../policies/engine';
import { modelFromDocument } from '../../policies/load';
import type { Waiver } from '../../policies/waivers';
import type { Tier } from '../../standard/tiers';
import type { Json } from './fixtures/environment';

/** Checks one document as the CLI would (tier from `tier` or the document's own tag). */
export function checkDocument(doc: Json, options: { tier?: Tier; waivers?: Waiver[]; today?: string; source?: string } = {}): Report {
  return check([modelFromDocument(doc, options.source ?? 'fixture/cdk.tf.json')], {
    ...(options.tier ? { tier: options.tier } : {}),
    waivers: options.waivers ?? [],
    today: options.today ?? '2026-01-01',
  });
}

/** Results of one rule. */
export function resultsOf(report: Report, rule: string): Result[] {
  return report.results.filter((r) => r.rule === rule);
}

/** Rules with at least one result in a non-passing status (fail, unknown, warn). */
export function nonPassingRules(report: Report): string[] {
  return [...new Set(report.results.filter((r) => r.status === 'fail' || r.status === 'unknown' || r.status === 'warn').map((r) => r.rule))].sort();
}

/** `[resource, message]` of a rule's results with one outcome. */
export function findings(report: Report, rule: string, outcome: Result['outcome']): [string | undefined, string][] {
  return resultsOf(report, rule)
    .filter((r) => r.outcome === outcome)
    .map((r) => [r.resource, r.message]);
}
