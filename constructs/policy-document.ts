import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { Construct } from 'constructs';

/** A principal block of an IAM policy statement. */
export interface PolicyPrincipal {
  readonly type: 'AWS' | 'Service' | 'Federated' | '*';
  readonly identifiers: readonly string[];
}

/** A condition block: `test` is the operator (StringEquals, ArnLike, Bool, ...). */
export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/** One IAM policy statement, with a Sid so findings and reviews can name it. */
export interface PolicyStatement {
  readonly sid: string;
  /** @default "Allow" */
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  /** @default - none (trust policies carry no resources) */
  readonly resources?: readonly string[];
  /** Every resource but these. @default - none */
  readonly notResources?: readonly string[];
  /** @default - none (identity policies carry no principals) */
  readonly principals?: readonly PolicyPrincipal[];
  /** @default - none */
  readonly conditions?: readonly PolicyCondition[];
}

/**
 * An IAM policy document as a `data.aws_iam_policy_document`: structured in the synthesized JSON,
 * so reviewers read statements rather than an escaped string, and evaluated offline by terraform.
 */
export function policyDocument(scope: Construct, id: string, statements: readonly PolicyStatement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((s) => ({
      sid: s.sid,
      effect: s.effect ?? 'Allow',
      actions: [...s.actions],
      resources: s.resources ? [...s.resources] : undefined,
      notResources: s.notResources ? [...s.notResources] : undefined,
      principals: s.principals?.map((p) => ({ type: p.type, identifiers: [...p.identifiers] })),
      condition: s.conditions?.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })),
    })),
  });
}
