import { ConfigError } from '../../config/config-error';
import { loadOrganizations } from '../../config/load-organizations';
import type { OrganizationInput } from '../../config/organization-schema';
import { ORGANIZATIONS } from '../../config/organizations';
import { synthFromFiles } from '../support/synth-from-files';
import { exampleEnvironment } from '../support/terraform-json';

const org = ORGANIZATIONS[0] as OrganizationInput;
const MANAGEMENT = org.accounts.management;
const LOG_ARCHIVE = org.accounts.logArchive;
const AUDIT = org.accounts.audit;
const principals = org.principals;

describe('loadOrganizations', () => {
  test('GIVEN the embedded example WHEN loaded THEN it validates with defaults applied', () => {
    const [loaded] = loadOrganizations(ORGANIZATIONS);
    expect(loaded?.backend).toEqual({ bucket: 'example-terraform-state-555555555555', region: 'eu-central-1', keyPrefix: 'auditready', useLockfile: true });
    expect(loaded?.accessContext).toEqual({ sessionTagKey: 'ticket', allowedValues: ['CHG-*', 'INC-*'] });
    expect(loaded?.members.rootId).toBeUndefined();
  });

  test('GIVEN several problems WHEN loaded THEN one error lists every one of them, naming the organization', () => {
    let error: unknown;
    try {
      loadOrganizations([{ ...org, members: { accountIds: [LOG_ARCHIVE, MANAGEMENT] } }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).kind).toBe('organization');
    expect((error as ConfigError).problems.map((p) => `${p.subject}:${p.field}`)).toEqual([
      'example-org:members.accountIds[0]',
      'example-org:members.accountIds[1]',
    ]);
  });
});

// Each case: organizations as a user could write them, and what the message must say.
const badConfigs: ReadonlyArray<readonly [string, unknown, RegExp]> = [
  [
    'a member account that is the log-archive account',
    [{ ...org, members: { accountIds: ['111111111111', LOG_ARCHIVE] } }],
    /organization "example-org": members.accountIds\[1\] = "666666666666": is the log-archive account, which the guardrails are always attached to directly/,
  ],
  [
    'a member account that is the management account',
    [{ ...org, members: { accountIds: [MANAGEMENT] } }],
    /members.accountIds\[0\] = "555555555555": is the management account: SCPs never apply to it/,
  ],
  ['no organization id', [{ ...org, organizationId: undefined }], /organization "example-org": organizationId = \(missing\): required field is missing/],
  [
    'an organization id that is an account id',
    [{ ...org, organizationId: '555555555555' }],
    /organizationId = "555555555555": must be an organization id: "o-" and 10-32 lowercase letters or digits/,
  ],
  ['an organization id in capitals', [{ ...org, organizationId: 'o-A1B2C3D4E5' }], /organizationId = "o-A1B2C3D4E5": must be an organization id/],
  ['an organization id too short', [{ ...org, organizationId: 'o-abc' }], /organizationId = "o-abc": must be an organization id/],
  [
    'an OU id without its root part',
    [{ ...org, members: { organizationalUnitIds: ['ou-workloads1'] } }],
    /members.organizationalUnitIds\[0\] = "ou-workloads1": must be an OU id: "ou-", 4-32 lowercase letters or digits \(its root\), "-", 8-32/,
  ],
  [
    'an OU given as its name',
    [{ ...org, members: { organizationalUnitIds: ['Workloads'] } }],
    /members.organizationalUnitIds\[0\] = "Workloads": must be an OU id/,
  ],
  ['a root id of the wrong form', [{ ...org, members: { rootId: 'root-ab12' } }], /members.rootId = "root-ab12": must be a root id: "r-" and 4-32/],
  [
    'an OU under another root',
    [{ ...org, members: { rootId: 'r-cd34', organizationalUnitIds: ['ou-ab12-workloads1'] } }],
    /members.organizationalUnitIds\[0\] = "ou-ab12-workloads1": is not under root r-cd34 \(an OU id starts "ou-cd34-"\)/,
  ],
  ['no guardrail target', [{ ...org, members: {} }], /members = \{.*\}: name at least one rootId, organizationalUnitIds entry or accountIds entry/],
  [
    'a member account listed twice',
    [{ ...org, members: { accountIds: ['111111111111', '111111111111'] } }],
    /members.accountIds\[1\] = "111111111111": duplicate \(also at index 0\): a policy can be attached to a target once/,
  ],
  [
    'a member account id of 11 digits',
    [{ ...org, members: { accountIds: ['11111111111'] } }],
    /members.accountIds\[0\] = "11111111111": must be a 12-digit AWS account id/,
  ],
  [
    'the log archive in the management account',
    [{ ...org, accounts: { ...org.accounts, logArchive: MANAGEMENT } }],
    /accounts.logArchive = "555555555555": must differ from accounts.management: SCPs and RCPs never apply to the management account/,
  ],
  [
    'auditors from the log-archive account',
    [{ ...org, accounts: { ...org.accounts, audit: LOG_ARCHIVE } }],
    /accounts.audit = "666666666666": must differ from accounts.logArchive: auditors come from outside the account they audit/,
  ],
  [
    'an auditor outside the audit account',
    [{ ...org, principals: { ...principals, auditors: [{ type: 'mfa-role', arn: `arn:aws:iam::${MANAGEMENT}:role/Auditors` }] } }],
    /principals.auditors\[0\].arn = "arn:aws:iam::555555555555:role\/Auditors": must be in the audit account 777777777777/,
  ],
  [
    'a deployer in a member account',
    [{ ...org, principals: { ...principals, deployers: [...principals.deployers, 'arn:aws:iam::111111111111:role/auditready-deployer'] } }],
    /principals.deployers\[2\] = "arn:aws:iam::111111111111:role\/auditready-deployer": must be a role in the management account 555555555555 or the log-archive account 666666666666/,
  ],
  [
    'no deployer in the log-archive account',
    [{ ...org, principals: { ...principals, deployers: [`arn:aws:iam::${MANAGEMENT}:role/auditready-deployer`] } }],
    /principals.deployers = \[.*\]: must include a role in the log-archive account 666666666666: its stack is deployed by assuming it/,
  ],
  ['no deployer at all', [{ ...org, principals: { ...principals, deployers: [] } }], /principals.deployers = \[\]: at least one deployer role is required/],
  [
    'no break-glass principal',
    [{ ...org, principals: { ...principals, breakGlass: [] } }],
    /principals.breakGlass = \[\]: at least one break-glass principal is required/,
  ],
  [
    'a principal of an unknown type',
    [{ ...org, principals: { ...principals, breakGlass: [{ type: 'role', arn: `arn:aws:iam::${AUDIT}:role/x` }] } }],
    /principals.breakGlass\[0\].type = "role": allowed: "iam-user" \| "mfa-role" \| "sso-role" \| "saml-provider" \| "oidc-provider"/,
  ],
  [
    'a principal of another partition than the home region',
    [{ ...org, region: 'us-gov-west-1' }],
    /principals.auditors\[0\].arn = "arn:aws:iam::777777777777:role\/aws-reserved.*": must be in partition "aws-us-gov" of region us-gov-west-1/,
  ],
  [
    'GOVERNANCE mode in prod',
    [{ ...org, objectLock: { mode: 'GOVERNANCE', retentionDays: 400 } }],
    /organization "example-org": objectLock.mode = "GOVERNANCE": tier prod allows only COMPLIANCE/,
  ],
  [
    'expiration before retention ends',
    [{ ...org, lifecycle: { transitions: [], expirationDays: 399 } }],
    /lifecycle.expirationDays = 399: must be >= objectLock.retentionDays \(400\)/,
  ],
  ['a home region that does not exist', [{ ...org, region: 'eu-central-9' }], /region = "eu-central-9": allowed: "af-south-1" \|/],
  ['no remote state', [{ ...org, backend: undefined }], /backend = \(missing\): required field is missing/],
  [
    'a state key prefix with a leading slash',
    [{ ...org, backend: { ...org.backend, keyPrefix: '/auditready' } }],
    /backend.keyPrefix = "\/auditready": must be key-name segments separated by "\/"/,
  ],
  [
    'an unknown field',
    [{ ...org, members: { ...org.members, accounts: ['111111111111'] } }],
    /members.accounts = \["111111111111"\]: unknown field; allowed fields: rootId, organizationalUnitIds, accountIds/,
  ],
  ['an entry that is not an object', ['example-org'], /organization "#0": \(organization\) = "example-org": expected an object, got string/],
  ['two organizations with one name', [org, { ...org }], /organization "example-org": name = "example-org": duplicate organization name \(also at index 0\)/],
  ['a file that is not a list', { ...org }, /\(root\) = object: must be a JSON array of organizations/],
];

describe.each(badConfigs)('GIVEN an organization config with %s', (_label, config, message) => {
  test('WHEN synthesized THEN it fails naming the field and writes nothing', () => {
    const result = synthFromFiles({ organizations: JSON.stringify(config) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^auditready: invalid organization config \(.*organizations\.json\)/);
    expect(result.stderr).toMatch(message);
    expect(result.outdirExists).toBe(false);
    expect(result.leftovers).toEqual([]);
  });
});

test('GIVEN an organization whose stack id is an environment name WHEN synthesized THEN it fails naming both and writes nothing', () => {
  const result = synthFromFiles({
    organizations: JSON.stringify([{ ...org, name: 'qa' }]),
    environments: JSON.stringify([{ ...exampleEnvironment('dev'), name: 'qa-management' }]),
  });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(
    /organization "qa": name = "qa": its stack id "qa-management" is also the stack of environment "qa-management": choose another name/,
  );
  expect(result.outdirExists).toBe(false);
  expect(result.leftovers).toEqual([]);
});

test('GIVEN a file that is not JSON WHEN synthesized THEN it fails naming the file and writes nothing', () => {
  const result = synthFromFiles({ organizations: '[{"name": "example-org",' });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/organization "-": \(file\) = ".*organizations\.json": is not valid JSON/);
  expect(result.outdirExists).toBe(false);
});

test('GIVEN a valid organizations file WHEN synthesized THEN both stacks of each organization are written beside the environments', () => {
  const result = synthFromFiles({ organizations: JSON.stringify([org, { ...org, name: 'second-org', organizationId: 'o-zz9y8x7w6v' }]) });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/organization example-org \(prod\): example-org-log-archive, example-org-management, organization second-org \(prod\)/);
  expect(result.outdirExists).toBe(true);
});
