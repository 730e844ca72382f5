import type { Framework } from './types';

/** AWS Foundational Security Best Practices (Security Hub control ids). */
export const framework: Framework = {
  id: 'aws-fsbp',
  name: 'AWS Foundational Security Best Practices',
  requirements: [
    {
      id: 'CloudTrail.1',
      title: 'CloudTrail is enabled with at least one multi-Region trail that includes read and write management events',
      rules: ['trail-present', 'trail-multi-region', 'trail-management-events', 'trail-logging-enabled', 'trail-global-service-events'],
    },
    { id: 'CloudTrail.2', title: 'CloudTrail has encryption at rest enabled', rules: ['trail-kms-cmk', 'kms-key-cloudtrail-bucket-key-decrypt'] },
    { id: 'CloudTrail.4', title: 'CloudTrail log file validation is enabled', rules: ['trail-log-file-validation'] },
    { id: 'CloudTrail.5', title: 'CloudTrail trails are integrated with Amazon CloudWatch Logs', rules: ['trail-cloudwatch-logs'] },
    {
      id: 'CloudTrail.6',
      title: 'The S3 bucket used to store CloudTrail logs is not publicly accessible',
      rules: ['bucket-public-access-block', 'bucket-no-public-principal'],
    },
    {
      id: 'CloudTrail.7',
      title: 'S3 bucket access logging is enabled on the CloudTrail S3 bucket',
      rules: ['bucket-access-log-target-deliverable', 'bucket-access-logging'],
    },
    { id: 'S3.2', title: 'S3 general purpose buckets block public read access', rules: ['bucket-no-public-principal'] },
    { id: 'S3.5', title: 'S3 general purpose buckets require requests to use SSL', rules: ['bucket-tls-only'] },
    { id: 'S3.8', title: 'S3 general purpose buckets block public access', rules: ['bucket-public-access-block'] },
    {
      id: 'S3.9',
      title: 'S3 general purpose buckets have server access logging enabled',
      rules: ['bucket-access-log-target-deliverable', 'bucket-access-logging'],
    },
    { id: 'S3.12', title: 'ACLs are not used to manage user access to S3 general purpose buckets', rules: ['bucket-acls-disabled'] },
    { id: 'S3.14', title: 'S3 general purpose buckets have versioning enabled', rules: ['bucket-versioning'] },
    { id: 'S3.15', title: 'S3 general purpose buckets have Object Lock enabled', rules: ['bucket-object-lock'] },
    { id: 'S3.17', title: 'S3 general purpose buckets are encrypted at rest with AWS KMS keys', rules: ['bucket-sse-kms'] },
    { id: 'KMS.3', title: 'AWS KMS keys are not deleted unintentionally', rules: ['kms-key-deletion-window', 'log-resources-prevent-destroy'] },
    { id: 'KMS.4', title: 'AWS KMS key rotation is enabled', rules: ['kms-key-rotation'] },
    { id: 'IAM.1', title: 'IAM policies do not allow full "*" administrative privileges', rules: ['iam-no-wildcard-actions'] },
    { id: 'CloudWatch.1', title: 'A log metric filter and alarm exist for usage of the "root" user', rules: ['cis-5-03-root-account-usage'] },
    { id: 'CloudWatch.2', title: 'A log metric filter and alarm exist for unauthorized API calls', rules: ['cis-5-01-unauthorized-api-calls'] },
    {
      id: 'CloudWatch.3',
      title: 'A log metric filter and alarm exist for Management Console sign-in without MFA',
      rules: ['cis-5-02-console-signin-without-mfa'],
    },
    { id: 'CloudWatch.4', title: 'A log metric filter and alarm exist for IAM policy changes', rules: ['cis-5-04-iam-policy-changes'] },
    { id: 'CloudWatch.5', title: 'A log metric filter and alarm exist for CloudTrail configuration changes', rules: ['cis-5-05-cloudtrail-config-changes'] },
    {
      id: 'CloudWatch.6',
      title: 'A log metric filter and alarm exist for AWS Management Console authentication failures',
      rules: ['cis-5-06-console-auth-failures'],
    },
    {
      id: 'CloudWatch.7',
      title: 'A log metric filter and alarm exist for disabling or scheduled deletion of customer managed keys',
      rules: ['cis-5-07-cmk-disable-or-deletion'],
    },
    { id: 'CloudWatch.8', title: 'A log metric filter and alarm exist for S3 bucket policy changes', rules: ['cis-5-08-s3-bucket-policy-changes'] },
    { id: 'CloudWatch.9', title: 'A log metric filter and alarm exist for AWS Config configuration changes', rules: ['cis-5-09-config-changes'] },
    { id: 'CloudWatch.10', title: 'A log metric filter and alarm exist for security group changes', rules: ['cis-5-10-security-group-changes'] },
    { id: 'CloudWatch.11', title: 'A log metric filter and alarm exist for changes to Network Access Control Lists (NACL)', rules: ['cis-5-11-nacl-changes'] },
    { id: 'CloudWatch.12', title: 'A log metric filter and alarm exist for changes to network gateways', rules: ['cis-5-12-network-gateway-changes'] },
    { id: 'CloudWatch.13', title: 'A log metric filter and alarm exist for route table changes', rules: ['cis-5-13-route-table-changes'] },
    { id: 'CloudWatch.14', title: 'A log metric filter and alarm exist for VPC changes', rules: ['cis-5-14-vpc-changes'] },
  ],
};
