/**
 * Adversarial changes by class (issue 8): each keeps the Terraform valid and weakens the logging posture in
 * a way a simple flag flip does not, and names the rules that must then not pass. Compliant layouts that
 * real users write come with them and must pass. Every change finds its targets by following references
 * from the trail (locate.ts), so it applies to the fixture and to every synthesized environment.
 */
import { RULES } from '../../policies/registry';
import type { Json } from './fixtures/environment';
import {
  accessBucket,
  arr,
  auditBucket,
  bucketPolicyHolder,
  editPolicy,
  first,
  refName,
  resources,
  rolesTagged,
  splitOf,
  trail,
  trailKey,
  trailLogGroup,
} from './locate';

export interface Evasion {
  /** The issue-8 class (1-10), or `compliant` for a layout that must pass. */
  readonly class: number | 'compliant';
  readonly name: string;
  readonly apply: (doc: Json) => void;
  /** Rules that must not pass afterwards (fail, unknown or warn). Empty for compliant layouts. */
  readonly weakens: readonly string[];
  /** Removes a subject other rules need (a trail): not combined with others in the fuzz test. */
  readonly removes?: boolean;
  /** Changes that write the same thing: the fuzz test combines at most one of a group. */
  readonly group?: string;
  /** Rules whose property this change can restore while weakening another (a public grant also lets a service write). */
  readonly masks?: readonly string[];
}

const CIS = RULES.map((r) => r.id).filter((id) => id.startsWith('cis-'));
const POLICY_RULES = ['bucket-tls-only', 'bucket-no-public-principal', 'bucket-cloudtrail-source-arn'];

const add = (doc: Json, type: string, name: string, body: Json): void => {
  doc.resource[type] = { ...(doc.resource[type] ?? {}), [name]: body };
};
const addData = (doc: Json, type: string, name: string, body: Json): void => {
  doc.data = doc.data ?? {};
  doc.data[type] = { ...(doc.data[type] ?? {}), [name]: body };
};
const bucketName = (doc: Json, logical: string): string => String(resources(doc, 'aws_s3_bucket')[logical]?.bucket);
const auditArn = (doc: Json): string => `\${aws_s3_bucket.${auditBucket(doc)}.arn}`;
const lockOf = (doc: Json): Json => first(splitOf(doc, 'aws_s3_bucket_object_lock_configuration', auditBucket(doc)));
const alarms = (doc: Json): Json[] => Object.values(resources(doc, 'aws_cloudwatch_metric_alarm'));
const topics = (doc: Json): [string, Json][] => Object.entries(resources(doc, 'aws_sns_topic'));
const auditor = (doc: Json): Json => first(rolesTagged(doc, 'auditor'));
const auditorName = (doc: Json): string => {
  const role = auditor(doc);
  return Object.keys(resources(doc, 'aws_iam_role')).find((name) => resources(doc, 'aws_iam_role')[name] === role) as string;
};
const firstOf = (block: unknown): Json => (Array.isArray(block) ? block[0] : block) as Json;

/** A class-7 change applied to every alarm: the CIS rules must then fail. */
const everyAlarm = (name: string, edit: (alarm: Json) => void, group?: string): Evasion => ({
  class: 7,
  name,
  ...(group ? { group } : {}),
  apply: (d) => {
    for (const a of alarms(d)) edit(a);
  },
  weakens: CIS,
});

/** A statement that allows the public one action on the access-log bucket, under `condition`. */
const publicRead = (condition?: Json): Json => ({
  Sid: 'Public',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: '*',
  Condition: condition,
});

/** Replaces the audit bucket policy's TLS statement with `statement`. */
const replaceTls = (doc: Json, statement: Json): void =>
  editPolicy(doc, bucketPolicyHolder(doc, auditBucket(doc)), 'policy', {
    dropStatement: (s) => JSON.stringify(s.json ?? s.block).includes('aws:SecureTransport'),
    addJson: statement,
  });
