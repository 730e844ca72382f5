/**
 * AWS-managed policies the checker knows by ARN, with what AWS says they grant (the policy documents in the
 * AWS Managed Policy reference). Any other managed policy ARN is unknown: the checker cannot tell what it grants.
 *
 * ReadOnlyAccess, SecurityAudit and ViewOnlyAccess list hundreds of actions that change between versions;
 * they are written here as the read verbs they consist of (a superset: they may grant more reads than AWS's
 * current version, never a write), which is what the rules ask about them.
 */
import { awsManagedPolicyName } from '../arn';
import { fromJsonDocument, type Statement } from '../policy-document';

export interface ManagedPolicy {
  readonly name: string;
  readonly statements: readonly Statement[];
  /** AWS describes the policy as read-only. */
  readonly readOnly: boolean;
}

const READ_VERBS = ['*:Get*', '*:List*', '*:Describe*', '*:BatchGet*', '*:Search*', '*:Lookup*', '*:View*'];

const DOCUMENTS: Readonly<Record<string, { readonly readOnly: boolean; readonly statement: readonly Record<string, unknown>[] }>> = {
  AdministratorAccess: { readOnly: false, statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  PowerUserAccess: {
    readOnly: false,
    statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'account:GetAccountInformation',
          'account:GetGovCloudAccountInformation',
          'account:GetPrimaryEmail',
          'account:ListRegions',
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeEffectivePolicy',
          'organizations:DescribeOrganization',
        ],
        Resource: '*',
      },
    ],
  },
  ReadOnlyAccess: {
    readOnly: true,
    statement: [
      {
        Effect: 'Allow',
        Action: [
          ...READ_VERBS,
          'logs:FilterLogEvents',
          'logs:StartQuery',
          'logs:StopQuery',
          'logs:TestMetricFilter',
          'logs:StartLiveTail',
          'logs:StopLiveTail',
          'dynamodb:Query',
          'dynamodb:Scan',
        ],
        Resource: '*',
      },
    ],
  },
  SecurityAudit: { readOnly: true, statement: [{ Effect: 'Allow', Action: READ_VERBS, Resource: '*' }] },
  'job-function/ViewOnlyAccess': { readOnly: true, statement: [{ Effect: 'Allow', Action: READ_VERBS, Resource: '*' }] },
  AWSCloudTrail_ReadOnlyAccess: {
    readOnly: true,
    statement: [{ Effect: 'Allow', Action: ['cloudtrail:Get*', 'cloudtrail:Describe*', 'cloudtrail:List*', 'cloudtrail:LookupEvents'], Resource: '*' }],
  },
  CloudWatchLogsReadOnlyAccess: {
    readOnly: true,
    statement: [
      {
        Effect: 'Allow',
        Action: [
          'logs:Describe*',
          'logs:Get*',
          'logs:List*',
          'logs:StartQuery',
          'logs:StopQuery',
          'logs:TestMetricFilter',
          'logs:FilterLogEvents',
          'logs:StartLiveTail',
          'logs:StopLiveTail',
          'cloudwatch:GenerateQuery',
          'cloudwatch:GenerateQueryResultsSummary',
        ],
        Resource: '*',
      },
    ],
  },
  AmazonS3ReadOnlyAccess: {
    readOnly: true,
    statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' }],
  },
};

const catalog = new Map<string, ManagedPolicy>();

/** The managed policy an ARN (`arn:<partition>:iam::aws:policy/<name>`) names, when the checker knows it. */
export function managedPolicy(arn: string): ManagedPolicy | undefined {
  const name = awsManagedPolicyName(arn);
  const d = name === undefined ? undefined : DOCUMENTS[name];
  if (name === undefined || !d) return undefined;
  let policy = catalog.get(name);
  if (!policy) {
    // Read on first use: policy-document.ts imports this module.
    const read = fromJsonDocument({ Version: '2012-10-17', Statement: d.statement }, name);
    policy = { name, readOnly: d.readOnly, statements: read.kind === 'document' ? read.statements : [] };
    catalog.set(name, policy);
  }
  return policy;
}
