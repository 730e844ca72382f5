import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { type AccessRoleKind, ROLE_TAG } from '../standard/tags';
import { type PolicyStatement, policyDocument } from './policy-document';

/** The "why" a human session must carry, so every CloudTrail event of the session names it. */
export interface AccessContext {
  /** Session tag key required on AssumeRole, e.g. "ticket". */
  readonly sessionTagKey: string;
  /** IAM StringLike patterns the tag value must match, e.g. ["CHG-*", "INC-*"]. */
  readonly allowedValues: readonly string[];
}

export interface HumanRoleProps {
  /** IAM role name. */
  readonly roleName: string;
  /** Which access role this is; tagged as `auditready:role`. */
  readonly kind: AccessRoleKind;
  /** What the role is for. */
  readonly description: string;
  /** Principals allowed to assume the role (IAM ARNs). */
  readonly trustedPrincipalArns: readonly string[];
  /** Source identity and session tag every session must carry. */
  readonly accessContext: AccessContext;
  /** ARN of the permissions boundary. */
  readonly permissionsBoundaryArn: string;
  /** What the role may (and may not) do. */
  readonly statements: readonly PolicyStatement[];
  /**
   * Maximum session length in seconds (IAM's minimum is 3600).
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
}

/**
 * A role for people: assumable only with MFA, a source identity (who) and a session tag matching the
 * access-context patterns (why), for at most an hour, inside a permissions boundary.
 */
export class HumanRole extends Construct {
  readonly role: IamRole;
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: HumanRoleProps) {
    super(scope, id);
    const maxSession = props.maxSessionDurationSeconds ?? 3600;
    if (maxSession !== 3600) {
      throw new Error(`HumanRole ${id}: maxSessionDurationSeconds must be 3600 (one hour) for human roles, got ${maxSession}`);
    }
    if (props.trustedPrincipalArns.length === 0) {
      throw new Error(`HumanRole ${id}: trustedPrincipalArns must name at least one principal`);
    }
    if (props.accessContext.allowedValues.length === 0) {
      throw new Error(`HumanRole ${id}: accessContext.allowedValues must have at least one pattern`);
    }
    const trust = policyDocument(this, 'trust', [
      {
        sid: 'AssumeWithMfaAndAccessContext',
        actions: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'],
        principals: [{ type: 'AWS', identifiers: [...props.trustedPrincipalArns] }],
        conditions: [
          { test: 'Bool', variable: 'aws:MultiFactorAuthPresent', values: ['true'] },
          { test: 'NumericLessThan', variable: 'aws:MultiFactorAuthAge', values: [String(maxSession)] },
          { test: 'StringLike', variable: 'sts:SourceIdentity', values: ['?*'] },
          { test: 'StringLike', variable: `aws:RequestTag/${props.accessContext.sessionTagKey}`, values: [...props.accessContext.allowedValues] },
        ],
      },
    ]);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: maxSession,
      permissionsBoundary: props.permissionsBoundaryArn,
      tags: { [ROLE_TAG]: props.kind },
    });
    const permissions = policyDocument(this, 'permissions', props.statements);
    this.policy = new IamPolicy(this, 'policy', {
      name: `${props.roleName}-permissions`,
      description: `Permissions of ${props.roleName}`,
      policy: permissions.json,
    });
    new IamRolePolicyAttachment(this, 'attachment', { role: this.role.name, policyArn: this.policy.arn });
  }
}
