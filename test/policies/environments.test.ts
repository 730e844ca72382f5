/**
 * The example environments against the standard: every environment synthesized by the same buildApp passes,
 * and the mutation suite breaks, for each rule, exactly the property it guards in each environment's
 * synthesized JSON and asserts that this rule (and only the expected rules) now fail.
 */
import { check } from '../../policies/engine';
import { modelFromDocument } from '../../policies/load';
import { RULES } from '../../policies/registry';
import { STANDARD } from '../../policies/standard';
import { type SynthesizedStack, synthesizeStacks } from '../../stacks/build-app';
import { clone, type Json } from './fixtures/environment';
import { MUTATIONS } from './mutations';
import { nonPassingRules } from './support';

let stacks: SynthesizedStack[];
beforeAll(() => {
  stacks = synthesizeStacks();
});

const checkStack = (terraform: Json, environment: string) =>
  check([modelFromDocument(terraform, `cdktf.out/stacks/${environment}/cdk.tf.json`)], { waivers: [], today: '2026-01-01' });

describe('every example environment', () => {
  it('synthesizes at least dev, staging and prod', () => {
    expect(stacks.map((s) => s.tier).sort()).toEqual(expect.arrayContaining(['dev', 'prod', 'staging']));
  });

  it('passes the standard with no failure, unknown, warning or waiver, and names resources by address and construct path', () => {
    for (const s of stacks) {
      const report = checkStack(s.terraform, s.environment);
      expect({ environment: s.environment, failing: report.results.filter((r) => r.status !== 'pass' && r.status !== 'not_applicable') }).toEqual({
        environment: s.environment,
        failing: [],
      });
      expect(report.summary.ok).toBe(true);
      expect(new Set(report.results.map((r) => r.rule)).size).toBe(RULES.length);
      const trail = report.results.find((r) => r.rule === 'trail-multi-region');
      expect(trail?.resource).toMatch(/^aws_cloudtrail\./);
      expect(trail?.constructPath).toMatch(new RegExp(`^${s.environment}/`));
      expect(trail?.environment).toBe(s.environment);
      expect(trail?.tier).toBe(s.tier);
    }
  });
});

describe('mutation suite', () => {
  const cases = Object.keys(MUTATIONS).sort();

  it('has one mutation per rule (plan-only rules are exercised on plans, in plan.test.ts; organization rules on organizations, in organization-rules.test.ts)', () => {
    expect(cases).toEqual(
      RULES.filter((r) => !r.requires?.includes('plan') && r.scope === undefined)
        .map((r) => r.id)
        .sort(),
    );
  });

  it.each(cases)('%s: breaking what it guards fails exactly this rule in every environment', (rule) => {
    const mutation = MUTATIONS[rule] as (typeof MUTATIONS)[string];
    for (const s of stacks) {
      const doc = clone(s.terraform) as Json;
      mutation.apply(doc);
      const report = checkStack(doc, s.environment);
      const expected = [rule, ...(mutation.alsoFails ?? [])].filter((id) => STANDARD[id]?.[s.tier] !== 'off').sort();
      expect({ environment: s.environment, nonPassing: nonPassingRules(report) }).toEqual({ environment: s.environment, nonPassing: expected });
      const level = STANDARD[rule]?.[s.tier];
      const statuses = new Set(report.results.filter((r) => r.rule === rule && r.outcome !== 'pass' && r.outcome !== 'not_applicable').map((r) => r.status));
      expect([...statuses]).toEqual([level === 'warn' ? 'warn' : 'fail']);
    }
  });
});
