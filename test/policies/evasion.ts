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
  accountOf,
  actionMatches,
  arr,
  auditBucket,
  bucketPolicyHolder,
  editPolicy,
  first,
  refName,
  resources,
  rolePolicyHolder,
  rolesTagged,
  type StatementForm,
  splitOf,
  statementParts,
  trail,
  trailKey,
  trailLogGroup,
} from './locate';

export interface Evasion {
  /** The issue-8 class (1-10), `issue 7.<item>` for issue 7's items, or `compliant` for a layout that must pass. */
  readonly class: number | `issue 7.${number}` | 'compliant';
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
const everyAlarm = (name: string, edit: (alarm: Json) => void, group?: string, masks?: readonly string[]): Evasion => ({
  class: 7,
  name,
  ...(group ? { group } : {}),
  ...(masks ? { masks } : {}),
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

// ---------------------------------------------------------------------------------------------------------------
// Issue 7: what each item's rule guards, broken the way a reviewer or an attacker would.

const iamArn = (doc: Json, resource: string): string => {
  const { account, partition } = accountOf(doc);
  return `arn:${partition}:iam::${account}:${resource}`;
};
/** The deploy role the key policy names (a role the configuration does not define, named `...deployer`). */
const deployerArn = (doc: Json): string => {
  const m = /arn:[a-z-]+:iam::\d{12}:role\/[\w+=,.@/-]*deployer/.exec(JSON.stringify(doc.data));
  if (!m) throw new Error('no deploy role in the policies');
  return m[0];
};
const roleArn = (doc: Json, role: Json): string => iamArn(doc, `role/${role.name}`);
const logAdmin = (doc: Json): Json => first(rolesTagged(doc, 'log-admin'));
const bucketPolicy = (doc: Json): Json => bucketPolicyHolder(doc, auditBucket(doc));
const filters = (doc: Json): Json[] => Object.values(resources(doc, 'aws_cloudwatch_log_metric_filter'));
/** Narrows every filter pattern that names `term` with an extra condition. */
const narrowFilters = (doc: Json, term: string, condition: string): void => {
  for (const f of filters(doc)) {
    const pattern = String(f.pattern);
    if (!pattern.includes(term)) continue;
    f.pattern = `{ (${pattern.trim().replace(/^\{/, '').replace(/\}$/, '')}) && (${condition}) }`;
  }
};
/** Sets an ArnNotEquals aws:PrincipalArn condition's values in a statement of either form. */
const editExemptions = (s: StatementForm, change: (values: string[]) => string[], operator?: string): void => {
  if (s.block) {
    for (const c of arr(s.block.condition))
      if (c.variable === 'aws:PrincipalArn') {
        c.values = change(arr(c.values));
        if (operator) c.test = operator;
      }
    return;
  }
  const j = s.json as Json;
  for (const [op, byKey] of Object.entries((j.Condition ?? {}) as Record<string, Json>)) {
    if (byKey['aws:PrincipalArn'] === undefined) continue;
    const values = change(arr(byKey['aws:PrincipalArn']));
    if (operator) {
      delete j.Condition[op];
      j.Condition[operator] = { ...(j.Condition[operator] ?? {}), 'aws:PrincipalArn': values };
    } else byKey['aws:PrincipalArn'] = values;
  }
};
const isDeny = (s: StatementForm, action: string): boolean => {
  const p = statementParts(s);
  return p.effect === 'Deny' && !p.text.includes('aws:SecureTransport') && p.actions.some((a) => actionMatches(a, action));
};
/** A trust statement for people meeting every human-role rule, changed by `extra` (an undefined operator is removed). */
const person = (principal: string, extra: Json = {}): Json => {
  const condition: Json = {
    Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
    StringLike: { 'sts:SourceIdentity': '?*', 'aws:RequestTag/ticket': ['CHG-*', 'INC-*'] },
    'ForAllValues:StringEquals': { 'aws:TagKeys': ['ticket'] },
    ...extra,
  };
  for (const op of Object.keys(condition)) if (condition[op] === undefined) delete condition[op];
  return {
    Sid: 'Person',
    Effect: 'Allow',
    Principal: { AWS: principal },
    Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'],
    Condition: condition,
  };
};
const addTrust = (doc: Json, statement: Json): void => {
  for (const role of rolesTagged(doc)) editPolicy(doc, role, 'assume_role_policy', { addJson: statement });
};
/** Adds a transition to DEEP_ARCHIVE to the audit bucket's lifecycle, so archived logs exist. */
const archive = (doc: Json): Json => {
  const config = first(splitOf(doc, 'aws_s3_bucket_lifecycle_configuration', auditBucket(doc)));
  const rule = firstOf(config.rule);
  rule.transition = [...arr(rule.transition), { days: 180, storage_class: 'DEEP_ARCHIVE' }];
  return config;
};

const ISSUE_7: readonly Evasion[] = [
  // 1. CloudTrail's kms:Decrypt for the S3 Bucket Key.
  {
    class: 'issue 7.1',
    name: "CloudTrail's Decrypt needs an encryption context that creating or updating the trail does not send",
    group: 'key-decrypt',
    apply: (d) =>
      editPolicy(d, trailKey(d), 'policy', {
        editStatement: (s) => {
          const p = statementParts(s);
          if (!(p.principals.some((id) => id.startsWith('cloudtrail.')) && p.actions.length === 1 && p.actions[0] === 'kms:Decrypt')) return;
          const context = { test: 'StringLike', variable: 'kms:EncryptionContext:aws:cloudtrail:arn', values: ['arn:*:cloudtrail:*:*:trail/*'] };
          if (s.block) s.block.condition = [...arr(s.block.condition), context];
          else (s.json as Json).Condition = { ...(s.json as Json).Condition, StringLike: { [context.variable]: context.values } };
        },
      }),
    weakens: ['kms-key-cloudtrail-bucket-key-decrypt'],
  },
  {
    class: 'issue 7.1',
    name: "CloudTrail's Decrypt bound to any trail by a wildcard aws:SourceArn",
    group: 'key-decrypt',
    apply: (d) =>
      editPolicy(d, trailKey(d), 'policy', {
        addJson: {
          Sid: 'AnyTrailDecrypts',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { ArnLike: { 'aws:SourceArn': 'arn:*:cloudtrail:*:*:trail/*' } },
        },
      }),
    weakens: ['kms-key-cloudtrail-bucket-key-decrypt'],
  },

  // 2. Deploy roles: configure, never read or destroy.
  {
    class: 'issue 7.2',
    name: 'the deploy role administers the key with kms:*',
    apply: (d) =>
      editPolicy(d, trailKey(d), 'policy', {
        addJson: { Sid: 'DeployerAll', Effect: 'Allow', Principal: { AWS: deployerArn(d) }, Action: 'kms:*', Resource: '*' },
      }),
    weakens: ['iam-deployers-configure-only', 'kms-key-grants-for-aws-resources'],
  },
  {
    class: 'issue 7.2',
    name: 'the deploy role exempted from the deny of evidence destruction',
    group: 'destruction-deny',
    apply: (d) => {
      const deployer = deployerArn(d);
      editPolicy(d, bucketPolicy(d), 'policy', {
        editStatement: (s) => {
          if (isDeny(s, 's3:DeleteObjectVersion') && !isDeny(s, 's3:PutBucketPolicy')) editExemptions(s, (v) => [...v, deployer]);
        },
      });
    },
    weakens: ['iam-deployers-configure-only'],
  },
  {
    class: 'issue 7.2',
    name: 'settings changes denied to everyone but break-glass (the deploy role locked out)',
    group: 'settings-deny',
    apply: (d) => {
      const deployer = deployerArn(d);
      editPolicy(d, bucketPolicy(d), 'policy', {
        editStatement: (s) => {
          if (isDeny(s, 's3:PutLifecycleConfiguration') && !isDeny(s, 's3:DeleteObjectVersion')) editExemptions(s, (v) => v.filter((x) => x !== deployer));
        },
      });
    },
    weakens: ['iam-deployers-configure-only'],
  },

  // 3. Human trust: MFA age, the source identity bound to the user, no other session tag.
  {
    class: 'issue 7.3',
    name: 'an MFA up to a day old admitted',
    group: 'trust',
    apply: (d) => {
      for (const role of rolesTagged(d))
        editPolicy(d, role, 'assume_role_policy', {
          editStatement: (s) => {
            if (s.block) for (const c of arr(s.block.condition)) if (c.variable === 'aws:MultiFactorAuthAge') c.values = ['86400'];
            const age = (s.json as Json | undefined)?.Condition?.NumericLessThan;
            if (age?.['aws:MultiFactorAuthAge'] !== undefined) age['aws:MultiFactorAuthAge'] = '86400';
          },
        });
    },
    weakens: ['iam-human-mfa-age'],
  },
  {
    class: 'issue 7.3',
    name: 'an IAM user whose source identity only has to start with its user name',
    group: 'trust',
    apply: (d) =>
      addTrust(d, person(iamArn(d, 'user/mallory'), { StringLike: { 'sts:SourceIdentity': '$${aws:username}*', 'aws:RequestTag/ticket': 'CHG-*' } })),
    weakens: ['iam-human-source-identity-bound'],
  },
  {
    class: 'issue 7.3',
    name: 'the account trusted (any of its IAM users), with any source identity',
    group: 'trust',
    apply: (d) => addTrust(d, person(iamArn(d, 'root'))),
    weakens: ['iam-human-source-identity-bound'],
  },
  {
    class: 'issue 7.3',
    name: 'session tag keys limited with ForAnyValue (an extra tag passes)',
    group: 'trust',
    apply: (d) =>
      addTrust(d, person(iamArn(d, 'role/People'), { 'ForAllValues:StringEquals': undefined, 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['ticket'] } })),
    weakens: ['iam-human-session-tags-limited'],
  },
  {
    class: 'issue 7.3',
    name: 'session tag keys limited with a wildcard',
    group: 'trust',
    apply: (d) =>
      addTrust(d, person(iamArn(d, 'role/People'), { 'ForAllValues:StringLike': { 'aws:TagKeys': ['*'] }, 'ForAllValues:StringEquals': undefined })),
    weakens: ['iam-human-session-tags-limited'],
  },

  // 4. Alarm blind spots, and trail changes by people.
  {
    class: 'issue 7.4',
    name: 'filters on PutEventSelectors also require requestParameters.name, which that call does not record',
    group: 'patterns',
    apply: (d) => narrowFilters(d, 'PutEventSelectors', `$.requestParameters.name = "${trail(d).name}"`),
    weakens: ['alarm-baseline-changes'],
  },
  {
    class: 'issue 7.4',
    name: 'the subscription calls matched by requestParameters.topicArn, which Unsubscribe and SetSubscriptionAttributes do not record',
    group: 'patterns',
    apply: (d) => {
      for (const f of filters(d))
        f.pattern = String(f.pattern).replace(/requestParameters\.subscriptionArn = "([^"]*?):\*"/g, 'requestParameters.topicArn = "$1"');
    },
    weakens: ['alarm-baseline-changes'],
  },
  {
    class: 'issue 7.4',
    name: 'filters on DeleteAlarms look at the first alarm name only (a decoy first hides a baseline alarm)',
    group: 'patterns',
    apply: (d) => narrowFilters(d, 'DeleteAlarms', '$.requestParameters.alarmNames[1] NOT EXISTS'),
    weakens: ['alarm-baseline-changes'],
  },
  {
    class: 'issue 7.4',
    name: 'a catch-all filter that also fires on every read stands in for PutEventSelectors',
    group: 'patterns',
    apply: (d) => {
      for (const f of filters(d)) f.pattern = String(f.pattern).split('PutEventSelectors').join('Removed');
      const [name, f] = Object.entries(resources(d, 'aws_cloudwatch_log_metric_filter'))[0] as [string, Json];
      d.resource.aws_cloudwatch_log_metric_filter[`${name}-all`] = { ...f, name: `${f.name}-all`, pattern: '{ $.eventName = "*" }' };
    },
    weakens: ['alarm-baseline-changes'],
  },
  {
    class: 'issue 7.4',
    name: 'the heartbeat watches another log group',
    group: 'heartbeat',
    apply: (d) => {
      for (const a of alarms(d)) if (a.metric_name === 'IncomingLogEvents') a.dimensions = { LogGroupName: '/aws/lambda/something-else' };
    },
    weakens: ['alarm-log-delivery-heartbeat'],
  },
  {
    class: 'issue 7.4',
    name: 'the heartbeat fires on too many events instead of too few',
    group: 'heartbeat',
    apply: (d) => {
      for (const a of alarms(d)) if (a.metric_name === 'IncomingLogEvents') a.comparison_operator = 'GreaterThanThreshold';
    },
    weakens: ['alarm-log-delivery-heartbeat'],
  },
  {
    class: 'issue 7.4',
    name: 'the log-admin role retagged break-glass and given cloudtrail:*',
    apply: (d) => {
      const role = logAdmin(d);
      role.tags = { ...role.tags, 'auditready:role': 'break-glass' };
      editPolicy(d, rolePolicyHolder(d, role), 'policy', {
        dropStatement: (s) => isDeny(s, 'cloudtrail:UpdateTrail'),
        addJson: { Sid: 'AllOfCloudTrail', Effect: 'Allow', Action: 'cloudtrail:*', Resource: '*' },
      });
    },
    weakens: ['iam-human-no-trail-changes'],
  },
  {
    class: 'issue 7.4',
    name: 'the auditor retagged break-glass and given s3:PutObject',
    group: 'auditor-tag',
    apply: (d) => {
      const role = auditor(d);
      role.tags = { ...role.tags, 'auditready:role': 'break-glass' };
      editPolicy(d, rolePolicyHolder(d, role), 'policy', { addJson: { Sid: 'Write', Effect: 'Allow', Action: 's3:PutObject', Resource: '*' } });
    },
    weakens: ['iam-auditor-read-only'],
  },
  {
    class: 'issue 7.4',
    name: 'the auditor retagged log-admin and given s3:DeleteObject',
    group: 'auditor-tag',
    apply: (d) => {
      const role = auditor(d);
      role.tags = { ...role.tags, 'auditready:role': 'log-admin' };
      editPolicy(d, rolePolicyHolder(d, role), 'policy', { addJson: { Sid: 'Delete', Effect: 'Allow', Action: 's3:DeleteObject', Resource: '*' } });
    },
    weakens: ['iam-auditor-read-only'],
  },
  {
    class: 'issue 7.4',
    name: 'the log-admin role given reads of the log objects (a reader that can write)',
    apply: (d) =>
      editPolicy(d, rolePolicyHolder(d, logAdmin(d)), 'policy', {
        addJson: { Sid: 'ReadLogs', Effect: 'Allow', Action: 's3:GetObject', Resource: `${auditArn(d)}/*` },
      }),
    weakens: ['iam-auditor-read-only'],
  },

  // 5. The key policy.
  {
    class: 'issue 7.5',
    name: 'kms:Create* (which includes CreateGrant) for an automation role',
    group: 'key-grants',
    apply: (d) =>
      editPolicy(d, trailKey(d), 'policy', {
        addJson: { Sid: 'AutomationCreates', Effect: 'Allow', Principal: { AWS: iamArn(d, 'role/automation') }, Action: 'kms:Create*', Resource: '*' },
      }),
    weakens: ['kms-key-grants-for-aws-resources'],
  },
  {
    class: 'issue 7.5',
    name: 'everything but Decrypt for an automation role (NotAction)',
    group: 'key-grants',
    apply: (d) =>
      editPolicy(d, trailKey(d), 'policy', {
        addJson: { Sid: 'AutomationAllButDecrypt', Effect: 'Allow', Principal: { AWS: iamArn(d, 'role/automation') }, NotAction: 'kms:Decrypt', Resource: '*' },
      }),
    weakens: ['kms-key-grants-for-aws-resources'],
  },
  {
    class: 'issue 7.5',
    name: 'the account delegated by its bare id',
    apply: (d) =>
      editPolicy(d, trailKey(d), 'policy', {
        addJson: { Sid: 'Account', Effect: 'Allow', Principal: { AWS: accountOf(d).account }, Action: 'kms:DescribeKey', Resource: '*' },
      }),
    weakens: ['kms-key-no-iam-delegation'],
  },
  {
    class: 'issue 7.5',
    name: "the account's IAM users delegated (the root confined to principals that are not roles)",
    apply: (d) =>
      editPolicy(d, trailKey(d), 'policy', {
        addJson: {
          Sid: 'AccountUsers',
          Effect: 'Allow',
          Principal: { AWS: iamArn(d, 'root') },
          Action: 'kms:Encrypt',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalType': 'AssumedRole' } },
        },
      }),
    weakens: ['kms-key-no-iam-delegation'],
  },

  // 6. Writes into the WORM bucket, and its settings.
  {
    class: 'issue 7.6',
    name: 'log writes allowed to any trail (StringNotLike on a wildcard aws:SourceArn)',
    group: 'bucket-writes',
    apply: (d) =>
      editPolicy(d, bucketPolicy(d), 'policy', {
        dropStatement: (s) => isDeny(s, 's3:PutObject') && statementParts(s).text.includes('aws:SourceArn'),
        addJson: {
          Sid: 'DenyWritesExceptTrails',
          Effect: 'Deny',
          Principal: '*',
          Action: ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateDelete'],
          Resource: `${auditArn(d)}/AWSLogs/*`,
          Condition: { StringNotLike: { 'aws:SourceArn': 'arn:*:cloudtrail:*:*:trail/*' } },
        },
      }),
    weakens: ['bucket-writes-only-trail', 'trail-s3-data-events'],
  },
  {
    class: 'issue 7.6',
    name: 'a named writer under its own prefix, with no bound on the retention it sets',
    group: 'bucket-writes',
    apply: (d) => {
      const bucket = auditArn(d);
      const { account } = accountOf(d);
      editPolicy(d, bucketPolicy(d), 'policy', {
        dropStatement: (s) => isDeny(s, 's3:PutObject'),
      });
      const writes = ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateDelete'];
      for (const statement of [
        { Sid: 'DenyElsewhere', Effect: 'Deny', Principal: '*', Action: writes, NotResource: [`${bucket}/AWSLogs/${account}/*`, `${bucket}/drop/*`] },
        {
          Sid: 'DenyLogsExceptTrail',
          Effect: 'Deny',
          Principal: '*',
          Action: writes,
          Resource: `${bucket}/AWSLogs/${account}/*`,
          Condition: { StringNotEquals: { 'aws:SourceArn': trailArnOf(d) } },
        },
        {
          Sid: 'DenyDropExceptWriter',
          Effect: 'Deny',
          Principal: '*',
          Action: writes,
          Resource: `${bucket}/drop/*`,
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': iamArn(d, 'role/writer') } },
        },
      ])
        editPolicy(d, bucketPolicy(d), 'policy', { addJson: statement });
    },
    weakens: ['bucket-writes-only-trail', 'trail-s3-data-events'],
  },
  {
    class: 'issue 7.6',
    name: 'the auditor exempted from the settings deny',
    group: 'settings-deny',
    apply: (d) => {
      const arn = roleArn(d, auditor(d));
      editPolicy(d, bucketPolicy(d), 'policy', {
        editStatement: (s) => {
          if (isDeny(s, 's3:PutReplicationConfiguration') && !isDeny(s, 's3:DeleteObjectVersion')) editExemptions(s, (v) => [...v, arn]);
        },
      });
    },
    weakens: ['bucket-settings-named-roles-only'],
  },
  {
    class: 'issue 7.6',
    name: 'the settings deny exempts every role of the account (ArnNotLike role/*)',
    group: 'settings-deny',
    apply: (d) => {
      const all = iamArn(d, 'role/*');
      editPolicy(d, bucketPolicy(d), 'policy', {
        editStatement: (s) => {
          if (isDeny(s, 's3:PutReplicationConfiguration') && !isDeny(s, 's3:DeleteObjectVersion')) editExemptions(s, (v) => [...v, all], 'ArnNotLike');
        },
      });
    },
    weakens: ['bucket-settings-named-roles-only'],
  },

  // 7. Recursive data events.
  {
    class: 'issue 7.7',
    name: 'PutObject left out only under a prefix the trail does not write to',
    group: 'selectors',
    apply: (d) => {
      for (const s of arr(trail(d).advanced_event_selector)) {
        const fields = arr(s.field_selector);
        if (!fields.some((f: Json) => f.field === 'eventName' && arr(f.not_equals).includes('PutObject'))) continue;
        s.field_selector = [...fields.filter((f: Json) => f.field !== 'eventName'), { field: 'eventName', not_equals: ['CompleteMultipartUpload'] }];
      }
    },
    weakens: ['trail-no-recursive-logging'],
  },
  {
    class: 'issue 7.7',
    name: 'classic event selectors recording every write on the audit bucket',
    group: 'selectors',
    apply: (d) => {
      const t = trail(d);
      delete t.advanced_event_selector;
      t.event_selector = [
        { read_write_type: 'All', include_management_events: true, data_resource: [{ type: 'AWS::S3::Object', values: [`${auditArn(d)}/`] }] },
      ];
    },
    weakens: ['trail-no-recursive-logging'],
    // Recording every write records others' writes too.
    masks: ['trail-s3-data-events'],
  },

  // 8. Lifecycle: small objects, restores.
  {
    class: 'issue 7.8',
    name: 'archive transitions with the 128 KB minimum stated (most log files never move)',
    group: 'lifecycle',
    apply: (d) => (archive(d).transition_default_minimum_object_size = 'all_storage_classes_128K'),
    weakens: ['bucket-lifecycle-small-objects'],
  },
  {
    class: 'issue 7.8',
    name: 'archived logs, and the bucket policy denies restores to everyone',
    group: 'lifecycle',
    apply: (d) => {
      archive(d);
      editPolicy(d, bucketPolicy(d), 'policy', {
        addJson: { Sid: 'DenyRestores', Effect: 'Deny', Principal: '*', Action: 's3:RestoreObject', Resource: `${auditArn(d)}/*` },
      });
    },
    weakens: ['bucket-archived-logs-restorable'],
  },
  {
    class: 'issue 7.8',
    name: "archived logs, and the auditor may restore only another bucket's objects",
    group: 'lifecycle',
    apply: (d) => {
      archive(d);
      editPolicy(d, rolePolicyHolder(d, auditor(d)), 'policy', {
        dropAction: (a) => a === 's3:RestoreObject',
        addJson: { Sid: 'RestoreElsewhere', Effect: 'Allow', Action: 's3:RestoreObject', Resource: 'arn:aws:s3:::another-bucket/*' },
      });
    },
    weakens: ['bucket-archived-logs-restorable'],
  },

  // 9. Who reads the CloudWatch Logs copy.
  {
    class: 'issue 7.9',
    name: 'the delivery role may query any log group',
    apply: (d) => {
      const role = refName(trail(d).cloud_watch_logs_role_arn);
      const policy = Object.values(resources(d, 'aws_iam_role_policy')).find((p) => refName(p.role) === role) as Json;
      editPolicy(d, policy, 'policy', { addJson: { Sid: 'Query', Effect: 'Allow', Action: 'logs:StartQuery', Resource: '*' } });
    },
    weakens: ['log-group-read-auditors-only'],
  },
  {
    class: 'issue 7.9',
    name: "an IAM user in the configuration may filter the trail's log group",
    apply: (d) => {
      add(d, 'aws_iam_user', 'analyst', { name: 'analyst' });
      add(d, 'aws_iam_user_policy', 'analyst', {
        user: '${aws_iam_user.analyst.name}',
        policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'logs:FilterLogEvents', Resource: `${trailLogGroupArnOf(d)}:*` }] }),
      });
    },
    weakens: ['log-group-read-auditors-only'],
  },
];

