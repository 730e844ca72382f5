import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { ENVIRONMENTS } from '../../config/environments';
import { loadEnvironments } from '../../config/load-environments';
import { AuditLoggingStack } from '../../stacks/audit-logging-stack';
import { synthesizeStacks, synthesizeToDirectory } from '../../stacks/build-app';
import { PARTITION_ENVIRONMENTS } from '../support/partition-environments';
import { exampleEnvironment, synthEnvironment } from '../support/terraform-json';

describe('provider and state', () => {
  const prod = synthEnvironment('prod');

  test('GIVEN prod THEN the provider is pinned to its account and region and tags state the environment and tier', () => {
    expect(prod.provider.aws).toEqual([
      {
        region: 'eu-central-1',
        allowed_account_ids: ['333333333333'],
        default_tags: [
          {
            tags: {
              'cost-center': 'security',
              'data-classification': 'confidential',
              'auditready:environment': 'prod',
              'auditready:tier': 'prod',
              'auditready:managed-by': 'auditready',
            },
          },
        ],
      },
    ]);
  });

  test('GIVEN a backend THEN state is encrypted in S3 with S3-native locking', () => {
    expect(prod.terraform.backend).toEqual({
      s3: { bucket: 'example-terraform-state-333333333333', key: 'auditready/prod.tfstate', region: 'eu-central-1', encrypt: true, use_lockfile: true },
    });
  });

  test('GIVEN no backend THEN state stays local, in the project root outside cdktf.out', () => {
    expect(synthEnvironment('dev').terraform.backend).toEqual({ local: { path: '../../../terraform.dev.tfstate' } });
  });

  test('GIVEN locking turned off THEN the backend says so explicitly', () => {
    const tf = synthEnvironment('prod', { backend: { ...exampleEnvironment('prod').backend!, useLockfile: false } });
    expect(tf.terraform.backend.s3.use_lockfile).toBe(false);
  });

  test('addresses are readable paths, without hashes or the stack name', () => {
    expect(Object.keys(prod.resource.aws_s3_bucket)).toEqual(['access-log-bucket_bucket', 'audit-bucket_bucket']);
    expect(Object.keys(prod.resource.aws_cloudtrail)).toEqual(['trail_trail']);
    const all = Object.values(prod.resource).flatMap((byId) => Object.keys(byId));
    for (const id of all) expect(id).toMatch(/^[a-z][a-z0-9-]*(_[a-z0-9-]+)+$/);
  });

  test('every resource records its construct path', () => {
    expect(prod.resource.aws_s3_bucket['audit-bucket_bucket']['//'].metadata.path).toBe('prod/audit-bucket/bucket');
  });
});

describe('all-or-nothing synthesis', () => {
  const environments = loadEnvironments(ENVIRONMENTS);

  test('GIVEN the last stack fails WHEN synthesized to a directory THEN nothing is written and the old output stays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'auditready-synth-'));
    const outdir = join(dir, 'cdktf.out');
    mkdirSync(outdir);
    writeFileSync(join(outdir, 'previous.txt'), 'from an earlier synth');
    const original = AuditLoggingStack.prototype.toTerraform;
    const spy = jest.spyOn(AuditLoggingStack.prototype, 'toTerraform').mockImplementation(function (this: AuditLoggingStack) {
      if (this.environment.name === 'prod') throw new Error('prod failed after dev and staging were synthesized');
      return original.call(this);
    });
    try {
      expect(() => synthesizeToDirectory(outdir, environments)).toThrow(/prod failed/);
    } finally {
      spy.mockRestore();
    }
    expect(readdirSync(outdir)).toEqual(['previous.txt']);
    expect(readdirSync(dir)).toEqual(['cdktf.out']);
  });

  test('GIVEN every stack succeeds THEN the output is replaced as a whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'auditready-synth-'));
    const outdir = join(dir, 'cdktf.out');
    synthesizeToDirectory(outdir, environments);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['dev', 'prod', 'staging']);
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['cdktf.out']);
  });

  test('GIVEN an output directory whose parent does not exist yet THEN it is created', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'auditready-synth-')), 'a', 'b', 'cdktf.out');
    synthesizeToDirectory(outdir, environments.slice(0, 1));
    expect(readdirSync(join(outdir, 'stacks'))).toEqual(['dev']);
  });

  test('the in-memory synthesis is exactly what is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'auditready-synth-'));
    synthesizeToDirectory(join(dir, 'out'), environments);
    for (const s of synthesizeStacks(environments)) {
      const written = JSON.parse(require('node:fs').readFileSync(join(dir, 'out', 'stacks', s.environment, 'cdk.tf.json'), 'utf8'));
      expect(s.terraform).toEqual(written);
    }
  });
});

describe('cross-construct validation', () => {
  test('GIVEN a trail whose name differs from the one the bucket policy allows THEN synthesis fails naming both', () => {
    const [env] = loadEnvironments([exampleEnvironment('dev')]);
    const app = new App({ outdir: tmpdir() });
    const stack = new AuditLoggingStack(app, env);
    stack.auditBucket.addDeliveringTrail('arn:aws:cloudtrail:us-east-1:111111111111:trail/other');
    expect(() => stack.runAllValidations()).toThrow(
      /AuditLogBucket audit-bucket: trail arn:aws:cloudtrail:us-east-1:111111111111:trail\/other delivers here, but the bucket policy lets only arn:aws:cloudtrail:us-east-1:111111111111:trail\/dev-audit-trail write/,
    );
  });
});

describe('GovCloud and China', () => {
  test.each(PARTITION_ENVIRONMENTS.map((e) => [e.name, e] as const))('%s: every ARN is in the partition of its region', (_name, env) => {
    const partition = env.region.startsWith('cn-') ? 'aws-cn' : 'aws-us-gov';
    const text = JSON.stringify(synthEnvironment('dev', env));
    const arns = text.match(/arn:[a-z-]+:/g) ?? [];
    expect(arns.length).toBeGreaterThan(50);
    expect([...new Set(arns)]).toEqual([`arn:${partition}:`]);
  });

  test('China: service principals are <service>.amazonaws.com, CloudWatch Logs regional with the .com.cn suffix', () => {
    const tf = synthEnvironment(
      'dev',
      PARTITION_ENVIRONMENTS.find((e) => e.region === 'cn-north-1'),
    );
    const principals = new Set(
      Object.values(tf.data?.aws_iam_policy_document ?? {})
        .flatMap((d) => d.statement as { principals?: { type: string; identifiers: string[] }[] }[])
        .flatMap((s) => s.principals ?? [])
        .filter((p) => p.type === 'Service')
        .flatMap((p) => p.identifiers),
    );
    expect([...principals].sort()).toEqual([
      'cloudtrail.amazonaws.com',
      'cloudwatch.amazonaws.com',
      'logging.s3.amazonaws.com',
      'logs.cn-north-1.amazonaws.com.cn',
    ]);
  });
});
