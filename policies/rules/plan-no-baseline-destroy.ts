import { fail, notApplicable, pass } from '../rule-helpers';
import { buildTopology } from '../topology';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'plan-no-baseline-destroy',
  title: 'The plan deletes or replaces no resource of the logging baseline',
  severity: 'critical',
  rationale:
    'Deleting or replacing the trail, a log bucket, the trail key or the trail log group destroys evidence or the means to read it, even when the planned state would pass the standard again.',
  remediation: {
    text: 'Change the baseline in place; if a replacement is unavoidable, keep the old resource (terraform state rm, or a moved block) until its retention has passed, and record the exception as a waiver.',
    cdktf: `new S3Bucket(this, 'bucket', { ..., lifecycle: { preventDestroy: true } });`,
  },
  absentMeans: 'Only plan JSON records what an apply deletes: for configuration files the rule is not applicable.',
  requires: ['plan'],
  evaluate: ({ model, topology }) => {
    if (model.kind !== 'plan' || !model.before || !model.changes) return [notApplicable('only plan JSON records deletions; configuration files have none')];
    const before = buildTopology(model.before, topology.resolver.externals);
    const baseline = new Map([...before.trails, ...before.logBuckets, ...before.trailKeys, ...before.trailLogGroups].map((r) => [r.address, r] as const));
    const destroyed = model.changes.filter((c) => baseline.has(c.address) && c.actions.includes('delete'));
    if (baseline.size === 0) return [notApplicable('the state before the plan holds no logging baseline')];
    if (destroyed.length === 0) return [pass(undefined, `the plan keeps the ${baseline.size} baseline resources it finds in the prior state`)];
    return destroyed.map((c) =>
      fail(
        baseline.get(c.address),
        `the plan ${c.actions.includes('create') ? 'replaces' : 'deletes'} ${c.address} (actions ${c.actions.join(', ')}): the logging baseline loses it`,
      ),
    );
  },
};
