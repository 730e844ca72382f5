/** The CIS AWS Foundations 5.1-5.15 monitoring rules, which several requirements map as a whole. */
export const CIS_MONITORING_RULES = [
  'cis-5-01-unauthorized-api-calls',
  'cis-5-02-console-signin-without-mfa',
  'cis-5-03-root-account-usage',
  'cis-5-04-iam-policy-changes',
  'cis-5-05-cloudtrail-config-changes',
  'cis-5-06-console-auth-failures',
  'cis-5-07-cmk-disable-or-deletion',
  'cis-5-08-s3-bucket-policy-changes',
  'cis-5-09-config-changes',
  'cis-5-10-security-group-changes',
  'cis-5-11-nacl-changes',
  'cis-5-12-network-gateway-changes',
  'cis-5-13-route-table-changes',
  'cis-5-14-vpc-changes',
  'cis-5-15-organizations-changes',
] as const;
