import { Construct } from 'constructs';
import { LOG_GROUP_READS } from './access-roles';
import { BUCKET_SETTINGS, EVIDENCE_DESTRUCTION } from './bucket-protection';
import { OrganizationPolicy } from './organization-policy';
import type { PolicyCondition, PolicyStatement } from './policy-document';

/** The log archive the RCP protects, and the roles of its account. */
export interface GuardedLogArchive {
  /** The log-archive account: both policies are attached to it. */
  readonly accountId: string;
  /** ARN partition of the account. */
  readonly partition: string;
  /** The WORM bucket and the access-log bucket. */
  readonly bucketArns: readonly string[];
  /** Its deployers: the only roles beside break-glass that change bucket settings, and the only ones that change its roles. */
  readonly deployerRoleArns: readonly string[];
  /** Its break-glass role: changes settings, and alone destroys evidence. */
  readonly breakGlassRoleArn: string;
  /** Its other roles whose trust and permissions only a deployer may change (the auditor). */
  readonly otherRoleArns: readonly string[];
}

export interface OrganizationGuardrailsProps {
  /** Prefix of the policies' names. */
  readonly namePrefix: string;
  /** The organization id (o-...): the RCP refuses principals of any other organization. */
  readonly organizationId: string;
  /** The organization trail: members may not stop, delete or change it. */
  readonly trailArn: string;
  /** Roles that may change the trail: the deployers and break-glass of the management account. */
  readonly trailGuardianRoleArns: readonly string[];
  /** The trail's CloudWatch log group (without ":*"): members may not read it. */
  readonly logGroupArn: string;
  /** Roles that may read the log group: the auditors. */
  readonly logGroupReaderRoleArns: readonly string[];
  readonly logArchive: GuardedLogArchive;
  /** Root, OU and account ids the SCP is attached to beside the log-archive account; at least one. */
  readonly memberTargetIds: readonly string[];
}

/**
 * The preventive half of the organization baseline, managed from the management account:
 * - an SCP on the members (and the log-archive account): no stopping, deleting or changing the
 *   organization trail or what it records, no reading its CloudWatch Logs copy, no changing the
 *   log archive's roles, no leaving the organization;
 * - an RCP on the log-archive account, which binds every principal that touches its resources, from
 *   any account (the management account's included) and from outside the organization: bucket settings
 *   only by its deployers and break-glass, evidence destroyed only by break-glass, its keys never
 *   disabled or scheduled for deletion, and nothing from outside the organization but AWS services.
 * Neither applies to the management account's principals or resources (AWS Organizations never
 * restricts it): see README "What the guardrails cannot do".
 */
export class OrganizationGuardrails extends Construct {
  readonly serviceControlPolicy: OrganizationPolicy;
  readonly resourceControlPolicy: OrganizationPolicy;

  constructor(scope: Construct, id: string, props: OrganizationGuardrailsProps) {
    super(scope, id);
    const { logArchive } = props;
    if (props.memberTargetIds.length === 0) throw new Error(`OrganizationGuardrails ${id}: memberTargetIds must name at least one root, OU or account`);
    if (props.memberTargetIds.includes(logArchive.accountId)) {
      throw new Error(
        `OrganizationGuardrails ${id}: memberTargetIds includes the log-archive account ${logArchive.accountId}, which both policies are attached to anyway`,
      );
    }
    this.serviceControlPolicy = new OrganizationPolicy(this, 'scp', {
      name: `${props.namePrefix}-protect-audit-trail`,
      description: 'auditready: members may not change the organization trail, read its log copy, change the log archive roles or leave',
      type: 'SERVICE_CONTROL_POLICY',
      statements: serviceControlStatements(props),
      targetIds: [...props.memberTargetIds, logArchive.accountId],
    });
    this.resourceControlPolicy = new OrganizationPolicy(this, 'rcp', {
      name: `${props.namePrefix}-protect-log-archive`,
      description: 'auditready: the log archive buckets and key, whoever asks: settings by deployers, evidence by break-glass, nothing from outside',
      type: 'RESOURCE_CONTROL_POLICY',
      statements: resourceControlStatements(props),
      targetIds: [logArchive.accountId],
    });
  }
}

