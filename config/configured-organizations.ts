import { loadOrganizations, loadOrganizationsFile } from './load-organizations';
import type { OrganizationConfig } from './organization-schema';
import { ORGANIZATIONS } from './organizations';

/** Where the organizations may come from instead of config/organizations.ts; `process.env` in production. */
export interface OrganizationsSource {
  /** A JSON file holding the array of organizations. @default - the embedded organizations */
  readonly AUDITREADY_ORGANIZATIONS_FILE?: string;
}

/** The embedded organizations (config/organizations.ts), validated. */
export function defaultOrganizations(): OrganizationConfig[] {
  return loadOrganizations(ORGANIZATIONS);
}

/**
 * The organizations synth and check work on: the file AUDITREADY_ORGANIZATIONS_FILE names, else the
 * embedded ones. Validated: throws one ConfigError listing every problem.
 */
export function configuredOrganizations(source: OrganizationsSource): OrganizationConfig[] {
  const file = source.AUDITREADY_ORGANIZATIONS_FILE;
  return file ? loadOrganizationsFile(file) : defaultOrganizations();
}
