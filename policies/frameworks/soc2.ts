import { CIS_MONITORING_RULES } from './rule-groups';
import type { Framework } from './types';

/** AICPA SOC 2 Trust Services Criteria (2017, revised points of focus 2022): the common criteria logging touches. */
export const framework: Framework = {
  id: 'soc2',
  name: 'SOC 2 Trust Services Criteria',
  requirements: [
    {
      id: 'CC6.1',
      title: 'Logical access security software, infrastructure and architectures protect information assets',
      rules: [
        'bucket-public-access-block',
        'bucket-no-public-principal',
        'bucket-acls-disabled',
        'bucket-cloudtrail-source-arn',
        'bucket-sse-kms',
        'trail-kms-cmk',
        'log-group-kms',
        'kms-key-policy-no-public-principal',
        'kms-key-rotation',
        'kms-key-deletion-window',
        'iam-human-mfa',
        'iam-human-access-context',
        'iam-human-session-length',
        'iam-human-trust-scope',
        'org-scp-protects-trail',
        'org-rcp-protects-log-archive',
        'org-bucket-policy-organization-scoped',
      ],
    },
    {
      id: 'CC6.3',
      title: 'Access is authorized, modified or removed based on roles and least privilege',
      rules: ['iam-no-wildcard-actions', 'iam-auditor-read-only', 'iam-human-permissions-boundary'],
    },
    { id: 'CC6.7', title: 'Transmission of information is restricted and protected', rules: ['bucket-tls-only'] },
    {
      id: 'CC7.2',
      title: 'System components are monitored for anomalies indicative of malicious acts, and anomalies are analysed',
      rules: [
        'bucket-access-log-target-deliverable',
        'trail-present',
        'trail-multi-region',
        'trail-global-service-events',
        'trail-logging-enabled',
        'trail-log-file-validation',
        'trail-cloudwatch-logs',
        'trail-management-events',
        'trail-s3-data-events',
        'bucket-object-lock',
        'bucket-versioning',
        'bucket-access-logging',
        'org-trail-organization-wide',
        'bucket-lifecycle-retention',
        'bucket-force-destroy',
        'log-resources-prevent-destroy',
        'log-group-retention',
        ...CIS_MONITORING_RULES,
      ],
    },
  ],
};
