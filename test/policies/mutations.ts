/**
 * One mutation per rule: breaks exactly the property the rule guards in a Terraform JSON document of the
 * contract's shape (the fixture or a synthesized stack). Resources are found by following references from
 * the trail, never by logical id, so the same mutation works on any environment.
 */
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

export interface Mutation {
  /** What the mutation breaks. */
  readonly breaks: string;
  readonly apply: (doc: Json) => void;
  /** Rules other than the mutated one that must also fail (none for a precise mutation). */
  readonly alsoFails?: readonly string[];
}

/** Distinctive event names per CIS 5.x control: removing one from every filter pattern breaks exactly that control. */
export const CIS_TOKENS: Readonly<Record<string, string>> = {
  'cis-5-01-unauthorized-api-calls': 'UnauthorizedOperation',
  'cis-5-02-console-signin-without-mfa': 'MFAUsed',
  'cis-5-03-root-account-usage': 'AwsServiceEvent',
  'cis-5-04-iam-policy-changes': 'DeleteGroupPolicy',
  'cis-5-05-cloudtrail-config-changes': 'StopLogging',
  'cis-5-06-console-auth-failures': 'Failed authentication',
  'cis-5-07-cmk-disable-or-deletion': 'ScheduleKeyDeletion',
  'cis-5-08-s3-bucket-policy-changes': 'PutBucketPolicy',
  'cis-5-09-config-changes': 'StopConfigurationRecorder',
  'cis-5-10-security-group-changes': 'AuthorizeSecurityGroupIngress',
  'cis-5-11-nacl-changes': 'CreateNetworkAclEntry',
  'cis-5-12-network-gateway-changes': 'CreateCustomerGateway',
  'cis-5-13-route-table-changes': 'ReplaceRouteTableAssociation',
  'cis-5-14-vpc-changes': 'ModifyVpcAttribute',
  'cis-5-15-organizations-changes': 'LeaveOrganization',
};

const cisMutations: Record<string, Mutation> = Object.fromEntries(
  Object.entries(CIS_TOKENS).map(([rule, token]) => [
    rule,
    {
      breaks: `removes ${token} from every metric filter pattern`,
      apply: (doc: Json) => {
        for (const f of Object.values(resources(doc, 'aws_cloudwatch_log_metric_filter'))) f.pattern = String(f.pattern).split(token).join('Removed');
      },
    },
  ]),
);

