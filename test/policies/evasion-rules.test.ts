/**
 * Rule-level evasions (the adversarial review of issue 8): weakenings Terraform accepts that every rule used
 * to pass. Each case applies to every synthesized environment and the hand-written fixture and names the
 * rules that must then not pass; compliant layouts must pass. Service deliveries are asked as the concrete
 * request AWS decides (iam/service-request.ts); alarm patterns are varied on the fields the benchmark's
 * pattern does not test (filter-pattern/variants.ts).
 */
import { check } from '../../policies/engine';
import { modelFromDocument } from '../../policies/load';
import { RULES } from '../../policies/registry';
import { synthesizeStacks } from '../../stacks/build-app';
import { clone, compliantEnvironment, type Json } from './fixtures/environment';
import {
  accessBucket,
  arr,
  auditBucket,
  bucketPolicyHolder,
  editPolicy,
  refName,
  resources,
  type StatementForm,
  statementParts,
  trail,
  trailKey,
  trailLogGroup,
} from './locate';
import { nonPassingRules } from './support';

let documents: { name: string; doc: Json }[];
beforeAll(() => {
  // Environments only: an organization's stacks hold no trail key or log group of their own.
  documents = [
    ...synthesizeStacks()
      .filter((s) => resources(s.terraform as Json, 'aws_cloudtrail') && Object.keys(resources(s.terraform as Json, 'aws_cloudwatch_log_group')).length > 0)
      .map((s) => ({ name: s.environment, doc: s.terraform as Json })),
    { name: 'fixture', doc: compliantEnvironment() },
  ];
});

const nonPassing = (doc: Json, name: string): string[] =>
  nonPassingRules(check([modelFromDocument(doc, `${name}/cdk.tf.json`)], { waivers: [], today: '2026-01-01' }));

const CIS = RULES.map((r) => r.id).filter((id) => id.startsWith('cis-'));
const OTHER_ACCOUNT = '999999999999';

/** Statements of a service principal. */
const of = (service: string) => (s: StatementForm) => statementParts(s).principals.includes(service) && statementParts(s).effect === 'Allow';
/** Sets (or adds) a condition on a statement block. */
function setCondition(s: StatementForm, test: string, variable: string, values: string[]): void {
  const b = s.block as Json;
  b.condition = [...arr(b.condition).filter((c: Json) => c.variable.toLowerCase() !== variable.toLowerCase()), { test, variable, values }];
}
const editKey = (d: Json, where: (s: StatementForm) => boolean, edit: (s: StatementForm) => void): void =>
  editPolicy(d, trailKey(d), 'policy', { editStatement: (s) => where(s) && edit(s) });
const dropKey = (d: Json, where: (s: StatementForm) => boolean): void => editPolicy(d, trailKey(d), 'policy', { dropStatement: where });
const editBucket = (d: Json, bucket: string, where: (s: StatementForm) => boolean, edit: (s: StatementForm) => void): void =>
  editPolicy(d, bucketPolicyHolder(d, bucket), 'policy', { editStatement: (s) => where(s) && edit(s) });
const cloudtrailWrites = (s: StatementForm) => of('cloudtrail.amazonaws.com')(s) && statementParts(s).actions.some((a) => /^s3:PutObject$/i.test(a));
const cloudtrailEncrypts = (s: StatementForm) => of('cloudtrail.amazonaws.com')(s) && statementParts(s).actions.some((a) => /GenerateDataKey/i.test(a));
const logsEncrypt = (s: StatementForm) => statementParts(s).principals.some((p) => /^logs\./.test(p));
const logDeliveryWrites = of('logging.s3.amazonaws.com');
const cloudwatchUses = of('cloudwatch.amazonaws.com');

