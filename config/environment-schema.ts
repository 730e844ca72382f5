import * as v from 'valibot';
import { MAX_RETENTION_DAYS, OBJECT_LOCK_MODES } from '../standard/object-lock';
import { TAG_PREFIX } from '../standard/tags';
import { TIERS } from '../standard/tiers';
import { AWS_REGIONS } from './regions';

/** Storage classes a log transition may use; ONEZONE_IA is left out: audit logs need multi-AZ durability. */
export const TRANSITION_STORAGE_CLASSES = ['STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;

/** Retention values the CloudWatch Logs API accepts (0, "never expire", is not offered: retention is bounded). */
export const LOG_GROUP_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const days = (min: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(MAX_RETENTION_DAYS));
export const pattern = (regex: RegExp, message: string) => v.pipe(v.string(), v.regex(regex, message));

const ARN_HEAD = 'arn:(aws|aws-cn|aws-us-gov):iam::\\d{12}:';
const IAM_NAME = '[\\w+=,.@-]+';
const arnOfKind = (kind: string, tail: string, example: string) => pattern(new RegExp(`^${ARN_HEAD}${tail}$`), `must be the ARN of ${kind} (${example})`);

/** IAM Identity Center creates one role per permission set and account, under this path. */
export const IDENTITY_CENTER_ROLE = /^arn:[^:]+:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\/([a-z0-9-]+\/)?AWSReservedSSO_[\w+=,.@-]+$/;

/**
 * Who may assume a human role, typed by how their sessions prove who they are: the type decides the
 * trust statement (README "How people assume a role").
 */
export const humanPrincipal = v.variant('type', [
  /** An IAM user: signs in with MFA; the source identity must be the user's own name. */
  v.strictObject({
    type: v.literal('iam-user'),
    arn: arnOfKind('an IAM user', `user/(${IAM_NAME}/)*${IAM_NAME}`, 'arn:aws:iam::<12 digits>:user/<name>'),
  }),
  /** An IAM role whose sessions assume ours with MFA (`--serial-number` and `--token-code`). */
  v.strictObject({
    type: v.literal('mfa-role'),
    arn: arnOfKind('an IAM role', `role/(${IAM_NAME}/)*${IAM_NAME}`, 'arn:aws:iam::<12 digits>:role/<name>'),
  }),
  /** An IAM Identity Center permission-set role: the identity provider enforces MFA. */
  v.strictObject({
    type: v.literal('sso-role'),
    arn: pattern(
      IDENTITY_CENTER_ROLE,
      'must be the ARN of an IAM Identity Center role (arn:aws:iam::<12 digits>:role/aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_<name>)',
    ),
  }),
  /** A SAML identity provider in IAM: the provider enforces MFA and asserts the source identity and tag. */
  v.strictObject({
    type: v.literal('saml-provider'),
    arn: arnOfKind('an IAM SAML provider', 'saml-provider/[\\w.-]+', 'arn:aws:iam::<12 digits>:saml-provider/<name>'),
  }),
  /** An OIDC identity provider in IAM: the provider enforces MFA and puts the source identity and tag in the token. */
  v.strictObject({
    type: v.literal('oidc-provider'),
    arn: arnOfKind('an IAM OIDC provider', 'oidc-provider/[A-Za-z0-9.-]+(/[\\w.~-]+)*', 'arn:aws:iam::<12 digits>:oidc-provider/<host>[/<path>]'),
    /** The client id tokens must be issued for (the `aud` claim). */
    audience: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  }),
]);

/** The kinds of principal `humanPrincipal` accepts. */
export const PRINCIPAL_TYPES = humanPrincipal.options.map((o) => o.entries.type.literal);

/** A role that runs `cdktf deploy` or `auditready verify`: key and bucket policies name it. */
export const deployerRoleArn = arnOfKind('an IAM role', `role/(${IAM_NAME}/)*${IAM_NAME}`, 'arn:aws:iam::<12 digits>:role/<name>');

const s3Arn = pattern(
  /^arn:aws(-cn|-us-gov)?:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/,
  'must be an S3 bucket or prefix ARN (arn:aws:s3:::<bucket>[/<prefix>])',
);

const tagKey = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(128),
  v.check((k) => !/^aws:/i.test(k) && !k.toLowerCase().startsWith(TAG_PREFIX), `tag keys starting with "aws:" or "${TAG_PREFIX}" are reserved`),
);

const DEFAULT_ACCESS_CONTEXT = { sessionTagKey: 'ticket', allowedValues: ['CHG-*', 'INC-*'] };

/** A name that prefixes stack ids and resource names. */
export const nameSchema = pattern(/^[a-z][a-z0-9-]{0,19}$/, 'must be 1-20 characters: a lowercase letter, then lowercase letters, digits or "-"');

/** A 12-digit AWS account id. */
export const accountIdSchema = pattern(/^\d{12}$/, 'must be a 12-digit AWS account id, as a string');

/** Default retention of the audit (WORM) bucket. */
export const objectLockSchema = v.strictObject({
  mode: v.picklist(OBJECT_LOCK_MODES),
  retentionDays: days(1),
});

