import { z } from 'zod';
import { AWS_REGIONS } from './regions';

export const TIERS = ['dev', 'staging', 'prod'] as const;
export type Tier = (typeof TIERS)[number];

export const OBJECT_LOCK_MODES = ['COMPLIANCE', 'GOVERNANCE'] as const;

/** Storage classes a log transition may use; ONEZONE_IA is left out: audit logs need multi-AZ durability. */
export const TRANSITION_STORAGE_CLASSES = ['STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;

/** Retention values the CloudWatch Logs API accepts (0, "never expire", is not offered: retention is bounded). */
export const LOG_GROUP_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Object Lock allows at most 100 years of default retention. */
export const MAX_RETENTION_DAYS = 36500;

const days = (min: number) => z.int().min(min).max(MAX_RETENTION_DAYS);

const iamPrincipalArn = z
  .string()
  .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/, {
    error: 'must be an IAM ARN of an account root, role or user (arn:aws:iam::<12 digits>:root|role/<name>|user/<name>)',
  });

const s3Arn = z.string().regex(/^arn:aws(-cn|-us-gov)?:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, {
  error: 'must be an S3 bucket or prefix ARN (arn:aws:s3:::<bucket>[/<prefix>])',
});

const tagKey = z
  .string()
  .min(1)
  .max(128)
  .refine((k) => !/^(aws|auditready):/i.test(k), { error: 'tag keys starting with "aws:" or "auditready:" are reserved' });

export const environmentSchema = z.strictObject({
  /** Environment name: the stack id and the prefix of every resource name. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, {
    error: 'must be 1-20 characters: a lowercase letter, then lowercase letters, digits or "-"',
  }),
  /** The AWS account the environment deploys to (the provider refuses any other). */
  accountId: z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id, as a string' }),
  /** AWS region of the stack. */
  region: z.enum(AWS_REGIONS),
  /** Tier: sets the minimums the environment must meet. */
  tier: z.enum(TIERS),
  /** Default retention of the audit (WORM) bucket. */
  objectLock: z.strictObject({
    mode: z.enum(OBJECT_LOCK_MODES),
    retentionDays: days(1),
  }),
  /** Lifecycle of audit log objects. */
  lifecycle: z.strictObject({
    /** Storage-class transitions, in increasing order of days. @default none */
    transitions: z
      .array(z.strictObject({ days: days(0), storageClass: z.enum(TRANSITION_STORAGE_CLASSES) }))
      .default([]),
    /** Days after creation when a log object expires; must be at least the retention. */
    expirationDays: days(1),
    /** Days after a version becomes noncurrent when it expires. @default expirationDays */
    noncurrentVersionExpirationDays: days(1).optional(),
  }),
  /** Retention of the CloudTrail log group in CloudWatch Logs, in days. */
  logGroupRetentionDays: z.union(LOG_GROUP_RETENTION_DAYS.map((d) => z.literal(d))),
  /** Who may assume each access role (IAM ARNs of account roots, roles or users). */
  principals: z.strictObject({
    auditors: z.array(iamPrincipalArn),
    administrators: z.array(iamPrincipalArn).default([]),
    breakGlass: z.array(iamPrincipalArn).default([]),
  }),
  /** The "why" every human session must carry: a session tag matched against IAM StringLike patterns. */
  accessContext: z
    .strictObject({
      /** Session tag key required when assuming a human role. @default "ticket" */
      sessionTagKey: z
        .string()
        .regex(/^[\w+=.@:/-]{1,128}$/, { error: 'must be a valid IAM tag key (1-128 of letters, digits, + = . @ : / - _)' })
        .default('ticket'),
      /** StringLike patterns the tag value must match. @default ["CHG-*", "INC-*"] */
      allowedValues: z.array(z.string().min(1).max(256)).min(1).default(['CHG-*', 'INC-*']),
    })
    .default({ sessionTagKey: 'ticket', allowedValues: ['CHG-*', 'INC-*'] }),
  /** Alarm notification subscriptions. @default none */
  alerts: z
    .array(
      z.discriminatedUnion('protocol', [
        z.strictObject({ protocol: z.literal('email'), endpoint: z.email({ error: 'must be an email address' }) }),
        z.strictObject({
          protocol: z.literal('https'),
          endpoint: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }),
        }),
      ]),
    )
    .default([]),
  /** S3 data events for buckets other than the audit bucket (which always logs reads and writes). */
  dataEvents: z
    .strictObject({
      /** Bucket or prefix ARNs whose object-level events are logged. @default none */
      s3Arns: z.array(s3Arn).default([]),
      /** Which of their events are logged. @default "All" */
      readWriteType: z.enum(['All', 'ReadOnly', 'WriteOnly']).default('All'),
    })
    .default({ s3Arns: [], readWriteType: 'All' }),
  /** Tags applied to every resource, beside the auditready:* tags. @default none */
  tags: z.record(tagKey, z.string().max(256)).default({}),
  /** Remote state in S3. @default - local state */
  backend: z
    .strictObject({
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be a valid S3 bucket name' }),
      key: z.string().regex(/^[^\s]+\.tfstate$/, { error: 'must be an object key ending in ".tfstate"' }),
      region: z.enum(AWS_REGIONS),
      /** S3-native state locking (Terraform 1.10+). @default true */
      useLockfile: z.boolean().default(true),
    })
    .optional(),
});

/** An environment as written in config (defaults not yet applied). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment with every default applied. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