/** Everyone but these roles (a negated operator: a request without the key, such as a service's, is denied too). */
const exceptRoles = (roleArns: readonly string[]): PolicyCondition => ({ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...roleArns] });

/** Trail writes that stop it or change what it records (the same set the baseline's log-admin is denied). */
const TRAIL_CHANGES = [
  'cloudtrail:DeleteTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:PutInsightSelectors',
  'cloudtrail:StopLogging',
  'cloudtrail:UpdateTrail',
];

/** Changes that would let someone take over a role: its trust, permissions, boundary, or the role itself. */
const ROLE_CHANGES = [
  'iam:AttachRolePolicy',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
];

function serviceControlStatements(props: OrganizationGuardrailsProps): PolicyStatement[] {
  const { logArchive } = props;
  return [
    {
      // Member accounts can only see the organization trail, but a CloudTrail delegated administrator can change it.
      sid: 'DenyChangingTheOrganizationTrail',
      effect: 'Deny',
      actions: TRAIL_CHANGES,
      resources: [props.trailArn],
      conditions: [exceptRoles(props.trailGuardianRoleArns)],
    },
    {
      // The log group is in the management account; this keeps members out even if it is ever shared with them
      // (CloudWatch cross-account observability, a log group resource policy).
      sid: 'DenyReadingTheTrailLogGroup',
      effect: 'Deny',
      actions: LOG_GROUP_READS,
      resources: [props.logGroupArn, `${props.logGroupArn}:*`],
      conditions: [exceptRoles(props.logGroupReaderRoleArns)],
    },
    {
      // The RCP excepts these roles by ARN: whoever could rewrite their trust could use the exceptions.
      sid: 'DenyChangingTheLogArchiveRoles',
      effect: 'Deny',
      actions: ROLE_CHANGES,
      resources: [...logArchive.deployerRoleArns, logArchive.breakGlassRoleArn, ...logArchive.otherRoleArns],
      conditions: [exceptRoles(logArchive.deployerRoleArns)],
    },
    {
      // An account that leaves takes its principals out of every guardrail.
      sid: 'DenyLeavingTheOrganization',
      effect: 'Deny',
      actions: ['organizations:LeaveOrganization'],
      resources: ['*'],
    },
  ];
}

function resourceControlStatements(props: OrganizationGuardrailsProps): PolicyStatement[] {
  const { logArchive } = props;
  const everyone = [{ type: '*' as const, identifiers: ['*'] }];
  const buckets = [...logArchive.bucketArns];
  const objects = buckets.map((b) => `${b}/*`);
  const keys = `arn:${logArchive.partition}:kms:*:${logArchive.accountId}:key/*`;
  return [
    {
      // The bucket policy says the same; the RCP holds when a deployer rewrites the bucket policy. Deleting a
      // bucket is evidence destruction, below.
      sid: 'DenyChangingTheLogBuckets',
      effect: 'Deny',
      actions: BUCKET_SETTINGS,
      resources: buckets,
      principals: everyone,
      conditions: [exceptRoles([...logArchive.deployerRoleArns, logArchive.breakGlassRoleArn])],
    },
    {
      sid: 'DenyDestroyingEvidence',
      effect: 'Deny',
      actions: EVIDENCE_DESTRUCTION,
      resources: [...buckets, ...objects],
      principals: everyone,
      conditions: [exceptRoles([logArchive.breakGlassRoleArn])],
    },
    {
      // No exception: a deployer may rewrite the key policy, but not past this.
      sid: 'DenyDisablingOrDeletingTheAuditKeys',
      effect: 'Deny',
      actions: ['kms:DisableKey', 'kms:ScheduleKeyDeletion'],
      resources: [keys],
      principals: everyone,
    },
    {
      // The data perimeter: AWS services (CloudTrail, S3 server access logging) deliver; no principal of another organization reads or writes.
      sid: 'DenyAccessFromOutsideTheOrganization',
      effect: 'Deny',
      actions: ['kms:*', 's3:*'],
      resources: [...buckets, ...objects, keys],
      principals: everyone,
      conditions: [
        { test: 'StringNotEqualsIfExists', variable: 'aws:PrincipalOrgID', values: [props.organizationId] },
        { test: 'BoolIfExists', variable: 'aws:PrincipalIsAWSService', values: ['false'] },
      ],
    },
  ];
}
