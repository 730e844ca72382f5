/**
 * Issue 7 item 10, checker side: the example environments moved to AWS GovCloud (aws-us-gov) and China
 * (aws-cn) synthesize, pass the standard, and every mutation still fails its rule there. ARNs carry the
 * partition of the region; nothing in the checker may assume `arn:aws:` or `amazonaws.com`.
 */

import { defaultEnvironments } from '../../config/configured-environments';
import { loadEnvironments } from '../../config/load-environments';
import { check } from '../../policies/engine';
import { modelFromDocument } from '../../policies/load';
import { RULES } from '../../policies/registry';
import { STANDARD } from '../../policies/standard';
import { type SynthesizedStack, synthesizeStacks } from '../../stacks/build-app';
import { clone, type Json } from './fixtures/environment';
import { MUTATIONS } from './mutations';
import { nonPassingRules } from './support';

const PARTITIONS = [
  { partition: 'aws-us-gov', region: 'us-gov-west-1', suffix: 'gov' },
  { partition: 'aws-cn', region: 'cn-north-1', suffix: 'cn' },
] as const;

let stacks: SynthesizedStack[];
beforeAll(() => {
  const inputs = PARTITIONS.flatMap(({ partition, region, suffix }) =>
    defaultEnvironments().map((e) => {
      const moved = JSON.parse(JSON.stringify(e).replaceAll('arn:aws:', `arn:${partition}:`)) as Json;
      delete moved.backend;
      return { ...moved, name: `${e.name}-${suffix}`, region };
    }),
  );
  stacks = synthesizeStacks(loadEnvironments(inputs, 'partitions.test.ts'));
});

const run = (doc: Json, environment: string) =>
  check([modelFromDocument(doc, `cdktf.out/stacks/${environment}/cdk.tf.json`)], { waivers: [], today: '2026-01-01' });

describe('GovCloud and China environments', () => {
  it('write ARNs in their own partition', () => {
    for (const s of stacks) {
      const text = JSON.stringify(s.terraform);
      const partition = s.environment.endsWith('-gov') ? 'aws-us-gov' : 'aws-cn';
      expect({ environment: s.environment, commercial: text.includes('arn:aws:') }).toEqual({ environment: s.environment, commercial: false });
      expect(text).toContain(`arn:${partition}:s3:::`);
    }
  });

  it('pass the standard', () => {
    for (const s of stacks) {
      const report = run(s.terraform as Json, s.environment);
      expect({ environment: s.environment, failing: report.results.filter((r) => r.status !== 'pass' && r.status !== 'not_applicable') }).toEqual({
        environment: s.environment,
        failing: [],
      });
    }
  });

  it.each(Object.keys(MUTATIONS).sort())('%s: the mutation fails its rule there too', (rule) => {
    for (const s of stacks) {
      const doc = clone(s.terraform) as Json;
      MUTATIONS[rule]!.apply(doc);
      const failing = nonPassingRules(run(doc, s.environment));
      const expected = STANDARD[rule]?.[s.tier] === 'off' ? [] : [rule];
      expect({ environment: s.environment, failing: failing.filter((r) => expected.includes(r)) }).toEqual({ environment: s.environment, failing: expected });
    }
  });

  it('cover every rule the mutation suite covers', () => {
    expect(Object.keys(MUTATIONS).length).toBe(RULES.filter((r) => !r.requires?.includes('plan') && r.scope === undefined).length);
  });
});
