import * as v from 'valibot';
import { accountIdSchema, baselineSettingsEntries, bucketNameSchema, nameSchema, pattern } from './environment-schema';
import { AWS_REGIONS } from './regions';

/** "o-" and 10-32 lowercase letters or digits (AWS Organizations API reference, Organization.Id). */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** "r-" and 4-32 lowercase letters or digits (Root.Id). */
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
/** "ou-", the 4-32 characters of the root that contains it, "-" and 8-32 more (OrganizationalUnit.Id). */
export const ORGANIZATIONAL_UNIT_ID = /^ou-([0-9a-z]{4,32})-[a-z0-9]{8,32}$/;

/**
 * An organization at scale: one organization trail from the management account into a dedicated
 * log-archive account, guardrails (SCP and RCP) on the members, remote state. Two stacks:
 * `<name>-log-archive` and `<name>-management`.
 */
export const organizationSchema = v.strictObject({
  /** Organization name: prefix of both stack ids and of every resource name. */
  name: nameSchema,
  /** The AWS Organizations id; log files go under AWSLogs/<id>/. */
  organizationId: pattern(ORGANIZATION_ID, 'must be an organization id: "o-" and 10-32 lowercase letters or digits'),
  /** The accounts the topology gives a role. */
  accounts: v.strictObject({
    /** The management account: the organization trail, its CloudWatch delivery, alarms and the guardrails. */
    management: accountIdSchema,
    /** The log-archive account: the WORM bucket, the access-log bucket and the key. */
    logArchive: accountIdSchema,
    /** The security or audit account the auditors come from. */
    audit: accountIdSchema,
  }),
  /** Where the SCP is attached beside the log-archive account: the root, OUs or member accounts. */
  members: v.strictObject({
    /** The organization root: every member account. @default none */
    rootId: v.optional(pattern(ROOT_ID, 'must be a root id: "r-" and 4-32 lowercase letters or digits')),
    /** Organizational units. @default none */
    organizationalUnitIds: v.optional(
      v.array(pattern(ORGANIZATIONAL_UNIT_ID, 'must be an OU id: "ou-", 4-32 lowercase letters or digits (its root), "-", 8-32 lowercase letters or digits')),
      [],
    ),
    /** Member accounts. @default none */
    accountIds: v.optional(v.array(accountIdSchema), []),
  }),
  /** Home region of the organization trail, the buckets and the keys. */
  region: v.picklist(AWS_REGIONS),
  // Deployers are roles in the management and log-archive accounts (at least one each); auditors come from the audit account.
  ...baselineSettingsEntries,
  /** Remote state in S3: each stack at `<keyPrefix>/<stack id>.tfstate`, encrypted, with S3-native locking. */
  backend: v.strictObject({
    bucket: bucketNameSchema,
    region: v.picklist(AWS_REGIONS),
    /** @default "auditready" */
    keyPrefix: v.optional(
      pattern(/^[\w.!*'()-]+(\/[\w.!*'()-]+)*$/, 'must be key-name segments separated by "/", without a leading or trailing "/"'),
      'auditready',
    ),
    /** S3-native state locking (Terraform 1.10+). @default true */
    useLockfile: v.optional(v.boolean(), true),
  }),
});

/** An organization as written in config (defaults not yet applied). */
export type OrganizationInput = v.InferInput<typeof organizationSchema>;
/** A validated organization with every default applied. */
export type OrganizationConfig = v.InferOutput<typeof organizationSchema>;
