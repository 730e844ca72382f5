import { defineEnvironments } from './load-environments';

/**
 * The environments auditready deploys: one stack each, stack id = name. Add an environment by adding
 * an entry here (see README "Adding an environment"); it is validated when the app loads, and bad
 * entries stop synthesis with a message naming the environment and field. The account ids below are
 * examples: replace them with yours.
 */
export const ENVIRONMENTS = defineEnvironments([
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'us-east-1',
    tier: 'dev',
    objectLock: { mode: 'GOVERNANCE', retentionDays: 90 },
    lifecycle: { transitions: [{ days: 30, storageClass: 'STANDARD_IA' }], expirationDays: 180 },
    logGroupRetentionDays: 90,
    principals: {
      auditors: [
        { type: 'iam-user', arn: 'arn:aws:iam::111111111111:user/alice' },
        { type: 'mfa-role', arn: 'arn:aws:iam::111111111111:role/SecurityAuditors' },
      ],
      administrators: [{ type: 'mfa-role', arn: 'arn:aws:iam::111111111111:role/PlatformAdmins' }],
      breakGlass: [{ type: 'iam-user', arn: 'arn:aws:iam::111111111111:user/incident-responder' }],
      deployers: ['arn:aws:iam::111111111111:role/auditready-deployer'],
    },
    alerts: [{ protocol: 'email', endpoint: 'security-dev@example.com' }],
    tags: { 'cost-center': 'security' },
  },
  {
    name: 'staging',
    accountId: '222222222222',
    region: 'eu-west-1',
    tier: 'staging',
    objectLock: { mode: 'GOVERNANCE', retentionDays: 180 },
    lifecycle: {
      transitions: [
        { days: 30, storageClass: 'STANDARD_IA' },
        { days: 90, storageClass: 'GLACIER_IR' },
      ],
      expirationDays: 365,
    },
    logGroupRetentionDays: 180,
    principals: {
      auditors: [
        { type: 'sso-role', arn: 'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_SecurityAudit_0a1b2c3d4e5f6a7b' },
      ],
      administrators: [{ type: 'oidc-provider', arn: 'arn:aws:iam::222222222222:oidc-provider/login.example.com', audience: 'auditready-staging' }],
      breakGlass: [{ type: 'mfa-role', arn: 'arn:aws:iam::222222222222:role/IncidentResponders' }],
      deployers: ['arn:aws:iam::222222222222:role/auditready-deployer'],
      verifiers: ['arn:aws:iam::222222222222:role/auditready-verifier'],
    },
    alerts: [
      { protocol: 'email', endpoint: 'security-staging@example.com' },
      { protocol: 'https', endpoint: 'https://hooks.example.com/auditready/staging' },
    ],
    dataEvents: { s3Arns: ['arn:aws:s3:::example-staging-customer-data'], readWriteType: 'All' },
    tags: { 'cost-center': 'security' },
  },
  {
    name: 'prod',
    accountId: '333333333333',
    region: 'eu-central-1',
    tier: 'prod',
    objectLock: { mode: 'COMPLIANCE', retentionDays: 400 },
    lifecycle: {
      transitions: [
        { days: 90, storageClass: 'GLACIER_IR' },
        { days: 400, storageClass: 'DEEP_ARCHIVE' },
      ],
      expirationDays: 2557,
    },
    logGroupRetentionDays: 400,
    principals: {
      auditors: [
        { type: 'sso-role', arn: 'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityAudit_1c2d3e4f5a6b7c8d' },
        { type: 'mfa-role', arn: 'arn:aws:iam::999999999999:role/ExternalAuditor' },
      ],
      administrators: [{ type: 'saml-provider', arn: 'arn:aws:iam::333333333333:saml-provider/CorporateIdP' }],
      breakGlass: [{ type: 'mfa-role', arn: 'arn:aws:iam::333333333333:role/IncidentResponders' }],
      deployers: ['arn:aws:iam::333333333333:role/auditready-deployer'],
      verifiers: ['arn:aws:iam::333333333333:role/auditready-verifier'],
    },
    accessContext: { sessionTagKey: 'ticket', allowedValues: ['CHG-*', 'INC-*'] },
    alerts: [
      { protocol: 'email', endpoint: 'security@example.com' },
      { protocol: 'https', endpoint: 'https://hooks.example.com/auditready/prod' },
    ],
    dataEvents: { s3Arns: ['arn:aws:s3:::example-prod-customer-data'], readWriteType: 'All' },
    tags: { 'cost-center': 'security', 'data-classification': 'confidential' },
    backend: { bucket: 'example-terraform-state-333333333333', key: 'auditready/prod.tfstate', region: 'eu-central-1' },
  },
]);
