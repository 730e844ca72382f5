import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformStack } from 'cdktf';
import { defaultOrganizations } from '../../config/configured-organizations';
import { buildApp } from '../../stacks/build-app';
import { exampleOrganization, govCloudOrganization, synthOrganization, synthOrganizations } from '../support/organization-stacks';
import { resource, resourcesOf, statement, statementsOf, type TerraformJson } from '../support/terraform-json';

const MANAGEMENT = '555555555555';
const LOG_ARCHIVE = '666666666666';
const ORG_ID = 'o-a1b2c3d4e5';
const TRAIL_ARN = `arn:aws:cloudtrail:eu-central-1:${MANAGEMENT}:trail/example-org-organization-trail`;

test('an organization has one stack per account kind, named after it', () => {
  const app = buildApp({ outdir: tmpdir(), environments: [], organizations: defaultOrganizations() });
  expect(
    app.node
      .findAll()
      .filter(TerraformStack.isStack)
      .map((s) => s.node.id),
  ).toEqual(['example-org-log-archive', 'example-org-management']);
});

describe('wiring', () => {
  const { logArchive, management } = synthOrganization();

  test('GIVEN each stack THEN its provider is pinned to its account and assumes a deployer of that account', () => {
    const provider = (tf: TerraformJson) => tf.provider.aws.find((p) => p.alias === undefined);
    expect(provider(logArchive)).toMatchObject({
      region: 'eu-central-1',
      allowed_account_ids: [LOG_ARCHIVE],
      assume_role: [{ role_arn: `arn:aws:iam::${LOG_ARCHIVE}:role/auditready-deployer`, session_name: 'auditready-example-org-log-archive' }],
    });
    expect(provider(management)).toMatchObject({
      allowed_account_ids: [MANAGEMENT],
      assume_role: [{ role_arn: `arn:aws:iam::${MANAGEMENT}:role/auditready-deployer`, session_name: 'auditready-example-org-management' }],
    });
    expect(provider(management)?.default_tags[0].tags).toMatchObject({ 'auditready:environment': 'example-org-management', 'auditready:tier': 'prod' });
  });

  test('GIVEN the management stack THEN its second provider, aliased, reads the log archive key in the log-archive account', () => {
    expect(management.provider.aws.find((p) => p.alias === 'log-archive')).toMatchObject({
      allowed_account_ids: [LOG_ARCHIVE],
      assume_role: [{ role_arn: `arn:aws:iam::${LOG_ARCHIVE}:role/auditready-deployer` }],
    });
    expect(management.data?.aws_kms_alias?.['log-archive-key']).toMatchObject({ provider: 'aws.log-archive', name: 'alias/example-org-audit-logs' });
    expect(resource(management, 'aws_cloudtrail', 'trail_trail').kms_key_id).toBe('${data.aws_kms_alias.log-archive-key.target_key_arn}');
  });

  test('GIVEN each stack THEN state is in S3, encrypted, with S3-native locking, one key per stack', () => {
    for (const [tf, id] of [
      [logArchive, 'example-org-log-archive'],
      [management, 'example-org-management'],
    ] as const) {
      expect(tf.terraform.backend).toEqual({
        s3: { bucket: 'example-terraform-state-555555555555', key: `auditready/${id}.tfstate`, region: 'eu-central-1', encrypt: true, use_lockfile: true },
      });
    }
  });

  test('GIVEN the app THEN cdktf deploy orders the management stack after the log archive', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'auditready-org-')), 'out');
    buildApp({ outdir, environments: [], organizations: defaultOrganizations() }).synth();
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks['example-org-management'].dependencies).toEqual(['example-org-log-archive']);
    expect(manifest.stacks['example-org-log-archive'].dependencies).toEqual([]);
  });

  test('GIVEN each stack THEN every reference is to a block of the same stack: the stacks share names, never resources', () => {
    for (const tf of [logArchive, management]) {
      const text = JSON.stringify({ resource: tf.resource, data: tf.data });
      const references = [...text.matchAll(/\$\{((?:data\.)?aws_[a-z0-9_]+)\.([\w-]+)\.[\w]+/g)].map((m) => [m[1] as string, m[2] as string] as const);
      expect(references.length).toBeGreaterThan(20);
      const missing = references.filter(([type, name]) => (type.startsWith('data.') ? !tf.data?.[type.slice(5)]?.[name] : !tf.resource[type]?.[name]));
      expect(missing).toEqual([]);
      expect(text).not.toContain('terraform_remote_state');
    }
  });
});

