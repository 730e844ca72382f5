import type { Framework } from './types';

/** CIS Amazon Web Services Foundations Benchmark v7.0.0: the storage, logging and monitoring recommendations. */
export const framework: Framework = {
  id: 'cis-aws-v7.0',
  name: 'CIS Amazon Web Services Foundations Benchmark v7.0.0',
  requirements: [
    { id: '3.1.1', title: 'S3 bucket policy is set to deny HTTP requests', rules: ['bucket-tls-only'] },
    { id: '3.1.4', title: 'S3 is configured with Block Public Access', rules: ['bucket-public-access-block'] },
    {
      id: '4.1',
      title: 'CloudTrail is enabled in all regions',
      rules: ['trail-present', 'trail-multi-region', 'trail-global-service-events', 'trail-logging-enabled', 'trail-management-events'],
    },
    { id: '4.2', title: 'CloudTrail log file validation is enabled', rules: ['trail-log-file-validation'] },
    {
      id: '4.4',
      title: 'Server access logging is enabled on the CloudTrail S3 bucket',
      rules: ['bucket-access-log-target-deliverable', 'bucket-access-logging'],
    },
    { id: '4.5', title: 'CloudTrail logs are encrypted at rest using KMS CMKs', rules: ['trail-kms-cmk', 'kms-key-cloudtrail-bucket-key-decrypt'] },
    { id: '4.6', title: 'Rotation for customer-created symmetric CMKs is enabled', rules: ['kms-key-rotation'] },
    { id: '4.8', title: 'Object-level logging for write events is enabled for S3 buckets', rules: ['trail-s3-data-events'] },
    { id: '4.9', title: 'Object-level logging for read events is enabled for S3 buckets', rules: ['trail-s3-data-events'] },
    { id: '5.1', title: 'Unauthorized API calls are monitored', rules: ['cis-5-01-unauthorized-api-calls'] },
    { id: '5.2', title: 'Management Console sign-in without MFA is monitored', rules: ['cis-5-02-console-signin-without-mfa'] },
    { id: '5.3', title: "Usage of the 'root' account is monitored", rules: ['cis-5-03-root-account-usage'] },
    { id: '5.4', title: 'IAM policy changes are monitored', rules: ['cis-5-04-iam-policy-changes'] },
    { id: '5.5', title: 'CloudTrail configuration changes are monitored', rules: ['cis-5-05-cloudtrail-config-changes'] },
    { id: '5.6', title: 'AWS Management Console authentication failures are monitored', rules: ['cis-5-06-console-auth-failures'] },
    { id: '5.7', title: 'Disabling or scheduled deletion of customer-created CMKs is monitored', rules: ['cis-5-07-cmk-disable-or-deletion'] },
    { id: '5.8', title: 'S3 bucket policy changes are monitored', rules: ['cis-5-08-s3-bucket-policy-changes'] },
    { id: '5.9', title: 'AWS Config configuration changes are monitored', rules: ['cis-5-09-config-changes'] },
    { id: '5.10', title: 'Security group changes are monitored', rules: ['cis-5-10-security-group-changes'] },
    { id: '5.11', title: 'Changes to Network Access Control Lists (NACL) are monitored', rules: ['cis-5-11-nacl-changes'] },
    { id: '5.12', title: 'Changes to network gateways are monitored', rules: ['cis-5-12-network-gateway-changes'] },
    { id: '5.13', title: 'Route table changes are monitored', rules: ['cis-5-13-route-table-changes'] },
    { id: '5.14', title: 'VPC changes are monitored', rules: ['cis-5-14-vpc-changes'] },
    { id: '5.15', title: 'AWS Organizations changes are monitored', rules: ['cis-5-15-organizations-changes'] },
  ],
};
