/**
 * `auditready verify` end to end: the S3 part of a synthesized environment applied with real terraform and
 * the real AWS provider to the Ceph S3 server, and the trail to a CloudTrail stand-in on loopback; then
 * verify, run as users run it (`run(argv)`), with terraform's refresh in the stack directory, S3 read and
 * written for real, and CloudWatch, SNS and KMS (which the server lacks) answered by aws-sdk-client-mock.
 * One apply is shared by every case (about a minute).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  GetBucketPolicyCommand,
  GetObjectRetentionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { EnvironmentInput } from '../../config/environment-schema';
import { loadEnvironments } from '../../config/load-environments';
import { synthesizeStacks } from '../../stacks/build-app';
import { type S3ServerConnection, s3Connection, testS3Client } from '../../testkit/s3-server';
import { BUCKET_READS, verifyIamPolicy } from '../../verify/iam-policy';
import { runCli } from '../cli/run-cli';
import { runTerraform, terraformEnv, writeCliConfig } from '../harness/terraform';
import { type Caller, decide, type PolicyJson } from '../support/iam-evaluator';
import { exampleEnvironment } from '../support/terraform-json';
import { type FakeCloudTrail, startFakeCloudTrail } from './fake-cloudtrail';
import { LEFT_OUT, LEFT_OUT_ADDRESSES, LEFT_OUT_SETTING, LEFT_OUT_STATEMENTS, s3PartStack } from './s3-part-stack';

const ACCOUNT = '111111111111';
const NAME = `v${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const environment: EnvironmentInput = {
  ...exampleEnvironment('dev'),
  name: NAME,
  region: 'us-east-1',
  principals: { ...exampleEnvironment('dev').principals, verifiers: [`arn:aws:iam::${ACCOUNT}:role/auditready-verifier`] },
};
const [env] = loadEnvironments([environment]);
const [stack] = synthesizeStacks([env]);
const names = stack!.names!;

let connection: S3ServerConnection;
let s3: S3Client;
let cloudTrail: FakeCloudTrail;
let stacksDir: string;
let stackDir: string;
/** terraform's debug log of the first verify: every AWS request the refresh made. */
let refreshLog: string;
const savedEnv = { ...process.env };

interface JsonReport {
  results: { rule: string; status: string; resource: string | null; message: string }[];
  summary: { ok: boolean };
}

async function verify(...extra: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const r = await runCli(['verify', '--env', NAME, '--stacks-dir', stacksDir, '--endpoint-url', connection.endpoint, '--format', 'json', ...extra]);
  return { code: r.code, report: r.stdout ? (JSON.parse(r.stdout) as JsonReport) : { results: [], summary: { ok: false } }, stderr: r.stderr };
}

const byRule = (report: JsonReport, rule: string) => report.results.filter((r) => r.rule === rule);

