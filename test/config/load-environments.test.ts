import { ConfigError } from '../../config/config-error';
import { ENVIRONMENTS } from '../../config/environments';
import { loadEnvironments } from '../../config/load-environments';
import { synthFromFiles } from '../support/synth-from-files';
import { exampleEnvironment } from '../support/terraform-json';

const prod = exampleEnvironment('prod');
const dev = exampleEnvironment('dev');

describe('loadEnvironments', () => {
  test('GIVEN the embedded examples WHEN loaded THEN dev, staging and prod validate with defaults applied', () => {
    const envs = loadEnvironments(ENVIRONMENTS);
    expect(envs.map((e) => [e.name, e.tier])).toEqual([
      ['dev', 'dev'],
      ['staging', 'staging'],
      ['prod', 'prod'],
    ]);
    const d = envs[0];
    expect(d.accessContext).toEqual({ sessionTagKey: 'ticket', allowedValues: ['CHG-*', 'INC-*'] });
    expect(d.dataEvents).toEqual({ s3Arns: [], readWriteType: 'All' });
    expect(envs[2].backend?.useLockfile).toBe(true);
  });

  test('GIVEN several problems WHEN loaded THEN one error lists every one of them', () => {
    let error: unknown;
    try {
      loadEnvironments([
        { ...prod, accountId: '1' },
        { ...dev, tier: 'qa' },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => `${p.subject}:${p.field}`)).toEqual(['prod:accountId', 'dev:tier']);
  });
});

// Each case: environments as a user could write them, and what the message must say.
const badConfigs: ReadonlyArray<readonly [string, unknown, RegExp]> = [
  ['account id of the wrong type', [{ ...prod, accountId: 333333333333 }], /environment "prod": accountId = 333333333333: expected string/],
  ['account id with 11 digits', [{ ...prod, accountId: '33333333333' }], /environment "prod": accountId = "33333333333": must be a 12-digit AWS account id/],
  [
    'a region that does not exist',
    [{ ...prod, region: 'eu-central-9' }],
    /environment "prod": region = "eu-central-9": allowed: "af-south-1" \| .*"eu-central-1"/,
  ],
  ['an unknown tier', [{ ...prod, tier: 'production' }], /environment "prod": tier = "production": allowed: "dev" \| "staging" \| "prod"/],
  [
    'an unknown top-level field',
    [{ ...prod, retention: 400 }],
    /environment "prod": retention = 400: unknown field; allowed fields: name, accountId, region, tier, objectLock/,
  ],
  [
    'an unknown nested field',
    [{ ...prod, objectLock: { mode: 'COMPLIANCE', retentionDays: 400, days: 1 } }],
    /environment "prod": objectLock.days = 1: unknown field; allowed fields: mode, retentionDays/,
  ],
  ['a missing required field', [{ ...prod, objectLock: undefined }], /environment "prod": objectLock = \(missing\): required field is missing/],
  [
    'GOVERNANCE mode in prod',
    [{ ...prod, objectLock: { mode: 'GOVERNANCE', retentionDays: 400 } }],
    /environment "prod": objectLock.mode = "GOVERNANCE": tier prod allows only COMPLIANCE/,
  ],
  [
    'prod retention under a year',
    [{ ...prod, objectLock: { mode: 'COMPLIANCE', retentionDays: 364 } }],
    /environment "prod": objectLock.retentionDays = 364: tier prod requires at least 365 days/,
  ],
  [
    'dev retention under 90 days',
    [{ ...dev, objectLock: { mode: 'GOVERNANCE', retentionDays: 30 } }],
    /environment "dev": objectLock.retentionDays = 30: tier dev requires at least 90 days/,
  ],
  [
    'retention over 100 years',
    [{ ...prod, objectLock: { mode: 'COMPLIANCE', retentionDays: 36501 } }],
    /environment "prod": objectLock.retentionDays = 36501: must be at most 36500/,
  ],
  [
    'expiration before retention ends',
    [{ ...prod, lifecycle: { ...prod.lifecycle, expirationDays: 399, transitions: [] } }],
    /environment "prod": lifecycle.expirationDays = 399: must be >= objectLock.retentionDays \(400\)/,
  ],
  [
    'a transition after expiration',
    [{ ...dev, lifecycle: { transitions: [{ days: 200, storageClass: 'STANDARD_IA' }], expirationDays: 180 } }],
    /environment "dev": lifecycle.transitions\[0\].days = 200: must be < lifecycle.expirationDays \(180\)/,
  ],
  [
    'transitions out of order',
    [
      {
        ...prod,
        lifecycle: {
          transitions: [
            { days: 120, storageClass: 'GLACIER_IR' },
            { days: 100, storageClass: 'DEEP_ARCHIVE' },
          ],
          expirationDays: 2557,
        },
      },
    ],
    /lifecycle.transitions\[1\].days = 100: must be > the previous transition's days \(120\)/,
  ],
  [
    'archiving before 3 months',
    [{ ...prod, lifecycle: { transitions: [{ days: 60, storageClass: 'GLACIER' }], expirationDays: 2557 } }],
    /lifecycle.transitions\[0\].days = 60: GLACIER is not immediately readable: at least 90 days/,
  ],
  [
    'an unknown storage class',
    [{ ...prod, lifecycle: { transitions: [{ days: 90, storageClass: 'ONEZONE_IA' }], expirationDays: 2557 } }],
    /lifecycle.transitions\[0\].storageClass = "ONEZONE_IA": allowed: "STANDARD_IA" \| "INTELLIGENT_TIERING" \| "GLACIER_IR" \| "GLACIER" \| "DEEP_ARCHIVE"/,
  ],
  [
    'noncurrent expiry before retention ends',
    [{ ...prod, lifecycle: { ...prod.lifecycle, noncurrentVersionExpirationDays: 30 } }],
    /lifecycle.noncurrentVersionExpirationDays = 30: must be >= objectLock.retentionDays \(400\)/,
  ],
  [
    'prod log group retention under a year',
    [{ ...prod, logGroupRetentionDays: 180 }],
    /environment "prod": logGroupRetentionDays = 180: tier prod requires at least 365 days/,
  ],
  [
    'a log group retention CloudWatch does not offer',
    [{ ...prod, logGroupRetentionDays: 500 }],
    /logGroupRetentionDays = 500: allowed: one of the CloudWatch Logs retention values \(1, 3, 5, .*, 3653\)/,
  ],
  ['no auditor', [{ ...prod, principals: { ...prod.principals, auditors: [] } }], /principals.auditors = \[\]: at least one auditor principal is required/],
  [
    'no break-glass principal',
    [{ ...prod, principals: { ...prod.principals, breakGlass: [] } }],
    /principals.breakGlass = \[\]: at least one break-glass principal is required/,
  ],
  [
    'a principal that is not an IAM ARN',
    [{ ...prod, principals: { ...prod.principals, auditors: [{ type: 'mfa-role', arn: 'alice' }] } }],
    /principals.auditors\[0\].arn = "alice": must be the ARN of an IAM role/,
  ],
  [
    'a principal written as a bare ARN, without its type',
    [{ ...prod, principals: { ...prod.principals, auditors: ['arn:aws:iam::333333333333:role/SecurityAuditors'] } }],
    /principals.auditors\[0\] = "arn:aws:iam::333333333333:role\/SecurityAuditors": must be an object \{ "type": ..., "arn": ... \} with type "iam-user" \| "mfa-role" \| "sso-role" \| "saml-provider" \| "oidc-provider"/,
  ],
  [
    'a principal of an unknown type',
    [{ ...prod, principals: { ...prod.principals, breakGlass: [{ type: 'role', arn: 'arn:aws:iam::333333333333:role/x' }] } }],
    /principals.breakGlass\[0\].type = "role": allowed: "iam-user" \| "mfa-role" \| "sso-role" \| "saml-provider" \| "oidc-provider"/,
  ],
  [
    'an IAM user typed as a role',
    [{ ...prod, principals: { ...prod.principals, breakGlass: [{ type: 'mfa-role', arn: 'arn:aws:iam::333333333333:user/bob' }] } }],
    /principals.breakGlass\[0\].arn = "arn:aws:iam::333333333333:user\/bob": must be the ARN of an IAM role/,
  ],
  [
    'an IAM Identity Center role typed as an MFA role (its sessions carry no MFA)',
    [
      {
        ...prod,
        principals: {
          ...prod.principals,
          auditors: [{ type: 'mfa-role', arn: 'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Audit_0123' }],
        },
      },
    ],
    /principals.auditors\[0\].arn = ".*AWSReservedSSO_Audit_0123": is an IAM Identity Center role, whose sessions carry no MFA: use type "sso-role"/,
  ],
  [
    'an sso-role that is not an IAM Identity Center role',
    [{ ...prod, principals: { ...prod.principals, auditors: [{ type: 'sso-role', arn: 'arn:aws:iam::333333333333:role/Auditors' }] } }],
    /principals.auditors\[0\].arn = "arn:aws:iam::333333333333:role\/Auditors": must be the ARN of an IAM Identity Center role/,
  ],
  [
    'an OIDC provider without an audience',
    [{ ...prod, principals: { ...prod.principals, auditors: [{ type: 'oidc-provider', arn: 'arn:aws:iam::333333333333:oidc-provider/login.example.com' }] } }],
    /principals.auditors\[0\].audience = \(missing\): required field is missing/,
  ],
  [
    'a principal of another partition',
    [{ ...prod, region: 'cn-north-1' }],
    /principals.auditors\[0\].arn = "arn:aws:iam::333333333333:role\/aws-reserved\/sso.amazonaws.com\/AWSReservedSSO_SecurityAudit_1c2d3e4f5a6b7c8d": must be in partition "aws-cn" of region cn-north-1/,
  ],
  [
    'no deployers field',
    [{ ...prod, principals: { ...prod.principals, deployers: undefined } }],
    /principals.deployers = \(missing\): required field is missing/,
  ],
  [
    'no deployer in prod',
    [{ ...prod, principals: { ...prod.principals, deployers: [] } }],
    /environment "prod": principals.deployers = \[\]: at least one deployer role is required: .*KMS refuses a key policy that would lock out the role creating the key/,
  ],
  [
    'no deployer in dev either (nothing could deploy the key)',
    [{ ...dev, principals: { ...dev.principals, deployers: [] } }],
    /environment "dev": principals.deployers = \[\]: at least one deployer role is required/,
  ],
  [
    'a deployer that is a user',
    [{ ...prod, principals: { ...prod.principals, deployers: ['arn:aws:iam::333333333333:user/ci'] } }],
    /principals.deployers\[0\] = "arn:aws:iam::333333333333:user\/ci": must be the ARN of an IAM role \(arn:aws:iam::<12 digits>:role\/<name>\)/,
  ],
  [
    'a deployer in another account',
    [{ ...prod, principals: { ...prod.principals, deployers: ['arn:aws:iam::444444444444:role/deployer'] } }],
    /principals.deployers\[0\] = "arn:aws:iam::444444444444:role\/deployer": must be a role in the environment's account 333333333333/,
  ],
  [
    'a deployer of another partition',
    [{ ...prod, principals: { ...prod.principals, deployers: ['arn:aws-us-gov:iam::333333333333:role/deployer'] } }],
    /principals.deployers\[0\] = "arn:aws-us-gov:iam::333333333333:role\/deployer": must be in partition "aws" of region eu-central-1/,
  ],
  [
    'a verifier that is a user',
    [{ ...prod, principals: { ...prod.principals, verifiers: ['arn:aws:iam::333333333333:user/ci'] } }],
    /principals.verifiers\[0\] = "arn:aws:iam::333333333333:user\/ci": must be the ARN of an IAM role/,
  ],
  [
    'a verifier in another account (a cross-account canary writer)',
    [{ ...prod, principals: { ...prod.principals, verifiers: ['arn:aws:iam::444444444444:role/verifier'] } }],
    /principals.verifiers\[0\] = "arn:aws:iam::444444444444:role\/verifier": must be a role in the environment's account 333333333333/,
  ],
  [
    'a verifier of another partition',
    [{ ...prod, principals: { ...prod.principals, verifiers: ['arn:aws-cn:iam::333333333333:role/verifier'] } }],
    /principals.verifiers\[0\] = "arn:aws-cn:iam::333333333333:role\/verifier": must be in partition "aws" of region eu-central-1/,
  ],
  [
    'a verifier that is also a deployer',
    [{ ...prod, principals: { ...prod.principals, verifiers: prod.principals.deployers } }],
    /principals.verifiers\[0\] = "arn:aws:iam::333333333333:role\/auditready-deployer": must not also be a deployer/,
  ],
  [
    'an alert to a plain-http URL',
    [{ ...prod, alerts: [{ protocol: 'https', endpoint: 'http://hooks.example.com/x' }] }],
    /alerts\[0\].endpoint = "http:\/\/hooks.example.com\/x": must be an https:\/\/ URL/,
  ],
  [
    'an alert to an invalid email',
    [{ ...prod, alerts: [{ protocol: 'email', endpoint: 'security' }] }],
    /alerts\[0\].endpoint = "security": must be an email address/,
  ],
  [
    'a reserved tag key',
    [{ ...prod, tags: { 'auditready:tier': 'dev' } }],
    /tags.auditready:tier = "dev": tag keys starting with "aws:" or "auditready:" are reserved/,
  ],
  [
    'a backend key that is not a state file',
    [{ ...prod, backend: { bucket: 'state-bucket', key: 'prod', region: 'eu-central-1' } }],
    /backend.key = "prod": must be an object key ending in ".tfstate"/,
  ],
  ['a name with capitals', [{ ...prod, name: 'Prod' }], /environment "Prod": name = "Prod": must be 1-20 characters/],
  ['two environments with one name', [dev, { ...dev }], /environment "dev": name = "dev": duplicate environment name \(also at index 0\)/],
  ['a file that is not a list', { ...prod }, /\(root\) = object: must be a JSON array of environments/],
];

describe.each(badConfigs)('GIVEN a config with %s', (_label, config, message) => {
  test('WHEN synthesized THEN it fails naming the field and writes nothing', () => {
    const result = synthFromFiles({ environments: JSON.stringify(config) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^auditready: invalid environment config \(.*environments\.json\)/);
    expect(result.stderr).toMatch(message);
    expect(result.outdirExists).toBe(false);
    expect(result.leftovers).toEqual([]);
  });
});

test('GIVEN a file that is not JSON WHEN synthesized THEN it fails naming the file and writes nothing', () => {
  const result = synthFromFiles({ environments: '[{"name": "dev",' });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/\(file\) = ".*environments\.json": is not valid JSON/);
  expect(result.outdirExists).toBe(false);
});

test('GIVEN a valid config file WHEN synthesized THEN every environment is written', () => {
  const result = synthFromFiles({ environments: JSON.stringify([dev, prod]) });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(
    /synthesized dev \(dev\), prod \(prod\), organization example-org \(prod\): example-org-log-archive, example-org-management into /,
  );
  expect(result.outdirExists).toBe(true);
});
