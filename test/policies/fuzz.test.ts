/**
 * Property-based: random combinations of issue 8's weakening changes (evasion.ts), on a random example
 * environment or the fixture, never pass. Every rule a change weakens stays failing (fail, unknown or warn)
 * whatever else changed with it (unless another change restores that very property: `masks`), and the
 * check as a whole fails when one of those rules is at the error level. Runs are reproducible: set FC_SEED to replay the seed a failure prints.
 */
import fc from 'fast-check';
import { check } from '../../policies/engine';
import { modelFromDocument } from '../../policies/load';
import { synthesizeStacks } from '../../stacks/build-app';
import { EVASIONS, type Evasion } from './evasion';
import { clone, compliantEnvironment, type Json } from './fixtures/environment';
import { nonPassingRules } from './support';

const WEAKENING = EVASIONS.filter((e) => e.weakens.length > 0 && !e.removes);

let documents: { name: string; doc: Json }[];
beforeAll(() => {
  documents = [...synthesizeStacks().map((s) => ({ name: s.environment, doc: s.terraform as Json })), { name: 'fixture', doc: compliantEnvironment() }];
});

/** At most one change of each group: changes of one group write the same thing. */
const compatible = (list: readonly Evasion[]): boolean => {
  const groups = list.map((e) => e.group).filter((g) => g !== undefined);
  return new Set(groups).size === groups.length;
};

describe('random combinations of weakening changes', () => {
  it('never pass, and every weakened rule stays failing', () => {
    fc.assert(
      fc.property(fc.subarray([...WEAKENING], { minLength: 1, maxLength: 5 }).filter(compatible), fc.nat(), fc.boolean(), (combination, which, reversed) => {
        const { name, doc } = documents[which % documents.length] as { name: string; doc: Json };
        const mutated = clone(doc);
        const applied: Evasion[] = [];
        for (const e of reversed ? [...combination].reverse() : combination) {
          try {
            e.apply(mutated);
            applied.push(e);
          } catch {
            // An earlier change removed what this one edits (a role's tag, a reference): it did not apply.
          }
        }
        fc.pre(applied.length > 0);
        const report = check([modelFromDocument(mutated, `${name}/cdk.tf.json`)], { waivers: [], today: '2026-01-01' });
        const failing = nonPassingRules(report);
        const masked = new Set(applied.flatMap((e) => e.masks ?? []));
        const missed = applied.flatMap((e) => e.weakens.filter((r) => !failing.includes(r) && !masked.has(r)).map((r) => `${e.name}: ${r}`));
        expect({ environment: name, applied: applied.map((e) => e.name), missed }).toEqual({
          environment: name,
          applied: applied.map((e) => e.name),
          missed: [],
        });
        // A rule the standard holds at warn everywhere (bucket-lifecycle-small-objects) reports without failing the check.
        const weakened = new Set(applied.flatMap((e) => e.weakens));
        if (report.results.some((r) => weakened.has(r.rule) && r.level === 'error')) expect(report.summary.ok).toBe(false);
      }),
      { numRuns: 300, seed: process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20260101 },
    );
  });
});