beforeAll(async () => {
  connection = s3Connection();
  s3 = testS3Client(connection);
  cloudTrail = await startFakeCloudTrail(ACCOUNT, 'us-east-1');
  const root = mkdtempSync(join(tmpdir(), 'auditready-verify-e2e-'));
  refreshLog = join(root, 'refresh.log');
  stacksDir = join(root, 'stacks');
  stackDir = join(stacksDir, NAME);
  mkdirSync(stackDir, { recursive: true });
  writeFileSync(join(stackDir, 'cdk.tf.json'), JSON.stringify(s3PartStack(stack.terraform, connection, cloudTrail.endpoint), null, 2));
  const tfEnv = terraformEnv(writeCliConfig(root));
  await runTerraform(['init', '-input=false', '-no-color'], stackDir, tfEnv);
  await runTerraform(['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=1'], stackDir, tfEnv);

  // What verify sees: the environment config, terraform's CLI config (the provider mirror), S3 credentials,
  // and CloudTrail at the stand-in through the SDK's standard endpoint variable.
  const envFile = join(root, 'environments.json');
  writeFileSync(envFile, JSON.stringify([environment]));
  Object.assign(process.env, {
    AUDITREADY_ENVIRONMENTS_FILE: envFile,
    TF_CLI_CONFIG_FILE: tfEnv.TF_CLI_CONFIG_FILE,
    AWS_ACCESS_KEY_ID: connection.accessKeyId,
    AWS_SECRET_ACCESS_KEY: connection.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_CLOUDTRAIL: cloudTrail.endpoint,
  });
  mockClient(CloudWatchClient)
    .on(DescribeAlarmsCommand)
    .resolves({ MetricAlarms: [{ AlarmName: names.heartbeatAlarm, StateValue: 'OK', ActionsEnabled: true, StateUpdatedTimestamp: new Date() }] });
  mockClient(SNSClient)
    .on(ListSubscriptionsByTopicCommand)
    .resolves({
      Subscriptions: env.alerts.map((a, i) => ({
        SubscriptionArn: `${names.topicArn}:0000000${i}-aaaa-bbbb-cccc-000000000000`,
        Protocol: a.protocol,
        Endpoint: a.endpoint,
        TopicArn: names.topicArn,
        Owner: ACCOUNT,
      })),
    });
  mockClient(KMSClient)
    .on(DescribeKeyCommand)
    .resolves({ KeyMetadata: { KeyId: 'testkey-1', KeyState: 'Enabled', Enabled: true } });
}, 600_000);

afterAll(async () => {
  process.env = savedEnv;
  s3?.destroy();
  await cloudTrail?.close();
});

const problems = (report: JsonReport) => report.results.filter((r) => r.status === 'fail' || r.status === 'unknown');
const failing = (report: JsonReport, rule: string) => problems(report).filter((r) => r.rule === rule);

/**
 * Fail (or are unknown) because of what the server cannot hold, not because of verify: each names what was
 * left out. Every problem of the clean run must be one of these, and each of these must occur.
 */
