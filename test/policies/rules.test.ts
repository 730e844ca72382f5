/**
 * Every rule on the small hand-written fixture: the compliant case, the non-compliant case (the rule's
 * mutation from mutations.ts), the unknown case (a value the rule reads made unresolvable: it must fail
 * closed) and the not-applicable case, each asserting the exact message.
 */
import { RULES } from '../../policies/registry';
import { clone, compliantEnvironment, type Json } from './fixtures/environment';
import { MUTATIONS, type Mutation } from './mutations';
import { checkDocument, findings, nonPassingRules } from './support';

type Finding = [string | undefined, string];

const TRAIL = 'aws_cloudtrail.trail';
const AUDIT = 'aws_s3_bucket.audit';
const ACCESS = 'aws_s3_bucket.access';
const KEY = 'aws_kms_key.key';
const GROUP = 'aws_cloudwatch_log_group.trail';
const AUDITOR = 'aws_iam_role.auditor';

const removeTrail = (doc: Json): void => {
  delete doc.resource.aws_cloudtrail;
};
const removeLogDelivery = (doc: Json): void => {
  delete doc.resource.aws_cloudtrail.trail.cloud_watch_logs_group_arn;
};
const removeKeys = (doc: Json): void => {
  delete doc.resource.aws_kms_key;
};
const removeHumanRoles = (doc: Json): void => {
  delete doc.resource.aws_iam_role.auditor;
  delete doc.resource.aws_iam_role.operator;
};
const removeTrailKey = (doc: Json): void => {
  delete doc.resource.aws_cloudtrail.trail.kms_key_id;
};
/** Adds a statement to the key policy (a data source). */
const addKeyStatement = (doc: Json, statement: Json): void => {
  doc.data.aws_iam_policy_document.key.statement.push(statement);
};

const NO_TRAIL: Finding = [undefined, 'no aws_cloudtrail in this environment'];
const NO_AUDIT_BUCKET: Finding = [undefined, 'no audit bucket (no trail delivers to a bucket in this configuration)'];
const NO_LOG_BUCKET: Finding = [undefined, 'no audit or access-log bucket in this configuration'];
const NO_LOG_GROUP: Finding = [undefined, 'no trail delivers to a CloudWatch log group in this configuration'];
const NO_KEY: Finding = [undefined, 'no aws_kms_key in this configuration'];
const NO_HUMAN: Finding = [undefined, 'no human role in this configuration'];
const NO_TRAIL_KEY: Finding = [undefined, 'no trail key (no trail encrypts with a key in this configuration)'];
const OPERATOR = 'aws_iam_role.operator';
const TRUST_FROM_VARIABLE = {
  apply: (doc: Json) => (r(doc, 'aws_iam_role', 'auditor').assume_role_policy = '${var.trust}'),
  finding: [
    AUDITOR,
    'trust policies cannot be resolved: the policy of aws_iam_role.auditor cannot be resolved (${var.trust}); unknown values fail closed',
  ] as Finding,
};

interface Case {
  readonly pass: Finding;
  /** The failing findings (one per resource the mutation breaks). */
  readonly fail: Finding | readonly Finding[];
  readonly unknown: { readonly apply: (doc: Json) => void; readonly finding: Finding };
  readonly notApplicable: { readonly apply: (doc: Json) => void; readonly finding: Finding };
}

const r = (doc: Json, type: string, name: string): Json => doc.resource[type][name];

const CIS_SUBJECTS: Record<string, [string, string]> = {
  'cis-5-01-unauthorized-api-calls': ['5.1', 'unauthorized API calls'],
  'cis-5-02-console-signin-without-mfa': ['5.2', 'console sign-ins without MFA'],
  'cis-5-03-root-account-usage': ['5.3', 'uses of the root account'],
  'cis-5-04-iam-policy-changes': ['5.4', 'IAM policy changes'],
  'cis-5-05-cloudtrail-config-changes': ['5.5', 'CloudTrail configuration changes'],
  'cis-5-06-console-auth-failures': ['5.6', 'console authentication failures'],
  'cis-5-07-cmk-disable-or-deletion': ['5.7', 'disabled or scheduled-for-deletion customer-managed keys'],
  'cis-5-08-s3-bucket-policy-changes': ['5.8', 'S3 bucket policy changes'],
  'cis-5-09-config-changes': ['5.9', 'AWS Config configuration changes'],
  'cis-5-10-security-group-changes': ['5.10', 'security group changes'],
  'cis-5-11-nacl-changes': ['5.11', 'network ACL changes'],
  'cis-5-12-network-gateway-changes': ['5.12', 'network gateway changes'],
  'cis-5-13-route-table-changes': ['5.13', 'route table changes'],
  'cis-5-14-vpc-changes': ['5.14', 'VPC changes'],
  'cis-5-15-organizations-changes': ['5.15', 'AWS Organizations changes'],
};

