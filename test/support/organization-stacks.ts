import { loadOrganizations } from '../../config/load-organizations';
import type { OrganizationConfig, OrganizationInput } from '../../config/organization-schema';
import { ORGANIZATIONS } from '../../config/organizations';
import { synthesizeStacks } from '../../stacks/build-app';
import type { TerraformJson } from './terraform-json';

/** The embedded example organization, as written. */
export function exampleOrganization(): OrganizationInput {
  const org = ORGANIZATIONS[0];
  if (!org) throw new Error('no example organization');
  return org;
}

/** Both stacks of one organization, synthesized in memory. */
export interface OrganizationStacks {
  readonly org: OrganizationConfig;
  readonly logArchive: TerraformJson;
  readonly management: TerraformJson;
}

/** Synthesizes organizations (the example, with overrides, by default), each into its two stacks. */
export function synthOrganizations(inputs: readonly OrganizationInput[] = [exampleOrganization()]): OrganizationStacks[] {
  const orgs = loadOrganizations(inputs);
  const stacks = synthesizeStacks([], orgs);
  return orgs.map((org) => {
    const byId = (id: string) => {
      const s = stacks.find((x) => x.environment === id);
      if (!s) throw new Error(`no stack ${id}`);
      return s.terraform as unknown as TerraformJson;
    };
    return { org, logArchive: byId(`${org.name}-log-archive`), management: byId(`${org.name}-management`) };
  });
}

/** One organization (the example, with overrides). */
export function synthOrganization(overrides: Partial<OrganizationInput> = {}): OrganizationStacks {
  return synthOrganizations([{ ...exampleOrganization(), ...overrides }])[0] as OrganizationStacks;
}

/**
 * The example organization moved to GovCloud: every ARN rewritten. (Organizations in China are
 * separate organizations with their own management account; GovCloud stands for the partitions whose
 * ARNs differ.)
 */
export function govCloudOrganization(): OrganizationInput {
  const json = JSON.stringify(exampleOrganization()).replace(/"arn:aws:/g, '"arn:aws-us-gov:');
  return {
    ...(JSON.parse(json) as OrganizationInput),
    name: 'gov-org',
    region: 'us-gov-west-1',
    backend: { bucket: 'example-terraform-state-gov', region: 'us-gov-west-1' },
  };
}
