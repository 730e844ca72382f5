import { defineOrganizations } from './load-organizations';

/**
 * Organizations auditready deploys at organization scale: two stacks each, `<name>-log-archive` and
 * `<name>-management` (see README "Organizations"). Validated when the app loads, like the
 * environments. The ids below are examples: replace them with yours, or leave the list empty to deploy
 * per-account environments only.
 */
export const ORGANIZATIONS = defineOrganizations([
  {
    name: 'example-org',
    organizationId: 'o-a1b2c3d4e5',
    accounts: { management: '555555555555', logArchive: '666666666666', audit: '777777777777' },
    members: {
      organizationalUnitIds: ['ou-ab12-workloads1', 'ou-ab12-sandbox01'],
      // The example environments' accounts, which may also keep their own per-account trails.
      accountIds: ['111111111111', '222222222222', '333333333333'],
    },
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
        { type: 'sso-role', arn: 'arn:aws:iam::777777777777:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityAudit_2d3e4f5a6b7c8d9e' },
        { type: 'mfa-role', arn: 'arn:aws:iam::777777777777:role/ExternalAuditor' },
      ],
      administrators: [
        { type: 'sso-role', arn: 'arn:aws:iam::555555555555:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmins_3e4f5a6b7c8d9e0f' },
      ],
      breakGlass: [{ type: 'mfa-role', arn: 'arn:aws:iam::777777777777:role/IncidentResponders' }],
      deployers: ['arn:aws:iam::555555555555:role/auditready-deployer', 'arn:aws:iam::666666666666:role/auditready-deployer'],
    },
    alerts: [{ protocol: 'email', endpoint: 'security@example.com' }],
    tags: { 'cost-center': 'security', 'data-classification': 'confidential' },
    backend: { bucket: 'example-terraform-state-555555555555', region: 'eu-central-1' },
  },
]);