const tls = (doc: Json, extra: Json = {}): Json => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [auditArn(doc), `${auditArn(doc)}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  ...extra,
});

/** Replaces the human roles' trust statements with `statement` (one per role). */
const setTrust = (doc: Json, statement: Json): void => {
  for (const role of rolesTagged(doc)) role.assume_role_policy = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
};
const PERSON = 'arn:aws:iam::111122223333:role/People';
const CONTEXT = { StringLike: { 'sts:SourceIdentity': '?*', 'aws:RequestTag/ticket': 'CHG-*' } };

/** Advanced event selectors replacing the classic ones: management plus data events on the audit bucket. */
const advanced = (doc: Json, management: Json[], data: Json[]): void => {
  const t = trail(doc);
  delete t.event_selector;
  t.advanced_event_selector = [
    { name: 'management', field_selector: [{ field: 'eventCategory', equals: ['Management'] }, ...management] },
    {
      name: 'audit-objects',
      field_selector: [
        { field: 'eventCategory', equals: ['Data'] },
        { field: 'resources.type', equals: ['AWS::S3::Object'] },
        { field: 'resources.ARN', starts_with: [`${auditArn(doc)}/`] },
        ...data,
      ],
    },
  ];
};

export const EVASIONS: readonly Evasion[] = [
  // 1. Resolution: what the checker cannot tie to a resource in the file is unknown.
  {
    class: 1,
    name: "trail's bucket from a variable",
    group: 'trail-bucket',
    apply: (d) => (trail(d).s3_bucket_name = '${var.audit_bucket}'),
    weakens: ['trail-s3-data-events', 'bucket-object-lock'],
  },
  {
    class: 1,
    name: "trail's bucket named by a literal not in the file",
    group: 'trail-bucket',
    apply: (d) => (trail(d).s3_bucket_name = 'central-audit-logs'),
    weakens: ['bucket-object-lock', 'bucket-tls-only'],
  },
  {
    class: 1,
    name: "trail's bucket through a data source",
    group: 'trail-bucket',
    apply: (d) => {
      addData(d, 'aws_s3_bucket', 'elsewhere', { bucket: 'logs-elsewhere' });
      trail(d).s3_bucket_name = '${data.aws_s3_bucket.elsewhere.id}';
    },
    weakens: ['bucket-sse-kms', 'trail-s3-data-events'],
  },
  {
    class: 1,
    name: 'lock configuration for a bucket from a local',
    group: 'lock',
    apply: (d) => (lockOf(d).bucket = '${local.bucket}'),
    weakens: ['bucket-object-lock'],
  },
  {
    class: 1,
    name: 'lifecycle for a bucket from a variable',
    apply: (d) => (first(splitOf(d, 'aws_s3_bucket_lifecycle_configuration', auditBucket(d))).bucket = '${var.bucket}'),
    weakens: ['bucket-lifecycle-retention'],
  },
  {
    class: 1,
    name: "trail's log group from a variable",
    apply: (d) => (trail(d).cloud_watch_logs_group_arn = '${var.log_group_arn}:*'),
    weakens: ['trail-cloudwatch-logs', ...CIS],
  },
  { class: 1, name: "trail's key from a variable", group: 'trail-key', apply: (d) => (trail(d).kms_key_id = '${var.key_arn}'), weakens: ['trail-kms-cmk'] },
  {
    class: 1,
    name: 'alarm actions from a variable',
    apply: (d) => {
      for (const a of alarms(d)) a.alarm_actions = ['${var.alarm_topic}'];
    },
    weakens: CIS,
  },
  {
    class: 1,
    name: 'a policy attached to a role named by a variable',
    apply: (d) => add(d, 'aws_iam_role_policy_attachment', 'any', { role: '${var.role}', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    weakens: ['iam-auditor-read-only'],
  },

  {
    class: 1,
    name: "trail's bucket: the audit bucket's name with a suffix",
    group: 'trail-bucket',
    apply: (d) => (trail(d).s3_bucket_name = `\${aws_s3_bucket.${auditBucket(d)}.id}-copy`),
    weakens: ['bucket-object-lock', 'trail-s3-data-events'],
  },

  // 2. Meta-arguments.
  { class: 2, name: 'trail with count = 0', apply: (d) => (trail(d).count = 0), weakens: ['trail-present'], removes: true },
  {
    class: 2,
    name: 'trail with count from a variable',
    apply: (d) => (trail(d).count = '${var.enable_trail ? 1 : 0}'),
    weakens: ['trail-present', 'trail-multi-region'],
    removes: true,
  },
  { class: 2, name: 'lock configuration with an empty for_each', group: 'lock', apply: (d) => (lockOf(d).for_each = {}), weakens: ['bucket-object-lock'] },
  {
    class: 2,
    name: 'lock configuration with count from a variable',
    group: 'lock',
    apply: (d) => (lockOf(d).count = '${var.lock ? 1 : 0}'),
    weakens: ['bucket-object-lock'],
  },
  {
    class: 2,
    name: 'audit bucket policy with count = "0"',
    group: 'policy-count',
    apply: (d) => (bucketPolicyHolder(d, auditBucket(d)).count = '0'),
    weakens: ['bucket-tls-only', 'bucket-cloudtrail-source-arn'],
  },
  {
    class: 2,
    name: 'audit bucket policy twice (count = 2)',
    group: 'policy-count',
    apply: (d) => (bucketPolicyHolder(d, auditBucket(d)).count = 2),
    weakens: POLICY_RULES,
  },
  {
    class: 2,
    name: 'alarms with an empty for_each',
    apply: (d) => {
      for (const a of alarms(d)) a.for_each = {};
    },
    weakens: CIS,
  },
  {
    class: 2,
    name: 'subscriptions with count = 0',
    apply: (d) => {
      for (const s of Object.values(resources(d, 'aws_sns_topic_subscription'))) s.count = 0;
    },
    weakens: CIS,
  },

  {
    class: 2,
    name: 'two lock configurations through a literal for_each set',
    group: 'lock',
    apply: (d) => (lockOf(d).for_each = '${toset(["a", "b"])}'),
    weakens: ['bucket-object-lock'],
  },

  // 3. Duplicate split resources.
  {
    class: 3,
    name: 'a second, public bucket policy',
    apply: (d) =>
      add(d, 'aws_s3_bucket_policy', 'second', {
        bucket: `\${aws_s3_bucket.${auditBucket(d)}.id}`,
        policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] }),
      }),
    weakens: POLICY_RULES,
  },
  {
    class: 3,
    name: 'a second lock configuration of one day',
    apply: (d) =>
      add(d, 'aws_s3_bucket_object_lock_configuration', 'second', {
        bucket: bucketName(d, auditBucket(d)),
        rule: { default_retention: { mode: 'GOVERNANCE', days: 1 } },
      }),
    weakens: ['bucket-object-lock'],
  },
  {
    class: 3,
    name: 'a second encryption configuration with SSE-S3',
    apply: (d) =>
      add(d, 'aws_s3_bucket_server_side_encryption_configuration', 'second', {
        bucket: `\${aws_s3_bucket.${auditBucket(d)}.bucket}`,
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
      }),
    weakens: ['bucket-sse-kms'],
  },
  {
    class: 3,
    name: 'an inline policy beside the split bucket policy',
    group: 'policy-count',
    apply: (d) => (resources(d, 'aws_s3_bucket')[auditBucket(d)]!.policy = JSON.stringify({ Statement: [] })),
    weakens: POLICY_RULES,
  },
  {
    class: 3,
    name: 'an inline lifecycle rule beside the split lifecycle configuration',
    apply: (d) => (resources(d, 'aws_s3_bucket')[accessBucket(d)]!.lifecycle_rule = [{ enabled: true, expiration: { days: 1 } }]),
    weakens: ['bucket-lifecycle-retention'],
  },
  {
    class: 3,
    name: 'an aws_kms_key_policy beside the key policy',
    apply: (d) =>
      add(d, 'aws_kms_key_policy', 'second', {
        key_id: `\${aws_kms_key.${refName(trail(d).kms_key_id)}.id}`,
        policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] }),
      }),
    weakens: ['kms-key-policy-no-public-principal'],
  },

  {
    class: 3,
    name: 'a second bucket policy for the audit bucket found through a data source',
    apply: (d) => {
      addData(d, 'aws_s3_bucket', 'same', { bucket: bucketName(d, auditBucket(d)) });
      add(d, 'aws_s3_bucket_policy', 'via-data', { bucket: '${data.aws_s3_bucket.same.id}', policy: JSON.stringify({ Statement: [] }) });
    },
    weakens: POLICY_RULES,
  },

  // 4. Policy semantics.
  {
    class: 4,
    name: 'public read through NotPrincipal',
    masks: ['bucket-access-log-target-deliverable'],
    apply: (d) =>
      editPolicy(d, bucketPolicyHolder(d, accessBucket(d)), 'policy', {
        addJson: { Sid: 'AllButOne', Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: '*' },
      }),
    weakens: ['bucket-no-public-principal'],
  },
  {
    class: 4,
    name: 'public everything but delete through NotAction',
    masks: ['bucket-access-log-target-deliverable'],
    apply: (d) =>
      editPolicy(d, bucketPolicyHolder(d, accessBucket(d)), 'policy', {
        addJson: { Sid: 'AllButDelete', Effect: 'Allow', Principal: '*', NotAction: 's3:DeleteObject', Resource: '*' },
      }),
    weakens: ['bucket-no-public-principal'],
  },
  {
    class: 4,
    name: 'public read "confined" by aws:SecureTransport',
    masks: ['bucket-access-log-target-deliverable'],
    apply: (d) => editPolicy(d, bucketPolicyHolder(d, accessBucket(d)), 'policy', { addJson: publicRead({ Bool: { 'aws:SecureTransport': 'true' } }) }),
    weakens: ['bucket-no-public-principal'],
  },
  {
    class: 4,
    name: 'public read "confined" by a wildcard aws:SourceArn',
    masks: ['bucket-access-log-target-deliverable'],
    apply: (d) =>
      editPolicy(d, bucketPolicyHolder(d, accessBucket(d)), 'policy', { addJson: publicRead({ ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*' } }) }),
    weakens: ['bucket-no-public-principal'],
  },
  {
    class: 4,
    name: 'public read "confined" by aws:SourceAccount IfExists',
    masks: ['bucket-access-log-target-deliverable'],
    apply: (d) =>
      editPolicy(d, bucketPolicyHolder(d, accessBucket(d)), 'policy', {
        addJson: publicRead({ StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } }),
      }),
    weakens: ['bucket-no-public-principal'],
  },
  {
    class: 4,
    name: 'public key use "confined" by a negated condition',
    apply: (d) =>
      editPolicy(d, trailKey(d), 'policy', {
        addJson: {
          Sid: 'Anyone',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalAccount': '999999999999' } },
        },
      }),
    weakens: ['kms-key-policy-no-public-principal'],
  },
  {
    class: 4,
    name: 'TLS deny narrowed to one account',
    group: 'tls',
    apply: (d) => replaceTls(d, tls(d, { Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:PrincipalAccount': '111122223333' } } })),
    weakens: ['bucket-tls-only'],
  },
  {
    class: 4,
    name: 'TLS deny for everyone but one principal',
    group: 'tls',
    apply: (d) => replaceTls(d, { ...tls(d), Principal: undefined, NotPrincipal: { AWS: PERSON } }),
    weakens: ['bucket-tls-only'],
  },
  {
    class: 4,
    name: 'TLS deny for everything but GetObject',
    group: 'tls',
    apply: (d) => replaceTls(d, { ...tls(d), Action: undefined, NotAction: 's3:GetObject' }),
    weakens: ['bucket-tls-only'],
  },
  {
    class: 4,
    name: 'TLS deny on the objects only',
    group: 'tls',
    apply: (d) => replaceTls(d, tls(d, { Resource: `${auditArn(d)}/*` })),
    weakens: ['bucket-tls-only'],
  },
  {
    class: 4,
    name: 'a TLS version deny instead of the aws:SecureTransport deny',
    group: 'tls',
    apply: (d) => replaceTls(d, tls(d, { Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } })),
    weakens: ['bucket-tls-only'],
  },
  {
    class: 4,
    name: 'MFA age required only if present',
    group: 'trust',
    apply: (d) =>
      setTrust(d, {
        Effect: 'Allow',
        Principal: { AWS: PERSON },
        Action: 'sts:AssumeRole',
        Condition: { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' }, ...CONTEXT },
      }),
    weakens: ['iam-human-mfa'],
  },
  {
    class: 4,
    name: 'CloudTrail bound to any trail by a wildcard aws:SourceArn',
    apply: (d) =>
      editPolicy(d, bucketPolicyHolder(d, auditBucket(d)), 'policy', {
        addJson: {
          Sid: 'AnyTrail',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${auditArn(d)}/*`,
          Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:*:trail/*' } },
        },
      }),
    weakens: ['bucket-cloudtrail-source-arn'],
  },
  {
    class: 4,
    name: 'MFA made optional with BoolIfExists',
    group: 'trust',
    apply: (d) =>
      setTrust(d, {
        Effect: 'Allow',
        Principal: { AWS: PERSON },
        Action: 'sts:AssumeRole',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' }, ...CONTEXT },
      }),
    weakens: ['iam-human-mfa'],
  },
  {
    class: 4,
    name: 'MFA "required" by a Deny on Bool false, which sessions without the key escape',
    group: 'trust',
    apply: (d) => {
      for (const role of rolesTagged(d))
        role.assume_role_policy = JSON.stringify({
          Statement: [
            { Effect: 'Allow', Principal: { AWS: PERSON }, Action: 'sts:AssumeRole', Condition: CONTEXT },
            { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
          ],
        });
    },
    weakens: ['iam-human-mfa'],
  },
  {
    class: 4,
    name: 'human roles trusted by "*" with MFA',
    group: 'trust',
    apply: (d) =>
      setTrust(d, {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, ...CONTEXT },
      }),
    weakens: ['iam-human-trust-scope'],
  },
  {
    class: 4,
    name: 'human roles trusted by another account without conditions',
    group: 'trust',
    apply: (d) => setTrust(d, { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }),
    weakens: ['iam-human-trust-scope', 'iam-human-mfa'],
  },

  // 5. Data sources are not resources you manage.
  {
    class: 5,
    name: "trail's key from a data source that reads the AWS-managed alias",
    group: 'trail-key',
    apply: (d) => {
      addData(d, 'aws_kms_key', 's3', { key_id: 'alias/aws/s3' });
      trail(d).kms_key_id = '${data.aws_kms_key.s3.arn}';
    },
    weakens: ['trail-kms-cmk'],
  },
  {
    class: 5,
    name: 'bucket encryption with the AWS-managed alias',
    apply: (d) => {
      const rule = firstOf(first(splitOf(d, 'aws_s3_bucket_server_side_encryption_configuration', auditBucket(d))).rule);
      firstOf(rule.apply_server_side_encryption_by_default).kms_master_key_id = 'alias/aws/s3';
    },
    weakens: ['bucket-sse-kms'],
  },
  {
    class: 5,
    name: 'alarm topic with the AWS-managed SNS key',
    group: 'topic-key',
    apply: (d) => {
      for (const [, t] of topics(d)) t.kms_master_key_id = 'alias/aws/sns';
    },
    weakens: CIS,
  },
  {
    class: 5,
    name: 'AdministratorAccess for the auditor through a data source',
    apply: (d) => {
      addData(d, 'aws_iam_policy', 'admin', { arn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
      add(d, 'aws_iam_role_policy_attachment', 'auditor-admin', {
        role: `\${aws_iam_role.${auditorName(d)}.name}`,
        policy_arn: '${data.aws_iam_policy.admin.arn}',
      });
    },
    weakens: ['iam-auditor-read-only', 'iam-no-wildcard-actions'],
  },
  {
    class: 5,
    name: 'PowerUserAccess for the auditor by ARN',
    group: 'auditor-managed',
    apply: (d) => (auditor(d).managed_policy_arns = ['arn:aws:iam::aws:policy/PowerUserAccess']),
    weakens: ['iam-auditor-read-only', 'iam-no-wildcard-actions'],
  },
  {
    class: 5,
    name: 'a managed policy the checker does not know, for the auditor',
    group: 'auditor-managed',
    apply: (d) => (auditor(d).managed_policy_arns = ['arn:aws:iam::aws:policy/AmazonEC2FullAccess']),
    weakens: ['iam-auditor-read-only'],
  },

  // 6. Resource types that were never read.
  {
    class: 6,
    name: 'aws_iam_policy_attachment giving the auditor writes',
    apply: (d) => {
      add(d, 'aws_iam_policy', 'writer', { policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: '*' }] }) });
      add(d, 'aws_iam_policy_attachment', 'writer', {
        name: 'writer',
        roles: [`\${aws_iam_role.${auditorName(d)}.name}`],
        policy_arn: '${aws_iam_policy.writer.arn}',
      });
    },
    weakens: ['iam-auditor-read-only'],
  },
  {
    class: 6,
    name: 'aws_iam_user_policy allowing "*"',
    apply: (d) => {
      add(d, 'aws_iam_user', 'ops', { name: 'ops' });
      add(d, 'aws_iam_user_policy', 'ops', {
        user: '${aws_iam_user.ops.name}',
        policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      });
    },
    weakens: ['iam-no-wildcard-actions'],
  },
  {
    class: 6,
    name: 'AdministratorAccess attached to a group',
    apply: (d) => {
      add(d, 'aws_iam_group', 'ops', { name: 'ops' });
      add(d, 'aws_iam_group_policy_attachment', 'ops', { group: '${aws_iam_group.ops.name}', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    },
    weakens: ['iam-no-wildcard-actions'],
  },
  {
    class: 6,
    name: 'a permissions boundary that allows everything',
    apply: (d) => {
      const boundary = resources(d, 'aws_iam_policy')[refName(auditor(d).permissions_boundary)] as Json;
      boundary.policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    },
    weakens: ['iam-human-permissions-boundary'],
  },
  {
    class: 6,
    name: "the auditor's role tag renamed, and a write granted",
    apply: (d) => {
      const name = auditorName(d);
      auditor(d).tags = { 'auditready:function': 'auditor' };
      add(d, 'aws_iam_role_policy', 'auditor-writes', {
        role: `\${aws_iam_role.${name}.id}`,
        policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] }),
      });
    },
    weakens: ['iam-auditor-read-only'],
  },

  // 7. Alarms that cannot fire or reach anyone.
  {
    class: 7,
    name: 'metric transformations emit 0',
    apply: (d) => {
      for (const f of Object.values(resources(d, 'aws_cloudwatch_log_metric_filter'))) firstOf(f.metric_transformation).value = '0';
    },
    weakens: CIS,
  },
  everyAlarm('alarms need two matching events', (a) => (a.threshold = 2), 'alarm-threshold'),
  everyAlarm('alarms compare the wrong way', (a) => (a.comparison_operator = 'LessThanThreshold')),
  everyAlarm('alarms with a dimension the filter does not emit', (a) => (a.dimensions = { Environment: 'prod' })),
  everyAlarm('alarm actions disabled', (a) => (a.actions_enabled = 'false')),
  {
    class: 7,
    name: 'alarms need three breaching periods',
    apply: (d) => {
      for (const a of alarms(d)) {
        a.evaluation_periods = 3;
        delete a.datapoints_to_alarm;
      }
    },
    weakens: CIS,
  },
  {
    class: 7,
    name: 'alarms that notify only on OK',
    apply: (d) => {
      for (const a of alarms(d)) {
        a.ok_actions = a.alarm_actions;
        delete a.alarm_actions;
      }
    },
    weakens: CIS,
  },
  {
    class: 7,
    name: 'no subscription on the alarm topic',
    apply: (d) => {
      delete d.resource.aws_sns_topic_subscription;
    },
    weakens: CIS,
  },
  {
    class: 7,
    name: "the topic's key does not let CloudWatch use it",
    group: 'topic-key',
    apply: (d) => {
      for (const [, t] of topics(d)) {
        const key = resources(d, 'aws_kms_key')[refName(t.kms_master_key_id)] as Json;
        editPolicy(d, key, 'policy', { dropStatement: (s) => JSON.stringify(s.json ?? s.block).includes('cloudwatch.amazonaws.com') });
      }
    },
    weakens: CIS,
  },

  {
    class: 7,
    name: 'filter patterns that also fire on benign events',
    group: 'patterns',
    apply: (d) => {
      for (const f of Object.values(resources(d, 'aws_cloudwatch_log_metric_filter'))) f.pattern = '{ $.eventSource = "*" }';
    },
    weakens: CIS,
  },
  {
    class: 7,
    name: 'filter patterns that can never fire',
    group: 'patterns',
    apply: (d) => {
      for (const f of Object.values(resources(d, 'aws_cloudwatch_log_metric_filter'))) {
        const inner = String(f.pattern).trim().replace(/^\{/, '').replace(/\}$/, '');
        f.pattern = `{ (${inner}) && ($.eventName = "NotAnApiCall") }`;
      }
    },
    weakens: CIS,
  },

  // 8. Advanced event selectors.
  {
    class: 8,
    name: 'management events without KMS',
    group: 'selectors',
    apply: (d) => advanced(d, [{ field: 'eventSource', not_equals: ['kms.amazonaws.com'] }], []),
    weakens: ['trail-management-events'],
  },
  {
    class: 8,
    name: 'only read management events',
    group: 'selectors',
    apply: (d) => advanced(d, [{ field: 'readOnly', equals: ['true'] }], []),
    weakens: ['trail-management-events'],
  },
  {
    class: 8,
    name: 'data events without deletes',
    group: 'selectors',
    apply: (d) => advanced(d, [], [{ field: 'eventName', not_starts_with: ['Delete'] }]),
    weakens: ['trail-s3-data-events'],
  },
  {
    class: 8,
    name: 'data events without writes',
    group: 'selectors',
    apply: (d) => advanced(d, [], [{ field: 'readOnly', equals: ['true'] }]),
    weakens: ['trail-s3-data-events'],
  },
  {
    class: 8,
    name: 'data events on one prefix of the bucket only',
    group: 'selectors',
    apply: (d) => advanced(d, [], [{ field: 'resources.ARN', starts_with: [`${auditArn(d)}/nothing-here/`] }]),
    weakens: ['trail-s3-data-events'],
  },
  {
    class: 8,
    name: 'a selector field CloudTrail does not document',
    group: 'selectors',
    apply: (d) => advanced(d, [], [{ field: 'userAgent', not_equals: ['x'] }]),
    weakens: ['trail-s3-data-events'],
  },

  // 10. Smaller gaps.
  {
    class: 10,
    name: 'an expiration date on the audit bucket',
    apply: (d) => {
      const rule = firstOf(first(splitOf(d, 'aws_s3_bucket_lifecycle_configuration', auditBucket(d))).rule);
      rule.expiration = [{ date: '2024-01-01T00:00:00Z' }];
    },
    weakens: ['bucket-lifecycle-retention'],
  },
  {
    class: 10,
    name: "the access-log bucket's grant to logging.s3.amazonaws.com removed",
    apply: (d) =>
      editPolicy(d, bucketPolicyHolder(d, accessBucket(d)), 'policy', {
        dropStatement: (s) => JSON.stringify(s.json ?? s.block).includes('logging.s3.amazonaws.com'),
      }),
    weakens: ['bucket-access-log-target-deliverable'],
  },
  { class: 10, name: 'the trail key disabled', apply: (d) => (trailKey(d).is_enabled = false), weakens: ['trail-kms-cmk'] },

  // Compliant layouts that must pass.
  {
    class: 'compliant',
    name: 'scalars written as strings',
    apply: (d) => {
      trail(d).is_multi_region_trail = 'true';
      trail(d).enable_log_file_validation = 'true';
      trailLogGroup(d).retention_in_days = '400';
      const retention = firstOf(firstOf(lockOf(d).rule).default_retention);
      if (retention.days !== undefined) retention.days = String(retention.days);
      for (const a of alarms(d)) a.threshold = '1';
    },
    weakens: [],
  },
  {
    class: 'compliant',
    name: "alarm actions holding the topic's literal ARN",
    apply: (d) => {
      const [name, topic] = first(topics(d));
      const provider = first(arr(d.provider.aws));
      const arn = `arn:aws:sns:${provider.region}:${first(arr(provider.allowed_account_ids))}:${topic.name}`;
      for (const a of alarms(d)) a.alarm_actions = arr(a.alarm_actions).map((x: string) => (x.includes(`aws_sns_topic.${name}.`) ? arn : x));
    },
    weakens: [],
  },
  {
    class: 'compliant',
    name: 'MFA required through a Deny with BoolIfExists',
    apply: (d) => {
      for (const role of rolesTagged(d))
        editPolicy(d, role, 'assume_role_policy', {
          dropCondition: (v) => /^aws:MultiFactorAuth/i.test(v),
          addJson: {
            Sid: 'DenyWithoutMfa',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sts:AssumeRole',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
        });
      // The MFA age bound written as a Deny too.
      for (const role of rolesTagged(d))
        editPolicy(d, role, 'assume_role_policy', {
          addJson: {
            Sid: 'DenyStaleMfa',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sts:AssumeRole',
            Condition: { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } },
          },
        });
    },
    weakens: [],
  },
  {
    class: 'compliant',
    name: 'the lock configuration with count = 1 and the bucket by literal name',
    apply: (d) => {
      const lock = lockOf(d);
      lock.count = 1;
      lock.bucket = bucketName(d, auditBucket(d));
    },
    weakens: [],
  },
  {
    class: 'compliant',
    name: 'public statement bound by aws:PrincipalOrgID',
    apply: (d) =>
      editPolicy(d, bucketPolicyHolder(d, accessBucket(d)), 'policy', { addJson: publicRead({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }) }),
    weakens: [],
  },
  {
    class: 'compliant',
    name: "advanced event selectors that record everything but the trail's own deliveries",
    apply: (d) => {
      advanced(d, [], [{ field: 'eventName', not_equals: ['PutObject'] }]);
      // PutObject outside the log prefix (a verification canary's writes) stays recorded.
      trail(d).advanced_event_selector.push({
        name: 'writes beside the logs',
        field_selector: [
          { field: 'eventCategory', equals: ['Data'] },
          { field: 'resources.type', equals: ['AWS::S3::Object'] },
          { field: 'resources.ARN', starts_with: [`${auditArn(d)}/`], not_starts_with: [`${auditArn(d)}/AWSLogs/`] },
          { field: 'eventName', equals: ['PutObject'] },
        ],
      });
    },
    weakens: [],
  },
];
