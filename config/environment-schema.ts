import * as v from 'valibot';
import { MAX_RETENTION_DAYS, OBJECT_LOCK_MODES } from '../standard/object-lock';
import { TAG_PREFIX } from '../standard/tags';
import { TIERS } from '../standard/tiers';
import { AWS_REGIONS } from './regions';

/** Storage classes a log transition may use; ONEZONE_IA is left out: audit logs need multi-AZ durability. */
export const TRANSITION_STORAGE_CLASSES = ['STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;

/** Retention values the CloudWatch Logs API accepts (0, "never expire", is not offered: retention is bounded). */
export const LOG_GROUP_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const days = (min: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(MAX_RETENTION_DAYS));
const pattern = (regex: RegExp, message: string) => v.pipe(v.string(), v.regex(regex, message));

const iamPrincipalArn = pattern(
  /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/,
  'must be an IAM ARN of an account root, role or user (arn:aws:iam::<12 digits>:root|role/<name>|user/<name>)',
);

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

export const environmentSchema = v.strictObject({
  /** Environment name: the stack id and the prefix of every resource name. */
  name: pattern(/^[a-z][a-z0-9-]{0,19}$/, 'must be 1-20 characters: a lowercase letter, then lowercase letters, digits or "-"'),
  /** The AWS account the environment deploys to (the provider refuses any other). */
  accountId: pattern(/^\d{12}$/, 'must be a 12-digit AWS account id, as a string'),
  /** AWS region of the stack. */
  region: v.picklist(AWS_REGIONS),
  /** Tier: sets the minimums the environment must meet. */
  tier: v.picklist(TIERS),
  /** Default retention of the audit (WORM) bucket. */
  objectLock: v.strictObject({
    mode: v.picklist(OBJECT_LOCK_MODES),
    retentionDays: days(1),
  }),
  /** Lifecycle of audit log objects. */
  lifecycle: v.strictObject({
    /** Storage-class transitions, in increasing order of days. @default none */
    transitions: v.optional(v.array(v.strictObject({ days: days(0), storageClass: v.picklist(TRANSITION_STORAGE_CLASSES) })), []),
    /** Days after creation when a log object expires; must be at least the retention. */
    expirationDays: days(1),
    /** Days after a version becomes noncurrent when it expires. @default expirationDays */
    noncurrentVersionExpirationDays: v.optional(days(1)),
  }),
  /** Retention of the CloudTrail log group in CloudWatch Logs, in days. */
  logGroupRetentionDays: v.picklist(LOG_GROUP_RETENTION_DAYS),
  /** Who may assume each access role (IAM ARNs of account roots, roles or users). */
  principals: v.strictObject({
    auditors: v.array(iamPrincipalArn),
    administrators: v.optional(v.array(iamPrincipalArn), []),
    breakGlass: v.array(iamPrincipalArn),
  }),
  /** The "why" every human session must carry: a session tag matched against IAM StringLike patterns. */
  accessContext: v.optional(
    v.strictObject({
      /** Session tag key required when assuming a human role. @default "ticket" */
      sessionTagKey: v.optional(pattern(/^[\w+=.@:/-]{1,128}$/, 'must be a valid IAM tag key (1-128 of letters, digits, + = . @ : / - _)'), 'ticket'),
      /** StringLike patterns the tag value must match. @default ["CHG-*", "INC-*"] */
      allowedValues: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(256))), v.minLength(1)), DEFAULT_ACCESS_CONTEXT.allowedValues),
    }),
    DEFAULT_ACCESS_CONTEXT,
  ),
  /** Alarm notification subscriptions. @default none */
  alerts: v.optional(
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
  ),
  /** S3 data events for buckets other than the audit bucket (which always logs reads and writes). */
  dataEvents: v.optional(
    v.strictObject({
      /** Bucket or prefix ARNs whose object-level events are logged. @default none */
      s3Arns: v.optional(v.array(s3Arn), []),
      /** Which of their events are logged. @default "All" */
      readWriteType: v.optional(v.picklist(['All', 'ReadOnly', 'WriteOnly']), 'All'),
    }),
    { s3Arns: [], readWriteType: 'All' },
  ),
  /** Tags applied to every resource, beside the auditready:* tags (standard/tags.ts). @default none */
  tags: v.optional(v.record(tagKey, v.pipe(v.string(), v.maxLength(256))), {}),
  /** Remote state in S3. @default - local state */
  backend: v.optional(
    v.strictObject({
      bucket: pattern(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name'),
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