const LEFT_OUT_FAILURES: readonly (readonly [RegExp, RegExp])[] = [
  [/^bucket-access-logging$/, /server access logging is not configured/],
  [/^bucket-acls-disabled$/, /no aws_s3_bucket_ownership_controls/],
  // The statements for AWS service principals are left out: CloudTrail's requests are refused.
  [/^bucket-cloudtrail-source-arn$/, /the bucket policy refuses aws_cloudtrail\.trail_trail's s3:GetBucketAcl .*CloudTrail cannot deliver/],
  [/^bucket-public-access-block$/, /block_public_acls/],
  // No KMS on the server: the key the bucket and trail name is not in the state, and fails closed.
  [
    /^(bucket-sse-kms|trail-kms-cmk|kms-key-cloudtrail-bucket-key-decrypt|kms-key-grants-for-aws-resources|kms-key-no-iam-delegation|iam-deployers-configure-only)$/,
    /testkey-1 is not defined in this file/,
  ],
  // No CloudWatch Logs: the trail's log group is not in the state.
  [
    /^(cis-5-\d\d-.+|log-group-kms|log-group-retention|trail-cloudwatch-logs|alarm-.+|log-group-read-auditors-only)$/,
    /cloud_watch_logs_group_arn cannot be resolved/,
  ],
  // The settings and write denies without the actions the server refuses in a policy (LEFT_OUT_STATEMENTS).
  [/^bucket-settings-named-roles-only$/, /s3:Put\w+Configuration is not denied to principals the policy does not name/],
  [/^bucket-writes-only-trail$/, /a replication write is not denied/],
  [/^live-key-enabled$/, /the state holds no aws_kms_key/],
];

describe(`verify on the Ceph S3 server (left out: ${[...Object.keys(LEFT_OUT), ...LEFT_OUT_ADDRESSES, LEFT_OUT_SETTING].join(', ')}, ${LEFT_OUT_STATEMENTS}, and every non-S3 resource but the trail; the access-log bucket is found through logging, so its rules are not applicable)`, () => {
  test('a fresh deployment with --prove-worm: no drift, the S3 rules and live checks pass, and deleting the canary, shortening its retention and bypassing governance are each refused, with evidence', async () => {
    Object.assign(process.env, { TF_LOG: 'DEBUG', TF_LOG_PATH: refreshLog });
    const { code, report, stderr } = await verify('--prove-worm').finally(() => {
      delete process.env.TF_LOG;
      delete process.env.TF_LOG_PATH;
    });
    expect(stderr).toBe('');
    expect(byRule(report, 'drift').filter((r) => r.status !== 'not_applicable')).toEqual([expect.objectContaining({ status: 'pass' })]);
    // The standard's bucket rules ran on the refreshed state: they found the audit bucket through the trail.
    expect([...new Set(report.results.filter((r) => r.rule.startsWith('bucket-') && r.status === 'pass').map((r) => r.rule))].sort()).toEqual([
      'bucket-force-destroy',
      'bucket-lifecycle-retention',
      'bucket-no-public-principal',
      'bucket-object-lock',
      'bucket-tls-only',
      'bucket-versioning',
    ]);
    expect(byRule(report, 'live-bucket-settings').map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    expect(byRule(report, 'live-trail-logging')).toEqual([expect.objectContaining({ status: 'pass', resource: names.trailArn })]);
    const explained = (r: { rule: string; message: string }) => LEFT_OUT_FAILURES.some(([rule, why]) => rule.test(r.rule) && why.test(r.message));
    expect(problems(report).filter((r) => !explained(r))).toEqual([]);
    for (const [rule, why] of LEFT_OUT_FAILURES)
      expect({ rule, why, occurs: problems(report).some((r) => rule.test(r.rule) && why.test(r.message)) }).toEqual({ rule, why, occurs: true });
    expect(code).toBe(1);

    for (const rule of ['worm-delete-version', 'worm-shorten-retention', 'worm-bypass-governance']) {
      expect(byRule(report, rule)).toEqual([
        expect.objectContaining({
          status: 'pass',
          message: expect.stringMatching(/refused: AccessDenied \(HTTP 403\), request id \S+.*locked COMPLIANCE until/),
        }),
      ]);
      expect(byRule(report, rule)[0]?.resource).toMatch(new RegExp(`^s3://${names.auditBucket}/auditready-verify-canary/${NAME}/.+\\?versionId=`));
    }
    // The canary is still there, in COMPLIANCE until a day from now.
    const canary = byRule(report, 'worm-delete-version')[0]?.resource as string;
    const [key, versionId] = canary.replace(`s3://${names.auditBucket}/`, '').split('?versionId=') as [string, string];
    const retention = await s3.send(new GetObjectRetentionCommand({ Bucket: names.auditBucket, Key: key, VersionId: versionId }));
    expect(retention.Retention?.Mode).toBe('COMPLIANCE');
    expect(retention.Retention?.RetainUntilDate?.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
  });

  test("the verifier's IAM policy allows every request terraform's refresh made (the provider's debug log), and its bucket reads are exactly those", async () => {
    /** The provider's S3 and CloudTrail operations and the IAM action each is authorized as (Service Authorization Reference). */
    const ACTION: Record<string, string> = {
      'S3 GetBucketAccelerateConfiguration': 's3:GetAccelerateConfiguration',
      'S3 GetBucketAcl': 's3:GetBucketAcl',
      'S3 GetBucketCors': 's3:GetBucketCORS',
      'S3 GetBucketEncryption': 's3:GetEncryptionConfiguration',
      'S3 GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
      'S3 GetBucketLogging': 's3:GetBucketLogging',
      'S3 GetBucketOwnershipControls': 's3:GetBucketOwnershipControls',
      'S3 GetBucketPolicy': 's3:GetBucketPolicy',
      'S3 GetBucketReplication': 's3:GetReplicationConfiguration',
      'S3 GetBucketRequestPayment': 's3:GetBucketRequestPayment',
      'S3 GetBucketTagging': 's3:GetBucketTagging',
      'S3 GetBucketVersioning': 's3:GetBucketVersioning',
      'S3 GetBucketWebsite': 's3:GetBucketWebsite',
      'S3 GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
      'S3 GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
      'S3 HeadBucket': 's3:ListBucket',
      'CloudTrail DescribeTrails': 'cloudtrail:DescribeTrails',
      'CloudTrail GetTrailStatus': 'cloudtrail:GetTrailStatus',
      'CloudTrail GetEventSelectors': 'cloudtrail:GetEventSelectors',
      'CloudTrail GetInsightSelectors': 'cloudtrail:GetInsightSelectors',
      'CloudTrail ListTags': 'cloudtrail:ListTags',
    };
    const requests = new Map<string, { action: string; resource: string }>();
    // One log entry per timestamp; an entry goes on over several lines (the request body).
    for (const line of readFileSync(refreshLog, 'utf8').split(/\n(?=\d{4}-\d\d-\d\dT)/)) {
      if (!line.includes('HTTP Request Sent')) continue;
      const service = /rpc\.service=(\w+)/.exec(line)?.[1];
      const method = /rpc\.method=(\w+)/.exec(line)?.[1];
      const operation = `${service} ${method}`;
      const action = ACTION[operation];
      if (!action) throw new Error(`the refresh made ${operation}: add the IAM action it is authorized as to this table`);
      const bucket = service === 'S3' ? /http\.url=https?:\/\/[^/]+\/([^/?\s]+)/.exec(line)?.[1] : undefined;
      const resource = bucket ? `arn:aws:s3:::${bucket}` : action === 'cloudtrail:DescribeTrails' ? '*' : names.trailArn;
      requests.set(`${action} ${resource}`, { action, resource });
    }
    const policy = verifyIamPolicy({ partition: 'aws', accountId: ACCOUNT, region: 'us-east-1', names }, { proveWorm: false }) as unknown as PolicyJson;
    const caller: Caller = {
      principal: `arn:aws:sts::${ACCOUNT}:assumed-role/auditready-verifier/verify`,
      identityPolicies: [policy],
      context: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/auditready-verifier`, 'aws:PrincipalAccount': ACCOUNT, 'aws:SecureTransport': 'true' },
    };
    expect(requests.size).toBeGreaterThan(20);
    for (const r of requests.values()) {
      expect({ ...r, decision: await decide({ caller, ...r, resourceAccount: ACCOUNT }) }).toEqual({ ...r, decision: 'allow' });
    }
    // Exactly the bucket and trail reads the refresh makes; ownership controls are read too where they exist (left out on this server).
    const made = (prefix: string) => [...new Set([...requests.values()].filter((r) => r.action.startsWith(prefix)).map((r) => r.action))].sort();
    expect([...made('s3:'), 's3:GetBucketOwnershipControls'].sort()).toEqual([...BUCKET_READS].sort());
    const granted = (sid: string) => policy.Statement.find((st) => st.Sid === sid)?.Action as string[];
    expect(made('cloudtrail:')).toEqual(['cloudtrail:DescribeTrails', ...granted('ReadTrail')].sort());
  });

  test('weakened through the SDK (bucket policy, public access block, lifecycle) and drift planted in the state file: each rule failure and each drift is reported with both values', async () => {
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: names.auditBucket }))).Policy as string);
    policy.Statement = policy.Statement.filter((st: { Sid?: string }) => st.Sid !== 'DenyInsecureTransport');
    await s3.send(new PutBucketPolicyCommand({ Bucket: names.auditBucket, Policy: JSON.stringify(policy) }));
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: names.auditBucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true },
      }),
    );
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: names.auditBucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'audit-log-retention',
              Status: 'Enabled',
              Filter: { Prefix: 'AWSLogs/' },
              Expiration: { Days: 7 },
              NoncurrentVersionExpiration: { NoncurrentDays: 7 },
            },
          ],
        },
      }),
    );
    // The terraform part: the state says one thing, the (stand-in) CloudTrail another.
    const statePath = join(stackDir, 'terraform.tfstate');
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    const trail = state.resources.find((r: { type: string }) => r.type === 'aws_cloudtrail');
    trail.instances[0].attributes.include_global_service_events = false;
    state.serial += 1;
    writeFileSync(statePath, JSON.stringify(state));

    const { code, report } = await verify();
    expect(code).toBe(1);
    expect(failing(report, 'bucket-tls-only').map((r) => r.resource)).toEqual(['aws_s3_bucket.audit-bucket_bucket']);
    expect(failing(report, 'bucket-lifecycle-retention')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/expiration.days to 7, below the required 90 days/) }),
    ]);
    expect(failing(report, 'bucket-public-access-block')).toEqual([expect.objectContaining({ message: expect.stringMatching(/block_public_policy/) })]);
    const drift = Object.fromEntries(failing(report, 'drift').map((r) => [r.resource, r.message]));
    expect(Object.keys(drift).sort()).toEqual([
      'aws_cloudtrail.trail_trail',
      'aws_s3_bucket_lifecycle_configuration.audit-bucket_lifecycle',
      'aws_s3_bucket_policy.audit-bucket_policy',
      'aws_s3_bucket_public_access_block.audit-bucket_public-access-block',
    ]);
    expect(drift['aws_cloudtrail.trail_trail']).toBe('changed outside Terraform: include_global_service_events: state false -> live true');
    expect(drift['aws_s3_bucket_public_access_block.audit-bucket_public-access-block']).toBe(
      'changed outside Terraform: block_public_policy: state true -> live false',
    );
    expect(drift['aws_s3_bucket_lifecycle_configuration.audit-bucket_lifecycle']).toMatch(/rule\[0\]\.expiration\[0\]\.days: state 180 -> live 7/);
    // The policy is compared statement by statement: the removed TLS statement is named with both values.
    expect(drift['aws_s3_bucket_policy.audit-bucket_policy']).toMatch(/policy\.Statement.*DenyInsecureTransport/);
  });

  test('a stack without .terraform, with no state, or without terraform exits 2, saying what to run', async () => {
    const bare = join(stacksDir, '..', 'bare', 'stacks');
    mkdirSync(join(bare, NAME), { recursive: true });
    writeFileSync(join(bare, NAME, 'cdk.tf.json'), readFileSync(join(stackDir, 'cdk.tf.json')));
    const uninitialised = await runCli(['verify', '--env', NAME, '--stacks-dir', bare]);
    expect(uninitialised).toEqual(expect.objectContaining({ code: 2, stdout: '' }));
    expect(uninitialised.stderr).toMatch(new RegExp(`is not initialised: run \`terraform -chdir=.*${NAME} init\``));

    const tfEnv = terraformEnv(process.env.TF_CLI_CONFIG_FILE as string);
    await runTerraform(['init', '-input=false', '-no-color'], join(bare, NAME), tfEnv);
    const empty = await runCli(['verify', '--env', NAME, '--stacks-dir', bare]);
    expect(empty).toEqual(expect.objectContaining({ code: 2, stdout: '' }));
    expect(empty.stderr).toMatch(/holds no resources: deploy first \(`cdktf deploy v/);

    process.env.AUDITREADY_TERRAFORM = join(bare, 'no-terraform-here');
    try {
      const missing = await runCli(['verify', '--env', NAME, '--stacks-dir', stacksDir]);
      expect(missing).toEqual(expect.objectContaining({ code: 2, stdout: '' }));
      expect(missing.stderr).toMatch(/AUDITREADY_TERRAFORM=.*no-terraform-here is not an executable file/);
    } finally {
      delete process.env.AUDITREADY_TERRAFORM;
    }
  });
});
