import { CIS_MONITORING_RULES } from './rule-groups';
import type { Framework } from './types';

/** ISO/IEC 27001:2022 Annex A controls. */
export const framework: Framework = {
  id: 'iso27001-2022',
  name: 'ISO/IEC 27001:2022 Annex A',
  requirements: [
    {
      id: 'A.5.15',
      title: 'Access control',
      rules: [
        'bucket-public-access-block',
        'bucket-no-public-principal',
        'bucket-acls-disabled',
        'bucket-cloudtrail-source-arn',
        'kms-key-policy-no-public-principal',
        'iam-auditor-read-only',
        'iam-human-trust-scope',
      ],
    },
    { id: 'A.8.2', title: 'Privileged access rights', rules: ['iam-no-wildcard-actions', 'iam-human-permissions-boundary', 'iam-human-session-length'] },
    { id: 'A.8.5', title: 'Secure authentication', rules: ['iam-human-mfa', 'iam-human-access-context'] },
    {
      id: 'A.8.15',
      title: 'Logging',
      rules: [
        'bucket-access-log-target-deliverable',
        'trail-present',
        'trail-multi-region',
        'trail-global-service-events',
        'trail-logging-enabled',
        'trail-log-file-validation',
        'trail-management-events',
        'trail-s3-data-events',
        'trail-cloudwatch-logs',
        'bucket-object-lock',
        'bucket-versioning',
        'bucket-access-logging',
        'bucket-lifecycle-retention',
        'bucket-force-destroy',
        'log-resources-prevent-destroy',
        'log-group-retention',
        'org-trail-organization-wide',
        'org-scp-protects-trail',
        'org-rcp-protects-log-archive',
        'org-bucket-policy-organization-scoped',
      ],
    },
    {
      id: 'A.8.16',
      title: 'Monitoring activities',
      rules: [...CIS_MONITORING_RULES],
    },
    {
      id: 'A.8.24',
      title: 'Use of cryptography',
      rules: ['trail-kms-cmk', 'bucket-sse-kms', 'log-group-kms', 'kms-key-rotation', 'kms-key-deletion-window', 'bucket-tls-only'],
    },
  ],
};