export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  'trail-present': { breaks: 'removes the trail', apply: (doc) => delete doc.resource.aws_cloudtrail },
  'trail-multi-region': { breaks: 'is_multi_region_trail false', apply: (doc) => (trail(doc).is_multi_region_trail = false) },
  'trail-global-service-events': { breaks: 'include_global_service_events false', apply: (doc) => (trail(doc).include_global_service_events = false) },
  'trail-logging-enabled': { breaks: 'enable_logging false', apply: (doc) => (trail(doc).enable_logging = false) },
  'trail-log-file-validation': { breaks: 'enable_log_file_validation absent', apply: (doc) => delete trail(doc).enable_log_file_validation },
  'trail-kms-cmk': { breaks: 'kms_key_id absent', apply: (doc) => delete trail(doc).kms_key_id },
  'trail-cloudwatch-logs': {
    breaks: 'log group ARN without ":*"',
    apply: (doc) => (trail(doc).cloud_watch_logs_group_arn = String(trail(doc).cloud_watch_logs_group_arn).replace(/:\*$/, '')),
  },
  'trail-management-events': {
    breaks: 'include_management_events false',
    apply: (doc) => {
      const t = trail(doc);
      for (const s of arr(t.event_selector)) s.include_management_events = false;
      if (t.advanced_event_selector)
        t.advanced_event_selector = arr(t.advanced_event_selector).filter((s: Json) => !JSON.stringify(s).includes('"Management"'));
    },
  },
  'trail-s3-data-events': {
    breaks: 'no data_resource on the audit bucket',
    apply: (doc) => {
      const t = trail(doc);
      const bucket = auditBucket(doc);
      const bucketName = String(resources(doc, 'aws_s3_bucket')[bucket]?.bucket);
      const literal = new RegExp(`arn:[a-z-]+:s3:::${bucketName}/`);
      const onBucket = (v: string): boolean => v.includes(`aws_s3_bucket.${bucket}.`) || literal.test(v);
      for (const s of arr(t.event_selector))
        s.data_resource = arr(s.data_resource)
          .map((d: Json) => ({ ...d, values: arr(d.values).filter((v: string) => !onBucket(v)) }))
          .filter((d: Json) => d.values.length > 0);
      if (t.advanced_event_selector)
        t.advanced_event_selector = arr(t.advanced_event_selector).filter(
          (s: Json) => !JSON.stringify(s).includes(`aws_s3_bucket.${bucket}.`) && !literal.test(JSON.stringify(s)),
        );
    },
  },
  'bucket-object-lock': {
    breaks: 'default retention of 1 day',
    apply: (doc) => {
      const rule = first(splitOf(doc, 'aws_s3_bucket_object_lock_configuration', auditBucket(doc))).rule;
      const r = Array.isArray(rule) ? rule[0] : rule;
      const d = Array.isArray(r.default_retention) ? r.default_retention[0] : r.default_retention;
      delete d.years;
      d.days = 1;
    },
  },
  'bucket-versioning': {
    breaks: 'access-log bucket versioning suspended',
    apply: (doc) => {
      const v = first(splitOf(doc, 'aws_s3_bucket_versioning', accessBucket(doc)));
      const c = Array.isArray(v.versioning_configuration) ? v.versioning_configuration[0] : v.versioning_configuration;
      c.status = 'Suspended';
    },
  },
  'bucket-sse-kms': {
    breaks: 'audit bucket default encryption AES256',
    apply: (doc) => {
      const sse = first(splitOf(doc, 'aws_s3_bucket_server_side_encryption_configuration', auditBucket(doc)));
      sse.rule = [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }];
    },
  },
  'bucket-public-access-block': {
    breaks: 'restrict_public_buckets false on the audit bucket',
    apply: (doc) => (first(splitOf(doc, 'aws_s3_bucket_public_access_block', auditBucket(doc))).restrict_public_buckets = false),
  },
  'bucket-acls-disabled': {
    breaks: 'object ownership ObjectWriter on the audit bucket',
    apply: (doc) => (first(splitOf(doc, 'aws_s3_bucket_ownership_controls', auditBucket(doc))).rule = { object_ownership: 'ObjectWriter' }),
  },
  'bucket-tls-only': {
    breaks: 'no aws:SecureTransport deny on the audit bucket',
    apply: (doc) =>
      editPolicy(doc, bucketPolicyHolder(doc, auditBucket(doc)), 'policy', {
        dropStatement: (s) => JSON.stringify(s.json ?? s.block).includes('aws:SecureTransport'),
      }),
  },
  'bucket-no-public-principal': {
    breaks: 'public read on the access-log bucket',
    apply: (doc) =>
      editPolicy(doc, bucketPolicyHolder(doc, accessBucket(doc)), 'policy', {
        addJson: { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
      }),
  },
  'bucket-cloudtrail-source-arn': {
    breaks: 'no aws:SourceArn on the CloudTrail statements',
    apply: (doc) => editPolicy(doc, bucketPolicyHolder(doc, auditBucket(doc)), 'policy', { dropCondition: (v) => v.toLowerCase() === 'aws:sourcearn' }),
  },
  'bucket-access-logging': {
    breaks: 'no server access logging on the audit bucket',
    apply: (doc) => {
      const bucket = auditBucket(doc);
      for (const [name, r] of Object.entries(resources(doc, 'aws_s3_bucket_logging')))
        if (refName(r.bucket) === bucket) delete doc.resource.aws_s3_bucket_logging[name];
    },
  },
  'bucket-access-log-target-deliverable': {
    breaks: 'access-log bucket default encryption SSE-KMS',
    apply: (doc) => {
      const sse = first(splitOf(doc, 'aws_s3_bucket_server_side_encryption_configuration', accessBucket(doc)));
      sse.rule = [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: trail(doc).kms_key_id } }];
    },
  },
  'bucket-lifecycle-retention': {
    breaks: 'audit bucket objects expire after 30 days',
    apply: (doc) => {
      const l = first(splitOf(doc, 'aws_s3_bucket_lifecycle_configuration', auditBucket(doc)));
      const rule = arr(l.rule)[0];
      rule.expiration = [{ days: 30 }];
    },
  },
  'bucket-force-destroy': {
    breaks: 'force_destroy true on the access-log bucket',
    apply: (doc) => (resources(doc, 'aws_s3_bucket')[accessBucket(doc)]!.force_destroy = true),
  },
  'log-resources-prevent-destroy': {
    breaks: 'no prevent_destroy on the audit bucket',
    apply: (doc) => delete resources(doc, 'aws_s3_bucket')[auditBucket(doc)]!.lifecycle,
  },
  'kms-key-rotation': { breaks: 'enable_key_rotation false', apply: (doc) => (trailKey(doc).enable_key_rotation = false) },
  'kms-key-deletion-window': { breaks: 'deletion window of 7 days', apply: (doc) => (trailKey(doc).deletion_window_in_days = 7) },
  'kms-key-policy-no-public-principal': {
    breaks: 'key policy allows "*" without conditions',
    apply: (doc) =>
      editPolicy(doc, trailKey(doc), 'policy', {
        addJson: { Sid: 'Everyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' },
      }),
  },
  'log-group-kms': { breaks: 'log group without kms_key_id', apply: (doc) => delete trailLogGroup(doc).kms_key_id },
  'log-group-retention': { breaks: 'log group retention of 30 days', apply: (doc) => (trailLogGroup(doc).retention_in_days = 30) },
  ...cisMutations,
  'iam-no-wildcard-actions': {
    breaks: 'the CloudTrail delivery role policy allows "*"',
    apply: (doc) => {
      const deliveryRole = refName(trail(doc).cloud_watch_logs_role_arn);
      const p = Object.values(resources(doc, 'aws_iam_role_policy')).find((r) => refName(r.role) === deliveryRole);
      if (!p) throw new Error('no inline policy on the delivery role');
      editPolicy(doc, p, 'policy', { addJson: { Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' } });
    },
  },
  'iam-auditor-read-only': {
    breaks: "the auditor's policy allows s3:DeleteObject",
    apply: (doc) => {
      const names = new Set(
        Object.entries(resources(doc, 'aws_iam_role'))
          .filter(([, r]) => r.tags?.['auditready:role'] === 'auditor')
          .map(([n]) => n),
      );
      const attachment = Object.values(resources(doc, 'aws_iam_role_policy_attachment')).find((a) => names.has(refName(a.role)));
      if (!attachment) throw new Error('no policy attached to the auditor role');
      const policy = resources(doc, 'aws_iam_policy')[refName(attachment.policy_arn)] as Json;
      editPolicy(doc, policy, 'policy', { addJson: { Sid: 'Delete', Effect: 'Allow', Action: ['s3:DeleteObject'], Resource: '*' } });
    },
  },
  'iam-human-mfa': {
    breaks: 'no MFA condition on human trust policies',
    apply: (doc) => {
      for (const role of rolesTagged(doc)) editPolicy(doc, role, 'assume_role_policy', { dropCondition: (v) => /^aws:MultiFactorAuth/i.test(v) });
    },
  },
  'iam-human-access-context': {
    breaks: 'no sts:SourceIdentity condition on human trust policies',
    apply: (doc) => {
      for (const role of rolesTagged(doc)) editPolicy(doc, role, 'assume_role_policy', { dropCondition: (v) => v.toLowerCase() === 'sts:sourceidentity' });
    },
  },
  'iam-human-trust-scope': {
    breaks: 'human roles also trust "*" (with MFA, a source identity and a ticket tag, but no account binding)',
    apply: (doc) => {
      for (const role of rolesTagged(doc))
        editPolicy(doc, role, 'assume_role_policy', {
          addJson: {
            Sid: 'Anyone',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'],
            Condition: {
              Bool: { 'aws:MultiFactorAuthPresent': 'true' },
              NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
              StringLike: { 'sts:SourceIdentity': '?*', 'aws:RequestTag/ticket': ['CHG-*', 'INC-*'] },
            },
          },
        });
    },
  },
  'iam-human-session-length': { breaks: 'auditor sessions of 12 hours', apply: (doc) => (first(rolesTagged(doc, 'auditor')).max_session_duration = 43200) },
  'iam-human-permissions-boundary': {
    breaks: 'auditor without permissions boundary',
    apply: (doc) => delete first(rolesTagged(doc, 'auditor')).permissions_boundary,
  },
};
