/**
 * Default tags through which a Terraform file declares what it is: the stacks write them on every
 * resource, and the checker reads the tier to apply from them when no --tier is given.
 */
export const ENVIRONMENT_TAG = 'auditready:environment';
export const TIER_TAG = 'auditready:tier';