/** The metric filter whose pattern names `marker`, narrowed with `extra`. */
function narrow(d: Json, marker: string, extra: string): void {
  const filter = Object.values(resources(d, 'aws_cloudwatch_log_metric_filter')).find((f) => String(f.pattern).includes(marker)) as Json;
  const inner = String(filter.pattern).trim().slice(1, -1);
  filter.pattern = `{ (${inner}) && ${extra} }`;
}
const deliveryRole = (d: Json): string => refName(trail(d).cloud_watch_logs_role_arn);
const topics = (d: Json): [string, Json][] => Object.entries(resources(d, 'aws_sns_topic'));
/** Adds a statement to each alarm topic's policy (its aws_sns_topic_policy, or the topic's own argument). */
function addTopicStatement(d: Json, statement: (topicArn: string) => Json): void {
  for (const [name, topic] of topics(d)) {
    const arn = `\${aws_sns_topic.${name}.arn}`;
    const holder = Object.values(resources(d, 'aws_sns_topic_policy')).find((p) => refName(p.arn) === name);
    if (holder) editPolicy(d, holder, 'policy', { addJson: statement(arn) });
    else topic.policy = JSON.stringify({ Version: '2012-10-17', Statement: [statement(arn)] });
  }
}

interface Case {
  readonly name: string;
  readonly apply: (d: Json) => void;
  /** Rules that must not pass; empty for a compliant layout. */
  readonly weakens: readonly string[];
}

