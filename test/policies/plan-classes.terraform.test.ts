/**
 * Issue 8, class 9, with plans from real terraform (the harness: terraform and the aws provider offline):
 * the planned state is judged (what the plan deletes is gone) and deleting or replacing a baseline resource
 * fails on its own; HCL expressions are read as a whole (only their references are recorded); a stack
 * inside a module checks like the same stack at the root.
 */
import { check, type Report } from '../../policies/engine';
import { modelFromDocument } from '../../policies/load';
import { synthesizeStacks } from '../../stacks/build-app';
import { offlineProviderHcl, planDirectory, planJsonFor, prepareOfflineCopy } from '../harness/terraform';
import { clone, type Json } from './fixtures/environment';
import { refName } from './locate';

const run = (plan: unknown, source = 'plan.json'): Report => check([modelFromDocument(plan, source)], { waivers: [], today: '2026-01-01' });
const statusOf = (report: Report, rule: string): string[] => [...new Set(report.results.filter((r) => r.rule === rule).map((r) => r.status))];
const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';

let dev: Json;
beforeAll(() => {
  dev = synthesizeStacks().find((s) => s.tier === 'dev')?.terraform as Json;
});

describe('plan JSON of an existing stack', () => {
  it('judges the planned state, and fails a plan that deletes or replaces a baseline resource', async () => {
    const config = clone(dev);
    const [trailName, trail] = Object.entries(config.resource.aws_cloudtrail)[0] as [string, Json];
    const bucketName = refName(trail.s3_bucket_name);
    const bucket = config.resource.aws_s3_bucket[bucketName] as Json;
    // The state: the trail and its bucket as deployed, and a public bucket policy the configuration no longer has.
    const state = {
      version: 4,
      terraform_version: '1.11.4',
      serial: 1,
      lineage: '3f0c3b6e-0000-4000-8000-000000000000',
      outputs: {},
      resources: [
        {
          mode: 'managed',
          type: 'aws_s3_bucket',
          name: bucketName,
          provider: AWS,
          instances: [{ schema_version: 0, attributes: { id: bucket.bucket, bucket: bucket.bucket, object_lock_enabled: true } }],
        },
        {
          mode: 'managed',
          type: 'aws_cloudtrail',
          name: trailName,
          provider: AWS,
          instances: [{ schema_version: 0, attributes: { id: trail.name, name: trail.name, s3_bucket_name: bucket.bucket } }],
        },
        {
          mode: 'managed',
          type: 'aws_s3_bucket_policy',
          name: 'leftover',
          provider: AWS,
          instances: [
            {
              schema_version: 0,
              attributes: {
                id: bucket.bucket,
                bucket: bucket.bucket,
                policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] }),
              },
            },
          ],
        },
      ],
    };
    // The change under review renames the trail's logical id (a delete and a create) and the bucket (a
    // replacement), and drops prevent_destroy, without which terraform would refuse to plan the replacement.
    config.resource.aws_cloudtrail = { [`${trailName}-renamed`]: trail };
    bucket.bucket = `${bucket.bucket}-renamed`;
    delete bucket.lifecycle;
    const { planJson: plan } = await planDirectory({ 'cdk.tf.json': JSON.stringify(prepareOfflineCopy(config)) }, state);
    const model = modelFromDocument(plan, 'dev.plan.json');
    expect(model.before?.get('aws_s3_bucket_policy.leftover')).toBeDefined();
    expect(model.get('aws_s3_bucket_policy.leftover')).toBeUndefined();
    const report = run(plan);
    // The deleted public policy is gone from the planned state: one bucket policy (no duplicate), nothing public.
    expect(statusOf(report, 'bucket-no-public-principal')).toEqual(['pass']);
    expect(report.results.filter((r) => r.rule === 'plan-no-baseline-destroy').map((r) => [r.status, r.message])).toEqual([
      ['fail', `the plan deletes aws_cloudtrail.${trailName} (actions delete): the logging baseline loses it`],
      ['fail', `the plan replaces aws_s3_bucket.${bucketName} (actions delete, create): the logging baseline loses it`],
    ]);
  }, 300_000);
});

describe('plan JSON of HCL', () => {
  const hcl = (trailExtra: string): Record<string, string> => ({
    'main.tf': `${offlineProviderHcl('eu-west-1', { 'auditready:environment': 'hcl', 'auditready:tier': 'prod' })}
resource "aws_s3_bucket" "audit" {
  bucket = "hcl-audit-logs"
}
resource "aws_cloudwatch_log_group" "trail" {
  name = "/hcl/cloudtrail"
}
resource "aws_iam_role" "delivery" {
  name               = "hcl-delivery"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_cloudtrail" "trail" {
  name                      = "hcl-trail"
  s3_bucket_name            = aws_s3_bucket.audit.id
  cloud_watch_logs_role_arn = aws_iam_role.delivery.arn
  ${trailExtra}
}
`,
  });

  it('reads "${arn}:*" as the log group, and text around a bucket ARN as unknown rather than the bucket', async () => {
    const { planJson: plan } = await planDirectory(
      hcl(`cloud_watch_logs_group_arn = "\${aws_cloudwatch_log_group.trail.arn}:*"
  event_selector {
    read_write_type = "All"
    data_resource {
      type   = "AWS::S3::Object"
      values = ["\${aws_s3_bucket.audit.arn}/nothing-here/"]
    }
  }`),
    );
    // Terraform records only the references of these expressions, not their text.
    const expressions = (plan.configuration as Json).root_module.resources.find((r: Json) => r.type === 'aws_cloudtrail').expressions;
    expect(expressions.cloud_watch_logs_group_arn).toEqual({ references: ['aws_cloudwatch_log_group.trail.arn', 'aws_cloudwatch_log_group.trail'] });
    const report = run(plan);
    expect(report.results.filter((r) => r.rule === 'trail-cloudwatch-logs').map((r) => [r.status, r.message])).toEqual([
      ['pass', 'events are delivered to aws_cloudwatch_log_group.trail'],
    ]);
    expect(statusOf(report, 'trail-s3-data-events')).toEqual(['unknown']);
  }, 300_000);
});

describe('a stack inside a module', () => {
  it('checks like the same stack at the root', async () => {
    const stack = clone(dev);
    const offline = prepareOfflineCopy(stack) as Json;
    const root = { terraform: offline.terraform, provider: offline.provider, module: { stack: { source: './stack' } } };
    const inner = { terraform: { required_providers: offline.terraform.required_providers }, resource: offline.resource, data: offline.data };
    const [{ planJson: modular }, flat] = await Promise.all([
      planDirectory({ 'main.tf.json': JSON.stringify(root), 'stack/main.tf.json': JSON.stringify(inner) }),
      planJsonFor('dev'),
    ]);
    const verdicts = (report: Report): Record<string, string> =>
      Object.fromEntries(report.results.map((r) => [`${r.rule}|${(r.resource ?? '').replace(/^module\.stack\./, '')}`, r.status]));
    const inModule = run(modular, 'modular.plan.json');
    expect(inModule.results.some((r) => r.resource?.startsWith('module.stack.aws_cloudtrail.'))).toBe(true);
    expect(inModule.summary.ok).toBe(true);
    expect(verdicts(inModule)).toEqual(verdicts(run(flat as unknown as Json)));
  }, 300_000);
});
