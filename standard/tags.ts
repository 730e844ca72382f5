/**
 * The `auditready:*` tags: the contract between what the stacks write and what `auditready check` reads.
 * Users' own tags may not use the prefix.
 */
export const TAG_PREFIX = 'auditready:';

/** Provider default tag naming the environment a Terraform file belongs to. */
export const ENVIRONMENT_TAG = `${TAG_PREFIX}environment`;
/** Provider default tag naming the tier whose thresholds apply; the checker's tier when no --tier is given. */
export const TIER_TAG = `${TAG_PREFIX}tier`;
/** Provider default tag marking resources as managed by auditready; its value is MANAGED_BY. */
export const MANAGED_BY_TAG = `${TAG_PREFIX}managed-by`;
export const MANAGED_BY = 'auditready';

/** Tag on each human role saying which access role it is; the checker finds the auditor role by it. */
export const ROLE_TAG = `${TAG_PREFIX}role`;
/** The access roles auditready defines: the values of ROLE_TAG. */
export type AccessRoleKind = 'auditor' | 'log-admin' | 'break-glass';

/**
 * Provider default tag saying which part of an organization's baseline a file is: which rules apply
 * there (the organization trail's rules in the management account's, the log archive's in its own).
 * Absent for an environment's.
 */
export const SCOPE_TAG = `${TAG_PREFIX}scope`;
/** The values of SCOPE_TAG. */
export const ORGANIZATION_SCOPES = ['organization-management', 'organization-log-archive'] as const;
export type OrganizationScope = (typeof ORGANIZATION_SCOPES)[number];

export function isOrganizationScope(value: unknown): value is OrganizationScope {
  return typeof value === 'string' && (ORGANIZATION_SCOPES as readonly string[]).includes(value);
}