const cisCases: Record<string, Case> = Object.fromEntries(
  Object.entries(CIS_SUBJECTS).map(([rule, [control, subject]]) => {
    const id = `cis-${control.replace('.', '-')}`;
    return [
      rule,
      {
        pass: [
          `aws_cloudwatch_log_metric_filter.${id}`,
          `CIS ${control} (${subject}): aws_cloudwatch_metric_alarm.${id} notifies encrypted topic aws_sns_topic.alarms`,
        ],
        fail: [GROUP, `no metric filter on this log group matches CIS ${control} (${subject})`],
        unknown: {
          apply: (doc: Json) => (r(doc, 'aws_cloudwatch_metric_alarm', id).threshold = '${var.threshold}'),
          finding: [`aws_cloudwatch_metric_alarm.${id}`, 'threshold cannot be resolved (${var.threshold}); unknown values fail closed'],
        },
        notApplicable: { apply: removeLogDelivery, finding: NO_LOG_GROUP },
      },
    ];
  }),
);

const CASES: Record<string, Case> = {
  'trail-present': {
    pass: [TRAIL, 'trail is defined'],
    fail: [undefined, 'no aws_cloudtrail in this environment: API activity is not recorded'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudtrail', 'trail').count = '${var.enabled ? 1 : 0}'),
      finding: ['aws_cloudtrail.trail', 'whether it exists depends on count = ${var.enabled ? 1 : 0}, which cannot be resolved; unknown values fail closed'],
    },
    notApplicable: { apply: (doc) => (doc.resource = {}), finding: [undefined, 'the configuration defines no resources'] },
  },
  'trail-multi-region': {
    pass: [TRAIL, 'is_multi_region_trail is true'],
    fail: [TRAIL, 'is_multi_region_trail is false: events in other regions are not recorded'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudtrail', 'trail').is_multi_region_trail = '${var.multi_region}'),
      finding: ['aws_cloudtrail.trail', 'is_multi_region_trail cannot be resolved (${var.multi_region}); unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_TRAIL },
  },
  'trail-global-service-events': {
    pass: [TRAIL, 'include_global_service_events is true'],
    fail: [TRAIL, 'include_global_service_events is false: IAM, STS and other global service events are not recorded'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudtrail', 'trail').include_global_service_events = '${var.global}'),
      finding: ['aws_cloudtrail.trail', 'include_global_service_events cannot be resolved (${var.global}); unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_TRAIL },
  },
  'trail-logging-enabled': {
    pass: [TRAIL, 'enable_logging is true'],
    fail: [TRAIL, 'enable_logging is false: the trail records nothing'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudtrail', 'trail').enable_logging = '${var.logging}'),
      finding: ['aws_cloudtrail.trail', 'enable_logging cannot be resolved (${var.logging}); unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_TRAIL },
  },
  'trail-log-file-validation': {
    pass: [TRAIL, 'enable_log_file_validation is true'],
    fail: [TRAIL, 'enable_log_file_validation is false (absent means false): tampering with delivered log files cannot be detected'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudtrail', 'trail').enable_log_file_validation = '${var.validation}'),
      finding: ['aws_cloudtrail.trail', 'enable_log_file_validation cannot be resolved (${var.validation}); unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_TRAIL },
  },
  'trail-kms-cmk': {
    pass: [TRAIL, `log files are encrypted with ${KEY}`],
    fail: [TRAIL, 'kms_key_id is not set (absent means SSE-S3): log files are not encrypted with a customer-managed key'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudtrail', 'trail').kms_key_id = '${var.key}'),
      finding: [
        'aws_cloudtrail.trail',
        'kms_key_id cannot be resolved: ${var.key} comes from outside this file (a variable, local, module output or function); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeTrail, finding: NO_TRAIL },
  },
  'trail-cloudwatch-logs': {
    pass: [TRAIL, `events are delivered to ${GROUP}`],
    fail: [TRAIL, 'cloud_watch_logs_group_arn does not end in ":*": CloudTrail rejects it'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudtrail', 'trail').cloud_watch_logs_group_arn = '${var.group_arn}:*'),
      finding: [
        'aws_cloudtrail.trail',
        'cloud_watch_logs_group_arn cannot be resolved: ${var.group_arn}:* comes from outside this file (a variable, local, module output or function); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeTrail, finding: NO_TRAIL },
  },
  'trail-management-events': {
    pass: [TRAIL, 'read and write management events are recorded'],
    fail: [TRAIL, 'read and write management events are not recorded'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudtrail', 'trail').advanced_event_selector[0].field_selector[0].equals = ['${var.category}']),
      finding: [
        'aws_cloudtrail.trail',
        'which management events are recorded cannot be resolved: an advanced event selector has a field or value that cannot be resolved; unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeTrail, finding: NO_TRAIL },
  },
  'trail-s3-data-events': {
    pass: [TRAIL, `S3 data events on ${AUDIT} are recorded except PutObject, which the bucket policy allows to this trail alone`],
    fail: [TRAIL, `read and write S3 data events on ${AUDIT} are not recorded`],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudtrail', 'trail').advanced_event_selector[1].field_selector[2].starts_with = ['${var.bucket_arn}/']),
      finding: [
        'aws_cloudtrail.trail',
        'which S3 data events are recorded cannot be resolved: an advanced event selector has a field or value that cannot be resolved; unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeTrail, finding: NO_TRAIL },
  },
  'bucket-object-lock': {
    pass: [AUDIT, 'Object Lock COMPLIANCE retention of 400 days'],
    fail: [AUDIT, 'default retention of 1 days is below the prod minimum of 365 days'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_object_lock_configuration', 'audit').bucket = '${var.bucket}'),
      finding: [
        'aws_s3_bucket.audit',
        'Object Lock configurations cannot be resolved: aws_s3_bucket_object_lock_configuration.audit.bucket cannot be resolved (${var.bucket}): it may point to any aws_s3_bucket; unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeTrail, finding: NO_AUDIT_BUCKET },
  },
  'bucket-versioning': {
    pass: [ACCESS, 'versioning is enabled'],
    fail: [ACCESS, 'versioning status is Suspended: overwritten or deleted objects are lost'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_versioning', 'access').versioning_configuration.status = '${var.status}'),
      finding: ['aws_s3_bucket.access', 'versioning_configuration.status cannot be resolved (${var.status}); unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_LOG_BUCKET },
  },
  'bucket-sse-kms': {
    pass: [AUDIT, `default encryption is SSE-KMS with ${KEY}`],
    fail: [AUDIT, 'default encryption is AES256: objects are not encrypted with a customer-managed key'],
    unknown: {
      apply: (doc) =>
        (r(doc, 'aws_s3_bucket_server_side_encryption_configuration', 'audit').rule[0].apply_server_side_encryption_by_default.kms_master_key_id =
          '${var.key}'),
      finding: [
        'aws_s3_bucket.audit',
        'kms_master_key_id cannot be resolved: ${var.key} comes from outside this file (a variable, local, module output or function); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeTrail, finding: NO_AUDIT_BUCKET },
  },
  'bucket-public-access-block': {
    pass: [AUDIT, 'all four public access block settings are on'],
    fail: [AUDIT, 'public access block leaves restrict_public_buckets off (absent means false)'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_public_access_block', 'audit').block_public_policy = '${var.block}'),
      finding: ['aws_s3_bucket.audit', 'block_public_policy cannot be resolved (${var.block}); unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_LOG_BUCKET },
  },
  'bucket-acls-disabled': {
    pass: [AUDIT, 'object ownership is BucketOwnerEnforced'],
    fail: [AUDIT, 'object ownership is ObjectWriter: ACLs are enabled'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_ownership_controls', 'audit').rule.object_ownership = '${var.ownership}'),
      finding: ['aws_s3_bucket.audit', 'object_ownership cannot be resolved (${var.ownership}); unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_LOG_BUCKET },
  },
  'bucket-tls-only': {
    pass: [AUDIT, 'requests without TLS are denied'],
    fail: [AUDIT, 'no Deny statement on aws:SecureTransport false covers s3:* on the bucket and its objects for every principal'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_policy', 'audit').policy = '${file("policy.json")}'),
      finding: [
        'aws_s3_bucket.audit',
        'bucket policies cannot be resolved: the policy of aws_s3_bucket_policy.audit cannot be resolved (${file("policy.json")}); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeTrail, finding: NO_LOG_BUCKET },
  },
  'bucket-no-public-principal': {
    pass: [ACCESS, 'no statement allows the public or another account'],
    fail: [ACCESS, 'statement PublicRead allows principal "*" without a condition that binds it to an account, organization or source'],
    unknown: {
      apply: (doc) =>
        doc.data.aws_iam_policy_document.access.statement.push({
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: ['${var.reader}'] }],
          actions: ['s3:GetObject'],
          resources: ['*'],
        }),
      finding: ['aws_s3_bucket.access', 'whether the policy admits the public cannot be resolved; unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_LOG_BUCKET },
  },
  'bucket-cloudtrail-source-arn': {
    pass: [AUDIT, 'CloudTrail statements are bound to the trail by aws:SourceArn, and its deliveries are allowed'],
    fail: [AUDIT, 'statement CloudTrailAclCheck for cloudtrail.amazonaws.com has no aws:SourceArn condition naming a trail'],
    unknown: {
      apply: (doc) => (doc.data.aws_iam_policy_document.audit.statement[2].condition[1].values = ['${var.trail_arn}']),
      finding: [
        'aws_s3_bucket.audit',
        "whether CloudTrail's access is bound to the trail, and its deliveries allowed, cannot be resolved; unknown values fail closed",
      ],
    },
    notApplicable: { apply: removeTrail, finding: NO_AUDIT_BUCKET },
  },
  'bucket-access-logging': {
    pass: [AUDIT, `server access logs go to ${ACCESS}`],
    fail: [AUDIT, 'server access logging is not configured (absent means off)'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_logging', 'audit').target_bucket = '${var.log_bucket}'),
      finding: [
        'aws_s3_bucket.audit',
        'target_bucket cannot be resolved: ${var.log_bucket} comes from outside this file (a variable, local, module output or function); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeTrail, finding: NO_AUDIT_BUCKET },
  },
  'bucket-access-log-target-deliverable': {
    pass: [ACCESS, 'accepts server access logs (SSE-S3, no Object Lock default retention, logging.s3.amazonaws.com may write)'],
    fail: [ACCESS, 'default encryption is aws:kms: S3 delivers server access logs only to SSE-S3 buckets'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_server_side_encryption_configuration', 'access').bucket = '${var.bucket}'),
      finding: [
        'aws_s3_bucket.access',
        'encryption configurations cannot be resolved: aws_s3_bucket_server_side_encryption_configuration.access.bucket cannot be resolved (${var.bucket}): it may point to any aws_s3_bucket; unknown values fail closed',
      ],
    },
    notApplicable: {
      apply: (doc) => delete doc.resource.aws_s3_bucket_logging,
      finding: [undefined, 'no access-log bucket (the audit bucket logs to no bucket in this configuration)'],
    },
  },
  'bucket-lifecycle-retention': {
    pass: [AUDIT, 'no lifecycle rule expires objects before 400 days'],
    fail: [AUDIT, 'lifecycle rule retention sets expiration.days to 30, below the required 400 days'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_lifecycle_configuration', 'access').rule[0].expiration[0].days = '${var.days}'),
      finding: ['aws_s3_bucket.access', 'expiration.days cannot be resolved (${var.days}); unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_LOG_BUCKET },
  },
  'bucket-force-destroy': {
    pass: [ACCESS, 'force_destroy is false'],
    fail: [ACCESS, 'force_destroy is true: terraform destroy deletes every log object with the bucket'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket', 'access').force_destroy = '${var.force}'),
      finding: ['aws_s3_bucket.access', 'force_destroy cannot be resolved (${var.force}); unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_LOG_BUCKET },
  },
  'log-resources-prevent-destroy': {
    pass: [AUDIT, 'lifecycle.prevent_destroy is true'],
    fail: [AUDIT, 'lifecycle.prevent_destroy is not true (absent means false): terraform destroy can remove it'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket', 'audit').lifecycle = { prevent_destroy: '${var.protect}' }),
      finding: ['aws_s3_bucket.audit', 'lifecycle.prevent_destroy cannot be resolved (${var.protect}); unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: [undefined, 'no log bucket or trail key in this configuration'] },
  },
  'kms-key-rotation': {
    pass: [KEY, 'key rotates every 365 days'],
    fail: [KEY, 'enable_key_rotation is false: the key material never rotates'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_kms_key', 'key').enable_key_rotation = '${var.rotate}'),
      finding: ['aws_kms_key.key', 'enable_key_rotation cannot be resolved (${var.rotate}); unknown values fail closed'],
    },
    notApplicable: { apply: removeKeys, finding: NO_KEY },
  },
  'kms-key-deletion-window': {
    pass: [KEY, 'deletion window is 30 days'],
    fail: [KEY, 'deletion_window_in_days is 7, below 30 days'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_kms_key', 'key').deletion_window_in_days = '${var.window}'),
      finding: ['aws_kms_key.key', 'deletion_window_in_days cannot be resolved (${var.window}); unknown values fail closed'],
    },
    notApplicable: { apply: removeKeys, finding: NO_KEY },
  },
  'kms-key-policy-no-public-principal': {
    pass: [KEY, 'no statement allows the public or another account'],
    fail: [KEY, 'statement Everyone allows principal "*" without a condition that binds it to an account, organization or source'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_kms_key', 'key').policy = '${var.key_policy}'),
      finding: [
        'aws_kms_key.key',
        'key policies cannot be resolved: the policy of aws_kms_key.key cannot be resolved (${var.key_policy}); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeKeys, finding: NO_KEY },
  },
  'log-group-kms': {
    pass: [GROUP, `log group is encrypted with ${KEY}, whose policy lets CloudWatch Logs use it for this group`],
    fail: [GROUP, 'kms_key_id is not set (absent means service-owned encryption)'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudwatch_log_group', 'trail').kms_key_id = '${var.key}'),
      finding: [
        'aws_cloudwatch_log_group.trail',
        'kms_key_id cannot be resolved: ${var.key} comes from outside this file (a variable, local, module output or function); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeLogDelivery, finding: NO_LOG_GROUP },
  },
  'log-group-retention': {
    pass: [GROUP, 'events are kept 400 days'],
    fail: [GROUP, 'retention_in_days is 30, below the prod minimum of 365 days'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudwatch_log_group', 'trail').retention_in_days = '${local.days}'),
      finding: ['aws_cloudwatch_log_group.trail', 'retention_in_days cannot be resolved (${local.days}); unknown values fail closed'],
    },
    notApplicable: { apply: removeLogDelivery, finding: NO_LOG_GROUP },
  },
  ...cisCases,
  'iam-no-wildcard-actions': {
    pass: ['aws_iam_role_policy.delivery', 'no statement allows action "*"'],
    fail: ['aws_iam_role_policy.delivery', 'statement Everything allows action "*"'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_iam_role_policy', 'delivery').policy = '${var.delivery_policy}'),
      finding: [
        'aws_iam_role_policy.delivery',
        'the policy of aws_iam_role_policy.delivery cannot be resolved (${var.delivery_policy}); unknown values fail closed',
      ],
    },
    notApplicable: {
      apply: (doc) => {
        delete doc.resource.aws_iam_policy;
        delete doc.resource.aws_iam_role_policy;
        delete doc.resource.aws_iam_role_policy_attachment;
      },
      finding: [undefined, 'no IAM policy or policy attachment in this configuration'],
    },
  },
  'iam-auditor-read-only': {
    pass: [AUDITOR, 'every allowed action is read-only'],
    fail: [AUDITOR, 'aws_iam_policy.auditor allows s3:DeleteObject, which is not read-only'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_iam_role_policy_attachment', 'auditor').policy_arn = '${var.policy_arn}'),
      finding: [
        'aws_iam_role.auditor',
        'permissions cannot be resolved: aws_iam_role_policy_attachment.auditor: ${var.policy_arn} comes from outside this file (a variable, local, module output or function); unknown values fail closed',
      ],
    },
    notApplicable: {
      apply: removeHumanRoles,
      finding: [undefined, 'no auditor role (tagged auditready:role = auditor, or a human role that reads the logs) in this configuration'],
    },
  },
  'iam-human-mfa': {
    pass: [AUDITOR, 'every trust statement for AWS principals requires MFA'],
    fail: [
      [AUDITOR, 'trust statement People admits an AWS principal without MFA'],
      [OPERATOR, 'trust statement Operators admits an AWS principal without MFA'],
    ],
    unknown: {
      apply: (doc) => (r(doc, 'aws_iam_role', 'auditor').assume_role_policy = '${var.trust}'),
      finding: [
        'aws_iam_role.auditor',
        'trust policies cannot be resolved: the policy of aws_iam_role.auditor cannot be resolved (${var.trust}); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeHumanRoles, finding: NO_HUMAN },
  },
  'iam-human-access-context': {
    pass: [AUDITOR, 'trust statements require a source identity and a request tag'],
    fail: [
      [AUDITOR, 'trust statement People has no sts:SourceIdentity condition'],
      [OPERATOR, 'trust statement Operators has no sts:SourceIdentity condition'],
    ],
    unknown: {
      apply: (doc) => (r(doc, 'aws_iam_role', 'auditor').assume_role_policy = '${var.trust}'),
      finding: [
        'aws_iam_role.auditor',
        'trust policies cannot be resolved: the policy of aws_iam_role.auditor cannot be resolved (${var.trust}); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeHumanRoles, finding: NO_HUMAN },
  },
  'kms-key-cloudtrail-bucket-key-decrypt': {
    pass: [TRAIL, `CloudTrail may kms:Decrypt with ${KEY} for this trail alone`],
    fail: [
      TRAIL,
      `the policy of ${KEY} does not let cloudtrail.amazonaws.com kms:Decrypt for this trail without an encryption context: with the S3 Bucket Key of ${AUDIT}, creating or updating the trail fails`,
    ],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_server_side_encryption_configuration', 'audit').rule[0].bucket_key_enabled = '${var.bucket_key}'),
      finding: [AUDIT, 'bucket_key_enabled cannot be resolved (${var.bucket_key}); unknown values fail closed'],
    },
    notApplicable: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_server_side_encryption_configuration', 'audit').rule[0].bucket_key_enabled = false),
      finding: [TRAIL, `${AUDIT} uses no S3 Bucket Key with SSE-KMS`],
    },
  },
  'kms-key-no-iam-delegation': {
    pass: [KEY, 'the key policy names every principal it admits; IAM policies add nothing'],
    fail: [KEY, 'statement AccountEncrypts lets any IAM principal of the account use or administer the key through its IAM policy'],
    unknown: {
      apply: (doc) =>
        addKeyStatement(doc, {
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: ['${var.reader}'] }],
          actions: ['kms:DescribeKey'],
          resources: ['*'],
        }),
      finding: [KEY, 'whether the key policy delegates to the account cannot be resolved; unknown values fail closed'],
    },
    notApplicable: { apply: removeTrailKey, finding: NO_TRAIL_KEY },
  },
  'kms-key-grants-for-aws-resources': {
    pass: [KEY, 'only the break-glass role may create grants, and only for AWS resources'],
    fail: [KEY, 'statement AutomationGrants lets an AWS principal create grants that are not for an AWS resource'],
    unknown: {
      apply: (doc) =>
        addKeyStatement(doc, {
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: ['${var.granter}'] }],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          condition: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
        }),
      finding: [KEY, 'a principal that may create grants cannot be resolved; unknown values fail closed'],
    },
    notApplicable: { apply: removeTrailKey, finding: NO_TRAIL_KEY },
  },
  'iam-deployers-configure-only': {
    pass: [
      KEY,
      "the deploy roles (arn:aws:iam::111122223333:role/fixture-deployer) administer the key and the log buckets' settings, and may not read or destroy the logs",
    ],
    fail: [
      KEY,
      `the bucket policy of ${AUDIT} denies s3:PutLifecycleConfiguration to the deploy role arn:aws:iam::111122223333:role/fixture-deployer: its next deploy is locked out`,
    ],
    unknown: {
      apply: (doc) =>
        addKeyStatement(doc, {
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: ['${var.deployer}'] }],
          actions: ['kms:PutKeyPolicy'],
          resources: ['*'],
        }),
      finding: [KEY, 'a principal that administers the key cannot be resolved; unknown values fail closed'],
    },
    notApplicable: { apply: removeTrailKey, finding: NO_TRAIL_KEY },
  },
  'bucket-writes-only-trail': {
    pass: [AUDIT, 'object writes are denied to every request not from the trail'],
    fail: [AUDIT, 's3:PutObject or a replication write is not denied to requests from anyone but this trail'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_policy', 'audit').policy = '${file("policy.json")}'),
      finding: [AUDIT, 'the policy of aws_s3_bucket_policy.audit cannot be resolved (${file("policy.json")}); unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_AUDIT_BUCKET },
  },
  'bucket-settings-named-roles-only': {
    pass: [AUDIT, 'settings changes are denied to every principal but the roles the policy names, none of them a human role but break-glass'],
    fail: [AUDIT, 's3:PutBucketPolicy is not denied to principals the policy does not name'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_policy', 'audit').policy = '${file("policy.json")}'),
      finding: [
        AUDIT,
        'bucket policies cannot be resolved: the policy of aws_s3_bucket_policy.audit cannot be resolved (${file("policy.json")}); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeTrail, finding: NO_LOG_BUCKET },
  },
  'bucket-lifecycle-small-objects': {
    pass: [AUDIT, 'log files under 128 KB move to the archive classes (varies_by_storage_class)'],
    fail: [AUDIT, 'transition_default_minimum_object_size is not set (absent means all_storage_classes_128K): log files under 128 KB never transition'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_s3_bucket_lifecycle_configuration', 'audit').transition_default_minimum_object_size = '${var.size}'),
      finding: [AUDIT, 'transition_default_minimum_object_size cannot be resolved (${var.size}); unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_LOG_BUCKET },
  },
  'bucket-archived-logs-restorable': {
    pass: [AUDIT, `${AUDITOR} may restore archived log files (GLACIER)`],
    fail: [AUDIT, 'log files move to GLACIER, DEEP_ARCHIVE, and no auditor role may s3:RestoreObject them'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_iam_role_policy_attachment', 'auditor').policy_arn = '${var.policy_arn}'),
      finding: [AUDIT, 'whether an auditor may restore archived log files cannot be resolved; unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_AUDIT_BUCKET },
  },
  'iam-human-mfa-age': {
    pass: [AUDITOR, 'no trust statement admits an MFA older than 3600 seconds'],
    fail: [
      [AUDITOR, 'trust statement People admits an MFA made 3601 seconds before, more than the 3600 allowed'],
      [OPERATOR, 'trust statement Operators admits an MFA made 3601 seconds before, more than the 3600 allowed'],
    ],
    unknown: TRUST_FROM_VARIABLE,
    notApplicable: { apply: removeHumanRoles, finding: NO_HUMAN },
  },
  'iam-human-source-identity-bound': {
    pass: [AUDITOR, 'IAM users assume the role only with their own user name as source identity'],
    fail: [
      [AUDITOR, 'trust statement AnyIdentity lets arn:aws:iam::111122223333:user/mallory assume the role with a source identity other than its own user name'],
      [OPERATOR, 'trust statement AnyIdentity lets arn:aws:iam::111122223333:user/mallory assume the role with a source identity other than its own user name'],
    ],
    unknown: TRUST_FROM_VARIABLE,
    notApplicable: { apply: removeHumanRoles, finding: NO_HUMAN },
  },
  'iam-human-session-tags-limited': {
    pass: [AUDITOR, 'sessions may carry no tag key but ticket'],
    fail: [
      [AUDITOR, 'trust statement People lets a session carry tag keys other than ticket'],
      [OPERATOR, 'trust statement Operators lets a session carry tag keys other than ticket'],
    ],
    unknown: TRUST_FROM_VARIABLE,
    notApplicable: { apply: removeHumanRoles, finding: NO_HUMAN },
  },
  'iam-human-no-trail-changes': {
    pass: [TRAIL, 'no human role but break-glass may change, stop or delete the trail'],
    fail: [TRAIL, `${OPERATOR} may cloudtrail:UpdateTrail the trail; only the break-glass role should`],
    unknown: {
      apply: (doc) => (r(doc, 'aws_iam_role_policy', 'operator').policy = '${var.operator_policy}'),
      finding: [TRAIL, `whether ${OPERATOR} may change the trail cannot be resolved; unknown values fail closed`],
    },
    notApplicable: { apply: removeTrail, finding: NO_TRAIL },
  },
  'log-group-read-auditors-only': {
    pass: [GROUP, 'no role, user or group but the auditor roles can read the log group'],
    fail: [GROUP, 'aws_iam_role.delivery can read the log group; only the auditor roles should'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_iam_role_policy', 'delivery').policy = '${var.delivery_policy}'),
      finding: [GROUP, 'whether aws_iam_role.delivery can read the log group cannot be resolved; unknown values fail closed'],
    },
    notApplicable: { apply: removeLogDelivery, finding: NO_LOG_GROUP },
  },
  'trail-no-recursive-logging': {
    pass: [TRAIL, `the trail does not record its own deliveries to ${AUDIT}`],
    fail: [
      TRAIL,
      `the trail records its own PutObject deliveries to ${AUDIT} (arn:aws:s3:::fixture-audit-logs/AWSLogs/): each delivery is logged again, recursively`,
    ],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudtrail', 'trail').advanced_event_selector[2].field_selector[4].not_equals = ['${var.excluded}']),
      finding: [TRAIL, 'whether the trail records its own deliveries cannot be resolved; unknown values fail closed'],
    },
    notApplicable: { apply: removeTrail, finding: NO_TRAIL },
  },
  'alarm-baseline-changes': {
    pass: [GROUP, 'changes to the baseline raise an alarm that reaches a subscribed, encrypted topic (168 events checked)'],
    fail: [GROUP, 'no alarm fires on PutEventSelectors on trail audit (requestParameters.trailName)'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudwatch_log_metric_filter', 'baseline-trail').pattern = '${var.pattern}'),
      finding: [
        GROUP,
        'whether an alarm fires on PutEventSelectors on trail audit (requestParameters.trailName) cannot be resolved (a filter pattern cannot be read or resolved); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeLogDelivery, finding: NO_LOG_GROUP },
  },
  'alarm-audit-log-restored': {
    pass: [GROUP, 'restores of archived log files raise an alarm that reaches a subscribed, encrypted topic (1 event checked)'],
    fail: [GROUP, 'no alarm fires on RestoreObject on a log file in fixture-audit-logs'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudwatch_log_metric_filter', 'audit-log-restored').pattern = '${var.pattern}'),
      finding: [
        GROUP,
        'whether an alarm fires on RestoreObject on a log file in fixture-audit-logs cannot be resolved (a filter pattern cannot be read or resolved); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeLogDelivery, finding: NO_LOG_GROUP },
  },
  'alarm-log-delivery-heartbeat': {
    pass: [GROUP, 'aws_cloudwatch_metric_alarm.log-delivery-heartbeat fires when the group receives no events'],
    fail: [
      'aws_cloudwatch_metric_alarm.log-delivery-heartbeat',
      'treat_missing_data is notBreaching: a log group that receives nothing publishes no data point, so only "breaching" fires',
    ],
    unknown: {
      apply: (doc) => (r(doc, 'aws_cloudwatch_metric_alarm', 'log-delivery-heartbeat').treat_missing_data = '${var.missing}'),
      finding: ['aws_cloudwatch_metric_alarm.log-delivery-heartbeat', 'treat_missing_data cannot be resolved (${var.missing}); unknown values fail closed'],
    },
    notApplicable: { apply: removeLogDelivery, finding: NO_LOG_GROUP },
  },
  'iam-human-session-length': {
    pass: [AUDITOR, 'sessions last at most 3600 seconds'],
    fail: [AUDITOR, 'max_session_duration is 43200, above the prod maximum of 3600 seconds'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_iam_role', 'auditor').max_session_duration = '${var.session}'),
      finding: ['aws_iam_role.auditor', 'max_session_duration cannot be resolved (${var.session}); unknown values fail closed'],
    },
    notApplicable: { apply: removeHumanRoles, finding: NO_HUMAN },
  },
  'iam-human-permissions-boundary': {
    pass: [AUDITOR, 'permissions boundary is aws_iam_policy.boundary'],
    fail: [AUDITOR, 'permissions_boundary is not set (absent means no boundary)'],
    unknown: {
      apply: (doc) => (r(doc, 'aws_iam_role', 'auditor').permissions_boundary = '${var.boundary}'),
      finding: [
        'aws_iam_role.auditor',
        'permissions_boundary cannot be resolved: ${var.boundary} comes from outside this file (a variable, local, module output or function); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeHumanRoles, finding: NO_HUMAN },
  },
  'iam-human-trust-scope': {
    pass: [AUDITOR, 'the trust policy names its principals, and admits other accounts only under conditions'],
    fail: [
      [AUDITOR, 'trust statement Anyone admits anyone (principal "*") without a binding to an account or organization'],
      [OPERATOR, 'trust statement Anyone admits anyone (principal "*") without a binding to an account or organization'],
    ],
    unknown: {
      apply: (doc) => (r(doc, 'aws_iam_role', 'auditor').assume_role_policy = '${var.trust}'),
      finding: [
        'aws_iam_role.auditor',
        'trust policies cannot be resolved: the policy of aws_iam_role.auditor cannot be resolved (${var.trust}); unknown values fail closed',
      ],
    },
    notApplicable: { apply: removeHumanRoles, finding: NO_HUMAN },
  },
};

/** Rules only plan JSON can exercise (their cases are in plan.test.ts), and an organization's rules (organization-rules.test.ts). */
const PLAN_ONLY = new Set(RULES.filter((rule) => rule.requires?.includes('plan') || rule.scope !== undefined).map((rule) => rule.id));

describe('the compliant fixture', () => {
  it('passes every rule at every tier', () => {
    for (const tier of ['dev', 'staging', 'prod'] as const) {
      const report = checkDocument(compliantEnvironment(tier));
      expect(nonPassingRules(report)).toEqual([]);
      expect(report.results.filter((res) => res.status === 'not_applicable' && !PLAN_ONLY.has(res.rule))).toEqual([]);
      expect(new Set(report.results.map((r) => r.rule)).size).toBe(RULES.length);
    }
  });
});

describe('every rule has a case', () => {
  it('covers exactly the registered rules', () => {
    expect(Object.keys(CASES).sort()).toEqual(
      RULES.map((rule) => rule.id)
        .filter((id) => !PLAN_ONLY.has(id))
        .sort(),
    );
  });
});

describe.each(Object.entries(CASES))('%s', (rule, c) => {
  it('passes the compliant fixture with the exact message', () => {
    const report = checkDocument(compliantEnvironment());
    expect(findings(report, rule, 'pass')).toContainEqual(c.pass);
  });

  it(`fails when broken (${MUTATIONS[rule]?.breaks}) with the exact message, and only this rule fails`, () => {
    const doc = clone(compliantEnvironment());
    const mutation = MUTATIONS[rule] as Mutation;
    mutation.apply(doc);
    const report = checkDocument(doc);
    expect(findings(report, rule, 'fail')).toEqual(Array.isArray(c.fail[0]) ? c.fail : [c.fail]);
    expect(nonPassingRules(report)).toEqual([rule, ...(mutation.alsoFails ?? [])].sort());
  });

  it('is unknown (and fails the check) when a value it reads cannot be resolved', () => {
    const doc = clone(compliantEnvironment());
    c.unknown.apply(doc);
    const report = checkDocument(doc);
    expect(findings(report, rule, 'unknown')).toEqual([c.unknown.finding]);
    expect(report.summary.ok).toBe(false);
  });

  it('is not applicable when what it checks is absent', () => {
    const doc = clone(compliantEnvironment());
    c.notApplicable.apply(doc);
    const report = checkDocument(doc);
    expect(findings(report, rule, 'not_applicable')).toEqual([c.notApplicable.finding]);
  });
});

describe('iam-human-mfa: principals whose identity provider enforces MFA', () => {
  const SSO = 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Audit_0a1b2c3d';
  const withTrust = (statements: Json[]): Json => {
    const doc = clone(compliantEnvironment());
    doc.resource.aws_iam_role.auditor.assume_role_policy = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    return doc;
  };
  const context = { StringLike: { 'sts:SourceIdentity': '?*', 'aws:RequestTag/ticket': 'CHG-*' } };
  const assume = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

  it('GIVEN a statement trusting only IAM Identity Center roles, without MFA THEN it passes', () => {
    const report = checkDocument(withTrust([{ Sid: 'Sso', Effect: 'Allow', Principal: { AWS: SSO }, Action: assume, Condition: context }]));
    expect(findings(report, 'iam-human-mfa', 'pass')).toContainEqual([AUDITOR, 'every trust statement for AWS principals requires MFA']);
  });

  it('GIVEN a SAML federation statement without MFA THEN it passes', () => {
    const saml = {
      Sid: 'Saml',
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::111111111111:saml-provider/IdP' },
      Action: 'sts:AssumeRoleWithSAML',
      Condition: context,
    };
    expect(findings(checkDocument(withTrust([saml])), 'iam-human-mfa', 'pass')).toContainEqual([
      AUDITOR,
      'every trust statement for AWS principals requires MFA',
    ]);
  });

  it.each([
    ['an ordinary role beside an Identity Center role', [SSO, 'arn:aws:iam::111111111111:role/Auditors']],
    [
      'a role that only looks like an Identity Center role (no AWSReservedSSO_ name)',
      ['arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/Auditors'],
    ],
    ['an Identity Center path under another service', ['arn:aws:iam::111111111111:role/aws-reserved/ssox.amazonaws.com/AWSReservedSSO_A_1']],
    ['the account root', ['arn:aws:iam::111111111111:root']],
  ])('GIVEN %s, without MFA THEN it fails', (_label, principals) => {
    const report = checkDocument(withTrust([{ Sid: 'Mixed', Effect: 'Allow', Principal: { AWS: principals }, Action: assume, Condition: context }]));
    expect(findings(report, 'iam-human-mfa', 'fail')).toEqual([[AUDITOR, 'trust statement Mixed admits an AWS principal without MFA']]);
  });
});

describe('iam-auditor-read-only: restoring an archived log is reading it', () => {
  const withAuditorActions = (actions: string[]): Json => {
    const doc = clone(compliantEnvironment());
    doc.resource.aws_iam_policy.auditor.policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
    return doc;
  };
  it('GIVEN s3:RestoreObject THEN it passes', () => {
    expect(findings(checkDocument(withAuditorActions(['s3:GetObject', 's3:RestoreObject'])), 'iam-auditor-read-only', 'pass')).toHaveLength(1);
  });
  it.each(['s3:Restore*', 's3:PutObject', 's3:*'])('GIVEN %s THEN it fails', (action) => {
    expect(findings(checkDocument(withAuditorActions([action])), 'iam-auditor-read-only', 'fail')).toHaveLength(1);
  });
});
