/**
 * The control matrix of one environment, requirement first as auditors read it: each framework's
 * requirements, the rules that give evidence for each, the resources each rule judged, and the result.
 * A requirement fails when any of its results fails or is unknown; it is waived when a waiver covers a
 * failure and nothing else fails; it passes when at least one result passes and none fails.
 */
import type { Result } from '../../policies/engine';
import { FRAMEWORKS } from '../../policies/frameworks';
import { ruleById } from '../../policies/registry';
import type { Status } from '../../policies/types';

/** A requirement's result: a status of the standard, or `not run` when no rule of it runs at the tier. */
export type RequirementStatus = Status | 'not run';

export interface RuleEvidence {
  readonly rule: string;
  readonly title: string;
  readonly results: readonly Pick<Result, 'status' | 'resource' | 'message' | 'waiver'>[];
}

export interface RequirementRow {
  readonly framework: string;
  readonly frameworkName: string;
  readonly id: string;
  readonly title: string;
  readonly status: RequirementStatus;
  readonly rules: readonly RuleEvidence[];
}

export interface FrameworkTally {
  readonly framework: string;
  readonly name: string;
  readonly counts: Readonly<Record<RequirementStatus, number>>;
}

const PRECEDENCE: readonly Status[] = ['fail', 'unknown', 'waived', 'warn', 'pass', 'not_applicable'];

function requirementStatus(results: readonly Pick<Result, 'status'>[]): RequirementStatus {
  if (results.length === 0) return 'not run';
  for (const s of PRECEDENCE) if (results.some((r) => r.status === s)) return s;
  return 'not run';
}

/** Every requirement of every framework with its evidence from one environment's results. */
export function controlMatrix(results: readonly Result[]): RequirementRow[] {
  const byRule = new Map<string, Result[]>();
  for (const r of results) byRule.set(r.rule, [...(byRule.get(r.rule) ?? []), r]);
  return FRAMEWORKS.flatMap((f) =>
    f.requirements.map((req) => {
      const rules = req.rules.map((id) => ({
        rule: id,
        title: ruleById(id)?.title ?? id,
        results: (byRule.get(id) ?? []).map((r) => ({
          status: r.status,
          ...(r.resource !== undefined ? { resource: r.resource } : {}),
          message: r.message,
          ...(r.waiver ? { waiver: r.waiver } : {}),
        })),
      }));
      return { framework: f.id, frameworkName: f.name, id: req.id, title: req.title, status: requirementStatus(rules.flatMap((r) => r.results)), rules };
    }),
  );
}

const EMPTY: Record<RequirementStatus, number> = { pass: 0, fail: 0, unknown: 0, warn: 0, waived: 0, not_applicable: 0, 'not run': 0 };

/** Requirements per framework by result, for the charts. */
export function tallies(rows: readonly RequirementRow[]): FrameworkTally[] {
  return FRAMEWORKS.map((f) => {
    const counts = { ...EMPTY };
    for (const r of rows) if (r.framework === f.id) counts[r.status] += 1;
    return { framework: f.id, name: f.name, counts };
  });
}
