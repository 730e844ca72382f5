import { CIS_MONITORING_RULES } from './rule-groups';
import type { Framework } from './types';

/** NIST SP 800-53 Revision 5 controls. */
export const framework: Framework = {
  id: 'nist-800-53-r5',
  name: 'NIST SP 800-53 Rev. 5',
  requirements: [
    {
      id: 'AC-6',
      title: 'Least privilege',
      rules: ['iam-no-wildcard-actions', 'iam-auditor-read-only', 'iam-human-permissions-boundary', 'iam-human-trust-scope'],
    },
    { id: 'AC-12', title: 'Session termination', rules: ['iam-human-session-length'] },
    {
      id: 'AU-2',
      title: 'Event logging',
      rules: [
        'bucket-access-log-target-deliverable',
        'trail-present',
        'trail-multi-region',
        'trail-global-service-events',
        'trail-management-events',
        'trail-s3-data-events',
        'bucket-access-logging',
      ],
    },
    { id: 'AU-3', title: 'Content of audit records', rules: ['iam-human-access-context'] },
    { id: 'AU-5', title: 'Response to audit logging process failures', rules: ['cis-5-05-cloudtrail-config-changes'] },
    {
      id: 'AU-6',
      title: 'Audit record review, analysis and reporting',
      rules: [
        'trail-cloudwatch-logs',
        // 5.5 (trail changes) maps to AU-5.
        ...CIS_MONITORING_RULES.filter((id) => id !== 'cis-5-05-cloudtrail-config-changes'),
      ],
    },
    {
      id: 'AU-9',
      title: 'Protection of audit information',
      rules: [
        'bucket-object-lock',
        'bucket-versioning',
        'bucket-public-access-block',
        'bucket-no-public-principal',
        'bucket-acls-disabled',
        'bucket-tls-only',
        'bucket-cloudtrail-source-arn',
        'bucket-force-destroy',
        'log-resources-prevent-destroy',
        'kms-key-policy-no-public-principal',
        'kms-key-deletion-window',
        'plan-no-baseline-destroy',
        'org-scp-protects-trail',
        'org-rcp-protects-log-archive',
        'org-bucket-policy-organization-scoped',
      ],
    },
    {
      id: 'AU-9(3)',
      title: 'Protection of audit information: cryptographic protection',
      rules: ['trail-log-file-validation', 'trail-kms-cmk', 'bucket-sse-kms', 'log-group-kms'],
    },
    { id: 'AU-9(4)', title: 'Protection of audit information: access by subset of privileged users', rules: ['iam-auditor-read-only'] },
    { id: 'AU-11', title: 'Audit record retention', rules: ['bucket-lifecycle-retention', 'log-group-retention', 'bucket-object-lock'] },
    { id: 'AU-12', title: 'Audit record generation', rules: ['trail-present', 'trail-logging-enabled', 'trail-multi-region', 'org-trail-organization-wide'] },
    { id: 'IA-2(1)', title: 'Multi-factor authentication to privileged accounts', rules: ['iam-human-mfa'] },
    { id: 'SC-8', title: 'Transmission confidentiality and integrity', rules: ['bucket-tls-only'] },
    { id: 'SC-12', title: 'Cryptographic key establishment and management', rules: ['kms-key-rotation', 'kms-key-deletion-window'] },
    { id: 'SC-28', title: 'Protection of information at rest', rules: ['bucket-sse-kms', 'trail-kms-cmk', 'log-group-kms'] },
    { id: 'SI-4', title: 'System monitoring', rules: ['trail-cloudwatch-logs', 'cis-5-05-cloudtrail-config-changes', 'cis-5-07-cmk-disable-or-deletion'] },
  ],
};
