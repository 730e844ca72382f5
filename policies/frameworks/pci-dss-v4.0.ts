import { CIS_MONITORING_RULES } from './rule-groups';
import type { Framework } from './types';

/** PCI DSS v4.0, requirement 10: log and monitor all access to system components and cardholder data. */
export const framework: Framework = {
  id: 'pci-dss-v4.0',
  name: 'PCI DSS v4.0 Requirement 10',
  requirements: [
    {
      id: '10.2.1',
      title: 'Audit logs are enabled and active for all system components',
      rules: [
        'trail-present',
        'trail-logging-enabled',
        'trail-multi-region',
        'trail-global-service-events',
        'trail-management-events',
        'org-trail-organization-wide',
      ],
    },
    { id: '10.2.1.2', title: 'Audit logs capture all actions taken by any individual with administrative access', rules: ['trail-management-events'] },
    {
      id: '10.2.1.3',
      title: 'Audit logs capture all access to audit logs',
      rules: ['bucket-access-log-target-deliverable', 'trail-s3-data-events', 'bucket-access-logging'],
    },
    {
      id: '10.2.1.4',
      title: 'Audit logs capture all invalid logical access attempts',
      rules: ['cis-5-01-unauthorized-api-calls', 'cis-5-06-console-auth-failures'],
    },
    {
      id: '10.2.1.5',
      title: 'Audit logs capture all changes to identification and authentication credentials',
      rules: ['cis-5-02-console-signin-without-mfa', 'cis-5-03-root-account-usage', 'cis-5-04-iam-policy-changes'],
    },
    { id: '10.2.1.6', title: 'Audit logs capture initialization, stopping or pausing of the audit logs', rules: ['cis-5-05-cloudtrail-config-changes'] },
    { id: '10.2.2', title: 'Audit logs record the user identification and details of each event', rules: ['iam-human-access-context'] },
    {
      id: '10.3.1',
      title: 'Read access to audit log files is limited to those with a job-related need',
      rules: [
        'iam-auditor-read-only',
        'bucket-no-public-principal',
        'bucket-public-access-block',
        'bucket-acls-disabled',
        'kms-key-policy-no-public-principal',
      ],
    },
    {
      id: '10.3.2',
      title: 'Audit log files are protected to prevent modifications by individuals',
      rules: [
        'bucket-object-lock',
        'bucket-versioning',
        'bucket-force-destroy',
        'log-resources-prevent-destroy',
        'bucket-cloudtrail-source-arn',
        'bucket-sse-kms',
        'trail-kms-cmk',
        'log-group-kms',
        'plan-no-baseline-destroy',
        'org-scp-protects-trail',
        'org-rcp-protects-log-archive',
        'org-bucket-policy-organization-scoped',
      ],
    },
    {
      id: '10.3.3',
      title: 'Audit log files are promptly backed up to a secure, central store that is difficult to modify',
      rules: ['trail-cloudwatch-logs', 'bucket-object-lock'],
    },
    { id: '10.3.4', title: 'File integrity monitoring or change detection is used on audit logs', rules: ['trail-log-file-validation'] },
    {
      id: '10.4.1.1',
      title: 'Automated mechanisms are used to perform audit log reviews',
      rules: [...CIS_MONITORING_RULES],
    },
    {
      id: '10.5.1',
      title: 'Audit log history is retained for at least 12 months, with at least the most recent three months immediately available',
      rules: ['bucket-lifecycle-retention', 'log-group-retention', 'bucket-object-lock'],
    },
    {
      id: '10.7.2',
      title: 'Failures of critical security control systems are detected, alerted and addressed',
      rules: ['cis-5-05-cloudtrail-config-changes', 'cis-5-07-cmk-disable-or-deletion', 'cis-5-09-config-changes'],
    },
  ],
};