function trailArnOf(doc: Json): string {
  const provider = first(arr(doc.provider.aws)) as Json;
  const { account, partition } = accountOf(doc);
  return `arn:${partition}:cloudtrail:${provider.region}:${account}:trail/${trail(doc).name}`;
}

function trailLogGroupArnOf(doc: Json): string {
  return `\${aws_cloudwatch_log_group.${refName(trail(doc).cloud_watch_logs_group_arn)}.arn}`;
}

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
    // Without the policy, what other changes add to it (a deny of restores, a second public statement) goes too.
    masks: ['bucket-archived-logs-restorable', 'bucket-no-public-principal'],
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
    // The trail no longer uses the key of the file: the rules on that key's policy (and the deploy roles it names) judge no key.
    masks: ['iam-deployers-configure-only', 'kms-key-cloudtrail-bucket-key-decrypt', 'kms-key-grants-for-aws-resources', 'kms-key-no-iam-delegation'],
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
    // It grants s3:RestoreObject on every bucket, so the auditor can restore archived logs whatever else changed.
    masks: ['bucket-archived-logs-restorable'],
  },
  {
    class: 5,
    name: 'PowerUserAccess for the auditor by ARN',
    group: 'auditor-managed',
    apply: (d) => (auditor(d).managed_policy_arns = ['arn:aws:iam::aws:policy/PowerUserAccess']),
    weakens: ['iam-auditor-read-only', 'iam-no-wildcard-actions'],
    // It grants s3:RestoreObject on every bucket, so the auditor can restore archived logs whatever else changed.
    masks: ['bucket-archived-logs-restorable'],
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
  // LessThanThreshold is what the heartbeat alarm needs: this change can set it back.
  everyAlarm('alarms compare the wrong way', (a) => (a.comparison_operator = 'LessThanThreshold'), undefined, ['alarm-log-delivery-heartbeat']),
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
    // Its data selector records every object event, PutObject included: writes by others are recorded again.
    masks: ['trail-s3-data-events'],
  },
  {
    class: 8,
    name: 'only read management events',
    group: 'selectors',
    apply: (d) => advanced(d, [{ field: 'readOnly', equals: ['true'] }], []),
    weakens: ['trail-management-events'],
    // Its data selector records every object event, PutObject included: writes by others are recorded again.
    masks: ['trail-s3-data-events'],
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

  ...ISSUE_7,

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

  // Issue 7's rules on layouts real users write.
  {
    class: 'compliant',
    name: 'the heartbeat as "at most zero events" (LessThanOrEqualToThreshold 0)',
    apply: (d) => {
      for (const a of alarms(d))
        if (a.metric_name === 'IncomingLogEvents') {
          a.comparison_operator = 'LessThanOrEqualToThreshold';
          a.threshold = 0;
        }
    },
    weakens: [],
  },
  {
    class: 'compliant',
    name: "CloudTrail's Decrypt bound by ArnEquals on the trail and by the account",
    apply: (d) =>
      editPolicy(d, trailKey(d), 'policy', {
        dropStatement: (s) => {
          const p = statementParts(s);
          return p.principals.some((id) => id.startsWith('cloudtrail.')) && p.actions.length === 1 && p.actions[0] === 'kms:Decrypt';
        },
        addJson: {
          Sid: 'CloudTrailBucketKeyDecrypt',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { ArnEquals: { 'aws:SourceArn': trailArnOf(d) }, StringEquals: { 'aws:SourceAccount': accountOf(d).account } },
        },
      }),
    weakens: [],
  },
  {
    class: 'compliant',
    name: 'log writes denied with ArnNotEquals on aws:SourceArn',
    apply: (d) =>
      editPolicy(d, bucketPolicy(d), 'policy', {
        editStatement: (s) => {
          if (!isDeny(s, 's3:PutObject')) return;
          if (s.block) {
            for (const c of arr(s.block.condition)) if (c.variable === 'aws:SourceArn' && c.test === 'StringNotEquals') c.test = 'ArnNotEquals';
            return;
          }
          const condition = (s.json as Json).Condition;
          if (condition?.StringNotEquals?.['aws:SourceArn'] === undefined) return;
          condition.ArnNotEquals = { 'aws:SourceArn': condition.StringNotEquals['aws:SourceArn'] };
          delete condition.StringNotEquals['aws:SourceArn'];
          if (Object.keys(condition.StringNotEquals).length === 0) delete condition.StringNotEquals;
        },
      }),
    weakens: [],
  },
  {
    class: 'compliant',
    name: 'an IAM user bound to its own name by StringEquals, MFA age by NumericLessThanEquals, tag keys by ForAllValues:StringLike',
    apply: (d) =>
      addTrust(
        d,
        person(iamArn(d, 'user/carol'), {
          NumericLessThan: undefined,
          NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' },
          StringEquals: { 'sts:SourceIdentity': '$${aws:username}' },
          StringLike: { 'aws:RequestTag/ticket': ['CHG-*', 'INC-*'] },
          'ForAllValues:StringEquals': undefined,
          'ForAllValues:StringLike': { 'aws:TagKeys': ['ticket'] },
        }),
      ),
    weakens: [],
  },
  {
    class: 'compliant',
    name: 'archive transitions with varies_by_storage_class, restored by the auditor',
    apply: (d) => (archive(d).transition_default_minimum_object_size = 'varies_by_storage_class'),
    weakens: [],
  },
];
