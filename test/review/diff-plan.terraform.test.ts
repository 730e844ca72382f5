/**
 * `auditready diff` on plan JSON from real terraform (the harness: terraform and the aws provider offline),
 * against a state where the trail, the audit bucket and an alarm subscription exist: the head renames the
 * trail's logical id (a destroy and a create), renames the bucket (a replacement) and drops the
 * subscription (a destroy); the base plans the unchanged stack against the same state.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeStacks } from '../../stacks/build-app';
import { runCli } from '../cli/run-cli';
import { planDirectory, prepareOfflineCopy } from '../harness/terraform';
import { clone, type Json } from '../policies/fixtures/environment';
import { refName } from '../policies/locate';

const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';
let dir: string;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the head plan replaces the audit bucket and destroys the trail and a subscription: each is named, the baseline ones weaken', async () => {
  const dev = clone(synthesizeStacks().find((s) => s.tier === 'dev')?.terraform as Json);
  const [trailName, trail] = Object.entries(dev.resource.aws_cloudtrail)[0] as [string, Json];
  const bucketName = refName(trail.s3_bucket_name);
  const bucket = dev.resource.aws_s3_bucket[bucketName] as Json;
  const [subscriptionName, subscription] = Object.entries(dev.resource.aws_sns_topic_subscription)[0] as [string, Json];
  const instance = (type: string, name: string, attributes: Json) => ({
    mode: 'managed',
    type,
    name,
    provider: AWS,
    instances: [{ schema_version: 0, attributes }],
  });
  const state = {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: '3f0c3b6e-0000-4000-8000-000000000001',
    outputs: {},
    resources: [
      instance('aws_s3_bucket', bucketName, { id: bucket.bucket, bucket: bucket.bucket, object_lock_enabled: true }),
      instance('aws_cloudtrail', trailName, { id: trail.name, name: trail.name, s3_bucket_name: bucket.bucket }),
      instance('aws_sns_topic_subscription', subscriptionName, {
        id: 'sub-1',
        protocol: subscription.protocol,
        endpoint: subscription.endpoint,
        topic_arn: 'x',
      }),
    ],
  };
  const head = clone(dev);
  head.resource.aws_cloudtrail = { [`${trailName}-renamed`]: trail };
  (head.resource.aws_s3_bucket[bucketName] as Json).bucket = `${bucket.bucket}-renamed`;
  delete (head.resource.aws_s3_bucket[bucketName] as Json).lifecycle;
  delete head.resource.aws_sns_topic_subscription[subscriptionName];
  if (Object.keys(head.resource.aws_sns_topic_subscription).length === 0) delete head.resource.aws_sns_topic_subscription;
  const plan = async (config: Json) => (await planDirectory({ 'cdk.tf.json': JSON.stringify(prepareOfflineCopy(config)) }, state)).planJson;
  dir = mkdtempSync(join(tmpdir(), 'auditready-diff-plan-'));
  for (const [name, config] of [
    ['base', dev],
    ['head', head],
  ] as const) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'dev.plan.json'), JSON.stringify(await plan(config)));
  }
  writeFileSync(join(dir, 'waivers.json'), '[]');

  const r = await runCli(['diff', '--base', join(dir, 'base'), '--head', join(dir, 'head'), '--format', 'json', '--waivers', join(dir, 'waivers.json')]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const changes = JSON.parse(r.stdout).environments[0].changes as Json[];
  const planned = changes.filter((c) => c.kind === 'plan').map((c) => [c.direction, c.text]);
  expect(planned).toEqual([
    ['weakening', `the plan destroys aws_cloudtrail.${trailName} (a resource of the logging baseline)`],
    ['weakening', `the plan replaces aws_s3_bucket.${bucketName} (a resource of the logging baseline)`],
    ['neutral', `the plan destroys aws_sns_topic_subscription.${subscriptionName}`],
  ]);
  // The base plan replaces the trail too (the state lacks attributes terraform would need to keep it): only the
  // bucket's replacement is newly failing. The plan changes above are what the head plan does, whatever the base did.
  expect(changes.filter((c) => c.kind === 'rule' && c.rules[0] === 'plan-no-baseline-destroy').map((c) => [c.direction, c.resource])).toEqual([
    ['weakening', `aws_s3_bucket.${bucketName}`],
  ]);
  // Losing the subscription is a weakening of its own: the alarms no longer reach that endpoint.
  expect(changes.filter((c) => c.kind === 'setting' && c.text.startsWith('alarm notifications no longer go to'))).toHaveLength(1);
}, 600_000);