const CASES: Record<string, Case[]> = {
  'A. service deliveries are asked as the request the service sends': [
    {
      name: 'key lets CloudWatch publish only for another account',
      apply: (d) => editKey(d, cloudwatchUses, (s) => setCondition(s, 'StringEquals', 'aws:SourceAccount', [OTHER_ACCOUNT])),
      weakens: CIS,
    },
    {
      name: 'key lets CloudWatch publish only from a network (aws:SourceIp, which a service request does not carry)',
      apply: (d) => editKey(d, cloudwatchUses, (s) => setCondition(s, 'IpAddress', 'aws:SourceIp', ['10.0.0.0/8'])),
      weakens: CIS,
    },
    {
      name: "key lets CloudWatch publish only for another account's alarms",
      apply: (d) => editKey(d, cloudwatchUses, (s) => setCondition(s, 'ArnLike', 'aws:SourceArn', [`arn:aws:cloudwatch:*:${OTHER_ACCOUNT}:alarm:*`])),
      weakens: CIS,
    },
    {
      name: 'access-log bucket admits server access logs only from another account',
      apply: (d) => editBucket(d, accessBucket(d), logDeliveryWrites, (s) => setCondition(s, 'StringEquals', 'aws:SourceAccount', [OTHER_ACCOUNT])),
      weakens: ['bucket-access-log-target-deliverable'],
    },
    {
      name: "access-log bucket admits server access logs only from someone else's bucket",
      apply: (d) => editBucket(d, accessBucket(d), logDeliveryWrites, (s) => setCondition(s, 'ArnLike', 'aws:SourceArn', ['arn:aws:s3:::someone-else'])),
      weakens: ['bucket-access-log-target-deliverable'],
    },
    {
      name: 'access-log bucket denies writes from outside a network (NotIpAddress on a key the service does not send)',
      apply: (d) =>
        editPolicy(d, bucketPolicyHolder(d, accessBucket(d)), 'policy', {
          addJson: { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
        }),
      weakens: ['bucket-access-log-target-deliverable'],
    },
    {
      name: 'audit bucket lets CloudTrail write only with a private ACL',
      apply: (d) => editBucket(d, auditBucket(d), cloudtrailWrites, (s) => setCondition(s, 'StringEquals', 's3:x-amz-acl', ['private'])),
      weakens: ['bucket-cloudtrail-source-arn'],
    },
    {
      name: 'audit bucket lets only another trail write',
      apply: (d) =>
        editBucket(d, auditBucket(d), of('cloudtrail.amazonaws.com'), (s) =>
          setCondition(s, 'StringEquals', 'aws:SourceArn', [`arn:aws:cloudtrail:eu-west-1:${OTHER_ACCOUNT}:trail/other`]),
        ),
      weakens: ['bucket-cloudtrail-source-arn'],
    },
    {
      name: "key lets CloudTrail encrypt only for another account's trails",
      apply: (d) =>
        editKey(d, cloudtrailEncrypts, (s) =>
          setCondition(s, 'StringLike', 'kms:EncryptionContext:aws:cloudtrail:arn', [`arn:aws:cloudtrail:*:${OTHER_ACCOUNT}:trail/*`]),
        ),
      weakens: ['trail-kms-cmk'],
    },
  ],
  'B. grants to other accounts': [
    {
      name: "audit bucket lets another account's root read the logs",
      apply: (d) =>
        editPolicy(d, bucketPolicyHolder(d, auditBucket(d)), 'policy', {
          addJson: { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' },
        }),
      weakens: ['bucket-no-public-principal'],
    },
    {
      name: "audit bucket lets another account's role read, by account id alone",
      apply: (d) =>
        editPolicy(d, bucketPolicyHolder(d, auditBucket(d)), 'policy', {
          addJson: { Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, Action: 's3:GetObject', Resource: '*' },
        }),
      weakens: ['bucket-no-public-principal'],
    },
    {
      name: 'access-log bucket grants a canonical user',
      apply: (d) =>
        editPolicy(d, bucketPolicyHolder(d, accessBucket(d)), 'policy', {
          addJson: {
            Effect: 'Allow',
            Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
            Action: 's3:GetObject',
            Resource: '*',
          },
        }),
      weakens: ['bucket-no-public-principal'],
    },
    {
      name: "key policy lets another account's role decrypt",
      apply: (d) =>
        editPolicy(d, trailKey(d), 'policy', {
          addJson: { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/reader` }, Action: 'kms:Decrypt', Resource: '*' },
        }),
      weakens: ['kms-key-policy-no-public-principal'],
    },
    {
      name: 'a grant lets another account decrypt with the trail key',
      apply: (d) => {
        d.resource.aws_kms_grant = {
          x: {
            name: 'x',
            key_id: `\${aws_kms_key.${refName(trail(d).kms_key_id)}.key_id}`,
            grantee_principal: `arn:aws:iam::${OTHER_ACCOUNT}:root`,
            operations: ['Decrypt'],
          },
        };
      },
      weakens: ['kms-key-policy-no-public-principal'],
    },
    {
      name: 'a replica of the trail key with its own policy',
      apply: (d) => {
        trailKey(d).multi_region = true;
        d.resource.aws_kms_replica_key = {
          x: {
            primary_key_arn: `\${aws_kms_key.${refName(trail(d).kms_key_id)}.arn}`,
            policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] }),
          },
        };
      },
      weakens: ['kms-key-policy-no-public-principal'],
    },
    {
      name: 'the audit bucket replicates to a bucket in another account',
      apply: (d) => {
        d.resource.aws_s3_bucket_replication_configuration = {
          x: {
            bucket: `\${aws_s3_bucket.${auditBucket(d)}.id}`,
            role: 'arn:aws:iam::111122223333:role/replication',
            rule: [{ id: 'all', status: 'Enabled', filter: [{}], destination: [{ bucket: 'arn:aws:s3:::elsewhere', account: OTHER_ACCOUNT }] }],
          },
        };
      },
      weakens: ['bucket-no-public-principal'],
    },
  ],
  'C. alarm patterns narrowed on fields the benchmark does not test': [
    { name: 'CIS 5.5 except changes to one trail', apply: (d) => narrow(d, 'StopLogging', '($.requestParameters.name != "audit")'), weakens: ['cis-05'] },
    { name: 'CIS 5.3 except one source address', apply: (d) => narrow(d, 'Root', '($.sourceIPAddress != "203.0.113.7")'), weakens: ['cis-03'] },
    {
      name: 'CIS 5.1 except one role',
      apply: (d) => narrow(d, 'UnauthorizedOperation', '($.userIdentity.sessionContext.sessionIssuer.userName != "ops")'),
      weakens: ['cis-01'],
    },
    { name: 'CIS 5.4 except one user agent', apply: (d) => narrow(d, 'PutRolePolicy', '($.userAgent != "Boto3/1.34.0")'), weakens: ['cis-04'] },
    { name: 'CIS 5.4 only in one region', apply: (d) => narrow(d, 'PutRolePolicy', '($.awsRegion = "us-east-1")'), weakens: ['cis-04'] },
    { name: 'CIS 5.5 only when an optional field is present', apply: (d) => narrow(d, 'StopLogging', '($.tlsDetails.tlsVersion = "*")'), weakens: ['cis-05'] },
    {
      name: 'compliant: CIS 5.5 also naming its event source',
      apply: (d) => narrow(d, 'StopLogging', '($.eventSource = "cloudtrail.amazonaws.com")'),
      weakens: [],
    },
    {
      name: "compliant: CIS 5.1 leaving out S3 log delivery's denials, as the benchmark does",
      apply: (d) => narrow(d, 'UnauthorizedOperation', '($.sourceIPAddress != "delivery.logs.amazonaws.com")'),
      weakens: [],
    },
  ],
  'D. the path from trail to alarm to person': [
    {
      name: "the delivery role's policy is deleted",
      apply: (d) => {
        for (const [n, p] of Object.entries(resources(d, 'aws_iam_role_policy')))
          if (refName(p.role) === deliveryRole(d)) delete d.resource.aws_iam_role_policy[n];
      },
      weakens: ['trail-cloudwatch-logs'],
    },
    {
      name: 'the delivery role trusts EC2, not CloudTrail',
      apply: (d) => {
        resources(d, 'aws_iam_role')[deliveryRole(d)].assume_role_policy = JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        });
      },
      weakens: ['trail-cloudwatch-logs'],
    },
    { name: "the key statement for CloudTrail's encryption is removed", apply: (d) => dropKey(d, cloudtrailEncrypts), weakens: ['trail-kms-cmk'] },
    { name: "the key statement for CloudWatch Logs' encryption is removed", apply: (d) => dropKey(d, logsEncrypt), weakens: ['log-group-kms'] },
    {
      name: 'the topic policy denies CloudWatch publishing',
      apply: (d) =>
        addTopicStatement(d, (arn) => ({ Effect: 'Deny', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: arn })),
      weakens: CIS,
    },
    {
      name: 'the topic policy lets anyone subscribe',
      apply: (d) => addTopicStatement(d, (arn) => ({ Effect: 'Allow', Principal: '*', Action: ['sns:Subscribe', 'sns:SetTopicAttributes'], Resource: arn })),
      weakens: CIS,
    },
    {
      name: 'every subscription filters on an attribute alarms do not carry',
      apply: (d) => {
        for (const s of Object.values(resources(d, 'aws_sns_topic_subscription'))) s.filter_policy = JSON.stringify({ severity: ['never'] });
      },
      weakens: CIS,
    },
    {
      name: 'the log group is of the Infrequent Access class',
      apply: (d) => (trailLogGroup(d).log_group_class = 'INFREQUENT_ACCESS'),
      weakens: ['trail-cloudwatch-logs'],
    },
    { name: 'compliant: the log group class is written out as STANDARD', apply: (d) => (trailLogGroup(d).log_group_class = 'STANDARD'), weakens: [] },
  ],
};

const ruleOf = (short: string): string =>
  short.startsWith('cis-') && short.length === 6 ? (CIS.find((id) => id.startsWith(`cis-5-${short.slice(4)}`)) as string) : short;

it('every document passes unchanged', () => {
  for (const { name, doc } of documents) expect({ name, failing: nonPassing(doc, name) }).toEqual({ name, failing: [] });
});

describe.each(Object.keys(CASES))('%s', (cls) => {
  it.each((CASES[cls] ?? []).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    for (const { name, doc } of documents) {
      const mutated = clone(doc);
      c.apply(mutated);
      const failing = nonPassing(mutated, name);
      if (c.weakens.length === 0) expect({ name, failing }).toEqual({ name, failing: [] });
      else expect({ name, missed: c.weakens.map(ruleOf).filter((r) => !failing.includes(r)) }).toEqual({ name, missed: [] });
    }
  });
});