/** Lifecycle of audit log objects. */
export const lifecycleSchema = v.strictObject({
  /** Storage-class transitions, in increasing order of days. @default none */
  transitions: v.optional(v.array(v.strictObject({ days: days(0), storageClass: v.picklist(TRANSITION_STORAGE_CLASSES) })), []),
  /** Days after creation when a log object expires; must be at least the retention. */
  expirationDays: days(1),
  /** Days after a version becomes noncurrent when it expires. @default expirationDays */
  noncurrentVersionExpirationDays: v.optional(days(1)),
});

/** Who may assume each access role, and who deploys. */
export const principalsSchema = v.strictObject({
  /** Who may assume the auditor role. */
  auditors: v.array(humanPrincipal),
  /** Who may assume the log-admin role. @default none: no log-admin role */
  administrators: v.optional(v.array(humanPrincipal), []),
  /** Who may assume the break-glass role. */
  breakGlass: v.array(humanPrincipal),
  /** The IAM roles that run `cdktf deploy`, in the account deployed to: they may change every setting, but not destroy or read evidence. */
  deployers: v.array(deployerRoleArn),
  /**
   * The IAM roles that run `auditready verify --prove-worm`, in the account: the audit bucket lets them write a
   * short-lived COMPLIANCE canary under its canary prefix, and nothing else.
   * @default none: no canary exception, and `--prove-worm` refuses to run
   */
  verifiers: v.optional(v.array(deployerRoleArn), []),
});

/** The "why" every human session must carry: a session tag matched against IAM StringLike patterns. */
export const accessContextSchema = v.optional(
  v.strictObject({
    /** Session tag key required when assuming a human role. @default "ticket" */
    sessionTagKey: v.optional(pattern(/^[\w+=.@:/-]{1,128}$/, 'must be a valid IAM tag key (1-128 of letters, digits, + = . @ : / - _)'), 'ticket'),
    /** StringLike patterns the tag value must match. @default ["CHG-*", "INC-*"] */
    allowedValues: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(256))), v.minLength(1)), DEFAULT_ACCESS_CONTEXT.allowedValues),
  }),
  DEFAULT_ACCESS_CONTEXT,
);

/** Alarm notification subscriptions. @default none */
export const alertsSchema = v.optional(
  v.array(
    v.variant('protocol', [
      v.strictObject({ protocol: v.literal('email'), endpoint: v.pipe(v.string(), v.email('must be an email address')) }),
      v.strictObject({
        protocol: v.literal('https'),
        endpoint: v.pipe(v.string(), v.url('must be an https:// URL'), v.startsWith('https://', 'must be an https:// URL')),
      }),
    ]),
  ),
  [],
);

/** S3 data events for buckets other than the audit bucket (which always logs reads and writes). */
export const dataEventsSchema = v.optional(
  v.strictObject({
    /** Bucket or prefix ARNs whose object-level events are logged. @default none */
    s3Arns: v.optional(v.array(s3Arn), []),
    /** Which of their events are logged. @default "All" */
    readWriteType: v.optional(v.picklist(['All', 'ReadOnly', 'WriteOnly']), 'All'),
  }),
  { s3Arns: [], readWriteType: 'All' },
);

/** Tags applied to every resource, beside the auditready:* tags (standard/tags.ts). @default none */
export const tagsSchema = v.optional(v.record(tagKey, v.pipe(v.string(), v.maxLength(256))), {});

/** The name of an S3 bucket (of Terraform state, here). */
export const bucketNameSchema = pattern(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name');

/**
 * The settings every baseline has, an environment's or an organization's: tier and its minimums,
 * retention, principals, access context, alerts, data events and tags.
 */
export const baselineSettingsEntries = {
  /** Tier: sets the minimums the baseline must meet. */
  tier: v.picklist(TIERS),
  objectLock: objectLockSchema,
  lifecycle: lifecycleSchema,
  /** Retention of the trail's log group in CloudWatch Logs, in days. */
  logGroupRetentionDays: v.picklist(LOG_GROUP_RETENTION_DAYS),
  principals: principalsSchema,
  accessContext: accessContextSchema,
  alerts: alertsSchema,
  dataEvents: dataEventsSchema,
  tags: tagsSchema,
};

export const environmentSchema = v.strictObject({
  /** Environment name: the stack id and the prefix of every resource name. */
  name: nameSchema,
  /** The AWS account the environment deploys to (the provider refuses any other). */
  accountId: accountIdSchema,
  /** AWS region of the stack. */
  region: v.picklist(AWS_REGIONS),
  ...baselineSettingsEntries,
  /** Remote state in S3. @default - local state */
  backend: v.optional(
    v.strictObject({
      bucket: bucketNameSchema,
      key: pattern(/^[^\s]+\.tfstate$/, 'must be an object key ending in ".tfstate"'),
      region: v.picklist(AWS_REGIONS),
      /** S3-native state locking (Terraform 1.10+). @default true */
      useLockfile: v.optional(v.boolean(), true),
    }),
  ),
});

/** An environment as written in config (defaults not yet applied). */
export type EnvironmentInput = v.InferInput<typeof environmentSchema>;
/** A validated environment with every default applied. */
export type EnvironmentConfig = v.InferOutput<typeof environmentSchema>;
/** A principal allowed to assume a human role, typed by how its sessions prove who they are. */
export type HumanPrincipal = v.InferOutput<typeof humanPrincipal>;
/** Who may assume each access role, and who deploys, validated. */
export type Principals = v.InferOutput<typeof principalsSchema>;
