import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import type { HumanPrincipal } from '../config/environment-schema';
import { type AccessRoleKind, ROLE_TAG } from '../standard/tags';
import { type AwsAccount, signInHostOf } from './aws-account';
import { type PolicyCondition, type PolicyStatement, policyDocument } from './policy-document';

/** The "why" a human session must carry, so every CloudTrail event of the session names it. */
export interface AccessContext {
  /** Session tag key required on AssumeRole, e.g. "ticket". */
  readonly sessionTagKey: string;
  /** IAM StringLike patterns the tag value must match, e.g. ["CHG-*", "INC-*"]. */
  readonly allowedValues: readonly string[];
}

/** Human sessions last at most an hour, and MFA must be at most this old when the role is assumed. */
export const HUMAN_SESSION_SECONDS = 3600;

export interface HumanRoleProps {
  /** Account of the role (the partition decides the SAML audience). */
  readonly account: AwsAccount;
  /** IAM role name. */
  readonly roleName: string;
  /** Which access role this is; tagged as `auditready:role`. */
  readonly kind: AccessRoleKind;
  /** What the role is for. */
  readonly description: string;
  /** Who may assume the role, typed by how their sessions prove who they are; at least one. */
  readonly trustedPrincipals: readonly HumanPrincipal[];
  /** Source identity and session tag every session must carry. */
  readonly accessContext: AccessContext;
  /** ARN of the permissions boundary. */
  readonly permissionsBoundaryArn: string;
  /** What the role may (and may not) do. */
  readonly statements: readonly PolicyStatement[];
}

/**
 * A role for people: assumable for at most an hour, inside a permissions boundary, only with a source
 * identity (who) and the access-context session tag and no other tag (why), and with MFA wherever the
 * caller's session can prove it (see `trustStatements`).
 */
export class HumanRole extends Construct {
  readonly role: IamRole;
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: HumanRoleProps) {
    super(scope, id);
    if (props.trustedPrincipals.length === 0) {
      throw new Error(`HumanRole ${id}: trustedPrincipals must name at least one principal`);
    }
    if (props.accessContext.allowedValues.length === 0) {
      throw new Error(`HumanRole ${id}: accessContext.allowedValues must have at least one pattern`);
    }
    const trust = policyDocument(this, 'trust', trustStatements(props.account, props.trustedPrincipals, props.accessContext));
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: HUMAN_SESSION_SECONDS,
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

/**
 * One trust statement per kind of principal, because what a session can prove differs:
 * - IAM users and MFA roles carry MFA context, so MFA is required and must be recent;
 * - IAM Identity Center, SAML and OIDC sessions never carry `aws:MultiFactorAuthPresent` (IAM User Guide,
 *   "AWS global condition context keys"): requiring it would make the role unassumable; the identity
 *   provider enforces MFA instead.
 * Every statement requires a source identity and the access-context tag, and refuses any other tag key
 * (`ForAllValues` on `aws:TagKeys`), so a session cannot carry a second, misleading tag.
 */
export function trustStatements(account: AwsAccount, principals: readonly HumanPrincipal[], context: AccessContext): PolicyStatement[] {
  const ofType = <T extends HumanPrincipal['type']>(type: T) => principals.filter((p): p is Extract<HumanPrincipal, { type: T }> => p.type === type);
  const tagged: PolicyCondition[] = [
    { test: 'StringLike', variable: `aws:RequestTag/${context.sessionTagKey}`, values: [...context.allowedValues] },
    { test: 'ForAllValues:StringEquals', variable: 'aws:TagKeys', values: [context.sessionTagKey] },
  ];
  const withMfa: PolicyCondition[] = [
    { test: 'Bool', variable: 'aws:MultiFactorAuthPresent', values: ['true'] },
    { test: 'NumericLessThan', variable: 'aws:MultiFactorAuthAge', values: [String(HUMAN_SESSION_SECONDS)] },
  ];
  // Where the caller cannot be tied to a name by IAM, any non-empty source identity; once set, STS keeps
  // it for the session and every session chained from it.
  const anySourceIdentity: PolicyCondition = { test: 'StringLike', variable: 'sts:SourceIdentity', values: ['?*'] };
  const assume = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];
  const statements: PolicyStatement[] = [];

  const users = ofType('iam-user');
  if (users.length > 0) {
    statements.push({
      sid: 'IamUsersWithMfa',
      actions: assume,
      principals: [{ type: 'AWS', identifiers: users.map((u) => u.arn) }],
      conditions: [
        ...withMfa,
        // The user's own name ("Monitor and control actions taken with assumed roles"); "&{...}" is how
        // aws_iam_policy_document writes the IAM policy variable ${aws:username}.
        { test: 'StringEquals', variable: 'sts:SourceIdentity', values: ['&{aws:username}'] },
        ...tagged,
      ],
    });
  }
  const roles = ofType('mfa-role');
  if (roles.length > 0) {
    statements.push({
      sid: 'RoleSessionsWithMfa',
      actions: assume,
      principals: [{ type: 'AWS', identifiers: roles.map((r) => r.arn) }],
      conditions: [...withMfa, anySourceIdentity, ...tagged],
    });
  }
  const sso = ofType('sso-role');
  if (sso.length > 0) {
    statements.push({
      sid: 'IdentityCenterSessions',
      actions: assume,
      principals: [{ type: 'AWS', identifiers: sso.map((r) => r.arn) }],
      conditions: [anySourceIdentity, ...tagged],
    });
  }
  const saml = ofType('saml-provider');
  if (saml.length > 0) {
    const host = signInHostOf(account);
    statements.push({
      sid: 'SamlFederation',
      actions: ['sts:AssumeRoleWithSAML', 'sts:SetSourceIdentity', 'sts:TagSession'],
      principals: [{ type: 'Federated', identifiers: saml.map((p) => p.arn) }],
      conditions: [
        // Assertions addressed to the console's global or regional sign-in endpoint ("Configure SAML assertions for the authentication response").
        { test: 'StringLike', variable: 'SAML:aud', values: [`https://${host}/saml`, `https://*.${host}/saml`] },
        anySourceIdentity,
        ...tagged,
      ],
    });
  }
  ofType('oidc-provider').forEach((p, i) => {
    const issuer = p.arn.slice(p.arn.indexOf(':oidc-provider/') + ':oidc-provider/'.length);
    statements.push({
      sid: `OidcFederation${i}`,
      actions: ['sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity', 'sts:TagSession'],
      principals: [{ type: 'Federated', identifiers: [p.arn] }],
      conditions: [{ test: 'StringEquals', variable: `${issuer}:aud`, values: [p.audience] }, anySourceIdentity, ...tagged],
    });
  });
  return statements;
}
