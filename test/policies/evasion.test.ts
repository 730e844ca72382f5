/**
 * Issue 8's classes on every example environment (and the hand-written fixture): each adversarial change in
 * evasion.ts leaves the rules it weakens failing or unknown, and each compliant layout passes. Results are
 * compared by rule, not by resource address, so the tests survive changes to the synthesized stacks.
 */
import { check } from '../../policies/engine';
import { modelFromDocument } from '../../policies/load';
import { synthesizeStacks } from '../../stacks/build-app';
import { EVASIONS } from './evasion';
import { clone, compliantEnvironment, type Json } from './fixtures/environment';
import { nonPassingRules } from './support';

let documents: { name: string; doc: Json }[];
beforeAll(() => {
  documents = [...synthesizeStacks().map((s) => ({ name: s.environment, doc: s.terraform as Json })), { name: 'fixture', doc: compliantEnvironment() }];
});

const nonPassing = (doc: Json, name: string): string[] =>
  nonPassingRules(check([modelFromDocument(doc, `${name}/cdk.tf.json`)], { waivers: [], today: '2026-01-01' }));

const CLASSES = [...new Set(EVASIONS.map((e) => e.class))];

describe.each(CLASSES)('class %s', (cls) => {
  const cases = EVASIONS.filter((e) => e.class === cls);
  it.each(cases.map((e) => [e.name, e] as const))('%s', (_name, evasion) => {
    for (const { name, doc } of documents) {
      const mutated = clone(doc);
      evasion.apply(mutated);
      const failing = nonPassing(mutated, name);
      if (evasion.weakens.length === 0) expect({ environment: name, failing }).toEqual({ environment: name, failing: [] });
      else expect({ environment: name, missed: evasion.weakens.filter((r) => !failing.includes(r)) }).toEqual({ environment: name, missed: [] });
    }
  });
});
