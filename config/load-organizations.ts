import { type AddProblem, accountOf, principalProblems, retentionProblems } from './baseline-checks';
import { ORGANIZATIONAL_UNIT_ID, type OrganizationConfig, type OrganizationInput, organizationSchema } from './organization-schema';
import { readConfigFile } from './read-config-file';
import { validateList } from './validate-list';

/**
 * Validates a list of organizations: the schema, then the tier minimums and principal rules environments
 * share, then what only an organization has (distinct accounts, guardrail targets, where deployers and
 * auditors live), then unique names. Throws one ConfigError listing every problem.
 */
export function loadOrganizations(inputs: readonly unknown[], source = 'config/organizations.ts'): OrganizationConfig[] {
  return validateList('organization', organizationSchema, inputs, source, (org, add) => {
    retentionProblems(org, add);
    principalProblems(org.principals, org.region, add);
    organizationProblems(org, add);
  });
}

/** Reads organizations from a JSON file holding an array of organizations. */
export function loadOrganizationsFile(path: string): OrganizationConfig[] {
  return loadOrganizations(readConfigFile(path, 'organization'), path);
}

/** Identity helper for the config file: type-checks organizations as they are written. */
export function defineOrganizations(organizations: readonly OrganizationInput[]): readonly OrganizationInput[] {
  return organizations;
}

function organizationProblems(org: OrganizationConfig, add: AddProblem): void {
  const { management, logArchive, audit } = org.accounts;
  if (logArchive === management) {
    add(
      'accounts.logArchive',
      logArchive,
      'must differ from accounts.management: SCPs and RCPs never apply to the management account, so the logs would be unguarded',
    );
  }
  if (audit === management) add('accounts.audit', audit, 'must differ from accounts.management: auditors come from outside the account they audit');
  if (audit === logArchive) add('accounts.audit', audit, 'must differ from accounts.logArchive: auditors come from outside the account they audit');

  const { rootId, organizationalUnitIds, accountIds } = org.members;
  if (rootId === undefined && organizationalUnitIds.length === 0 && accountIds.length === 0) {
    add('members', org.members, 'name at least one rootId, organizationalUnitIds entry or accountIds entry: the guardrails attach there');
  }
  const duplicates = (field: string, values: readonly string[]) =>
    values.forEach((value, i) => {
      const first = values.indexOf(value);
      if (first < i) add(`${field}[${i}]`, value, `duplicate (also at index ${first}): a policy can be attached to a target once`);
    });
  duplicates('members.organizationalUnitIds', organizationalUnitIds);
  duplicates('members.accountIds', accountIds);
  const rootPart = rootId?.slice('r-'.length);
  organizationalUnitIds.forEach((ou, i) => {
    const root = ORGANIZATIONAL_UNIT_ID.exec(ou)?.[1];
    if (rootPart !== undefined && root !== rootPart)
      add(`members.organizationalUnitIds[${i}]`, ou, `is not under root ${rootId} (an OU id starts "ou-${rootPart}-")`);
  });
  accountIds.forEach((id, i) => {
    const field = `members.accountIds[${i}]`;
    if (id === management) add(field, id, 'is the management account: SCPs never apply to it, so listing it would claim a protection it does not get');
    if (id === logArchive) add(field, id, 'is the log-archive account, which the guardrails are always attached to directly: remove it here');
  });

  // Each stack is deployed by assuming a deployer of its account, and KMS requires that role in the key policy.
  org.principals.deployers.forEach((arn, i) => {
    if (accountOf(arn) !== management && accountOf(arn) !== logArchive) {
      add(`principals.deployers[${i}]`, arn, `must be a role in the management account ${management} or the log-archive account ${logArchive}`);
    }
  });
  for (const [account, label] of [
    [management, 'management'],
    [logArchive, 'log-archive'],
  ] as const) {
    if (org.principals.deployers.length > 0 && !org.principals.deployers.some((arn) => accountOf(arn) === account)) {
      add('principals.deployers', org.principals.deployers, `must include a role in the ${label} account ${account}: its stack is deployed by assuming it`);
    }
  }
  org.principals.auditors.forEach((p, i) => {
    if (accountOf(p.arn) !== audit)
      add(`principals.auditors[${i}].arn`, p.arn, `must be in the audit account ${audit}: auditors come from the security or audit account`);
  });
}
