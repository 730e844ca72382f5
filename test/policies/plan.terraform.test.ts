/**
 * Plan JSON from real terraform: each example environment's plan is checked and passes, and the rules give
 * the same verdicts on a stack's synthesized JSON and on its plan JSON (also for a weakened stack).
 * Plan JSON does not record `lifecycle` blocks: rules that need them are not applicable there, and say so.
 */
import { check, type Report } from '../../policies/engine';
import { modelFromDocument } from '../../policies/load';
import { RULES } from '../../policies/registry';
import { synthesizeStacks } from '../../stacks/build-app';
import { planJsonFor, validateAndPlan } from '../harness/terraform';
import { clone, type Json } from './fixtures/environment';
import { MUTATIONS } from './mutations';

interface Planned {
  readonly environment: string;
  readonly synthesized: Json;
  readonly plan: Json;
}

const LIFECYCLE_RULES = new Set(RULES.filter((r) => r.requires?.includes('lifecycle')).map((r) => r.id));
const WEAKENED = ['trail-multi-region', 'bucket-sse-kms', 'bucket-tls-only', 'cis-5-04-iam-policy-changes', 'iam-human-mfa'];

let planned: Planned[];
let weakened: Planned;

beforeAll(async () => {
  const stacks = synthesizeStacks();
  const broken = clone(stacks.find((s) => s.tier === 'dev')?.terraform ?? stacks[0]!.terraform) as Json;
  for (const rule of WEAKENED) MUTATIONS[rule]!.apply(broken);
  // The terraform harness reuses the plans test/terraform saved (same inputs), else plans and saves them.
  const [weak, ...plans] = await Promise.all([validateAndPlan(broken), ...stacks.map((s) => planJsonFor(s.environment))]);
  planned = stacks.map((s, i) => ({ environment: s.environment, synthesized: s.terraform as Json, plan: plans[i] as unknown as Json }));
  weakened = { environment: 'weakened', synthesized: broken, plan: weak!.planJson as unknown as Json };
}, 300_000);

const run = (doc: Json, source: string): Report => check([modelFromDocument(doc, source)], { waivers: [], today: '2026-01-01' });

/** rule|resource -> status, leaving out the rules plan JSON cannot evaluate. */
function verdicts(report: Report): Record<string, string> {
  return Object.fromEntries(report.results.filter((r) => !LIFECYCLE_RULES.has(r.rule)).map((r) => [`${r.rule}|${r.resource ?? ''}`, r.status]));
}

describe('plan JSON from terraform', () => {
  it('is read as a plan and passes for every example environment', () => {
    for (const p of planned) {
      const model = modelFromDocument(p.plan, `${p.environment}.plan.json`);
      expect(model.kind).toBe('plan');
      expect(model.declaredEnvironment).toBe(p.environment);
      const report = run(p.plan, `${p.environment}.plan.json`);
      expect({ environment: p.environment, problems: report.results.filter((r) => r.status !== 'pass' && r.status !== 'not_applicable') }).toEqual({
        environment: p.environment,
        problems: [],
      });
      expect(report.summary.ok).toBe(true);
    }
  });

  it('gives the same verdict per rule and resource as the synthesized JSON', () => {
    for (const p of planned) {
      const fromPlan = verdicts(run(p.plan, 'plan.json'));
      expect(Object.keys(fromPlan).length).toBeGreaterThan(RULES.length);
      expect(fromPlan).toEqual(verdicts(run(p.synthesized, 'cdk.tf.json')));
    }
  });

  it('gives the same failures for a weakened stack', () => {
    const fromPlan = run(weakened.plan, 'plan.json');
    const fromConfig = run(weakened.synthesized, 'cdk.tf.json');
    expect(verdicts(fromPlan)).toEqual(verdicts(fromConfig));
    expect([...new Set(fromPlan.results.filter((r) => r.status === 'fail').map((r) => r.rule))].sort()).toEqual([...WEAKENED].sort());
  });

  it('reports rules that need lifecycle blocks as not applicable on plans, naming why', () => {
    const report = run(planned[0]!.plan, 'plan.json');
    const lifecycle = report.results.filter((r) => LIFECYCLE_RULES.has(r.rule));
    expect(lifecycle.length).toBeGreaterThan(0);
    for (const r of lifecycle) {
      expect(r.status).toBe('not_applicable');
      expect(r.message).toBe('plan JSON does not record lifecycle.prevent_destroy; check the configuration');
    }
  });
});