describe('the two stacks agree on every name', () => {
  const { logArchive, management } = synthOrganization();
  const trail = resource(management, 'aws_cloudtrail', 'trail_trail');
  const bucket = resource(logArchive, 'aws_s3_bucket', 'audit-bucket_bucket');

  test('the organization trail delivers to the log archive bucket, with the log archive key', () => {
    expect(trail).toMatchObject({ is_organization_trail: true, is_multi_region_trail: true, enable_log_file_validation: true });
    expect(trail.s3_bucket_name).toBe(bucket.bucket);
    expect(management.data?.aws_kms_alias?.['log-archive-key']?.name).toBe(resource(logArchive, 'aws_kms_alias', 'audit-key_alias').name);
  });

  test('the bucket policy lets the organization trail write under AWSLogs/<organization id>/ and nowhere else', () => {
    const policy = statementsOf(logArchive, resource(logArchive, 'aws_s3_bucket_policy', 'audit-bucket_policy').policy);
    const write = statement(policy, 'CloudTrailWritesLogs');
    expect(write.resources).toEqual([`arn:aws:s3:::${bucket.bucket}/AWSLogs/${ORG_ID}/*`]);
    expect(write.condition).toContainEqual({ test: 'StringEquals', variable: 'aws:SourceArn', values: [TRAIL_ARN] });
    expect(trail.name).toBe(TRAIL_ARN.split('/')[1]);
  });

  test('the key policy binds CloudTrail to the organization trail and its management-account encryption context', () => {
    const policy = statementsOf(logArchive, resource(logArchive, 'aws_kms_key', 'audit-key_key').policy);
    expect(statement(policy, 'CloudTrailEncryptsLogs').condition).toEqual([
      { test: 'StringLike', variable: 'kms:EncryptionContext:aws:cloudtrail:arn', values: [`arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*`] },
      { test: 'StringEquals', variable: 'aws:SourceArn', values: [TRAIL_ARN] },
    ]);
    expect(policy.map((s) => s.sid)).not.toContain('CloudWatchLogsEncryptsTrailLogGroup');
  });

  test('the management key encrypts the log group and the topic, never a trail', () => {
    const policy = statementsOf(management, resource(management, 'aws_kms_key', 'audit-key_key').policy);
    expect(policy.map((s) => s.sid)).toEqual([
      'DeployersAndBreakGlassAdministerKey',
      'RootUserRecoversKeyPolicy',
      'BreakGlassGrantsToAwsServices',
      'CloudWatchLogsEncryptsTrailLogGroup',
      'CloudWatchAlarmsPublishToEncryptedTopic',
    ]);
  });

  test('the log archive has an auditor and a break-glass role and no log-admin; the management account all three', () => {
    expect(Object.keys(resourcesOf(logArchive, 'aws_iam_role')).sort()).toEqual(['access-roles_auditor_role', 'access-roles_break-glass_role']);
    expect(Object.keys(resourcesOf(management, 'aws_iam_role')).sort()).toEqual([
      'access-roles_auditor_role',
      'access-roles_break-glass_role',
      'access-roles_log-admin_role',
      'trail_delivery-role',
    ]);
  });
});

describe('guardrails', () => {
  const { management } = synthOrganization();
  const attachments = (tf: TerraformJson, policy: string) =>
    Object.values(resourcesOf(tf, 'aws_organizations_policy_attachment'))
      .filter((a) => a.policy_id === `\${aws_organizations_policy.guardrails_${policy}_policy.id}`)
      .map((a) => a.target_id as string)
      .sort();

  test('the SCP is attached to every configured OU and member account and to the log archive; the RCP to the log archive', () => {
    expect(resource(management, 'aws_organizations_policy', 'guardrails_scp_policy').type).toBe('SERVICE_CONTROL_POLICY');
    expect(resource(management, 'aws_organizations_policy', 'guardrails_rcp_policy').type).toBe('RESOURCE_CONTROL_POLICY');
    expect(attachments(management, 'scp')).toEqual(['111111111111', '222222222222', '333333333333', LOG_ARCHIVE, 'ou-ab12-sandbox01', 'ou-ab12-workloads1']);
    expect(attachments(management, 'rcp')).toEqual([LOG_ARCHIVE]);
  });

  test('GIVEN a root id THEN the SCP is attached to the root', () => {
    const { management: withRoot } = synthOrganization({ members: { rootId: 'r-ab12' } });
    expect(attachments(withRoot, 'scp')).toEqual([LOG_ARCHIVE, 'r-ab12']);
  });

  test('GIVEN 500 member accounts THEN still two stacks and one SCP, with one attachment per member: the policy text does not grow', () => {
    const accountIds = Array.from({ length: 500 }, (_, i) => String(100000000000 + i));
    const [large] = synthOrganizations([{ ...exampleOrganization(), members: { accountIds } }]);
    const small = synthOrganization();
    expect(Object.keys(resourcesOf(large!.management, 'aws_organizations_policy'))).toHaveLength(2);
    expect(attachments(large!.management, 'scp')).toHaveLength(501);
    expect(large!.management.data?.aws_iam_policy_document?.guardrails_scp_document).toEqual(
      small.management.data?.aws_iam_policy_document?.guardrails_scp_document,
    );
  });
});

describe('GovCloud', () => {
  test('every ARN of both stacks is in the aws-us-gov partition', () => {
    const [gov] = synthOrganizations([govCloudOrganization()]);
    for (const tf of [gov!.logArchive, gov!.management]) {
      const arns = JSON.stringify(tf).match(/arn:[a-z-]+:/g) ?? [];
      expect(arns.length).toBeGreaterThan(30);
      expect([...new Set(arns)]).toEqual(['arn:aws-us-gov:']);
    }
  });
});
