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

/**
 * The policy as `aws_iam_policy_document` renders its `minified_json`: keys in the provider's order,
 * one-element lists as plain strings, conditions grouped by operator, and `<`, `>` and `&` escaped as Go's
 * JSON encoder does. AWS counts the characters of this text against a policy's size limit.
 */
export function minifiedPolicyJson(statements: readonly PolicyStatement[]): string {
  const one = (values: readonly string[]) => (values.length === 1 ? values[0] : [...values]);
  const document = {
    Version: '2012-10-17',
    Statement: statements.map((s) => {
      const conditions: Record<string, Record<string, string | string[]>> = {};
      for (const c of s.conditions ?? []) {
        conditions[c.test] ??= {};
        (conditions[c.test] as Record<string, string | string[]>)[c.variable] = one(c.values) as string | string[];
      }
      const principal =
        s.principals?.length === 1 && s.principals[0]?.type === '*'
          ? '*'
          : s.principals && Object.fromEntries(s.principals.map((p) => [p.type, one(p.identifiers)]));
      return {
        Sid: s.sid,
        Effect: s.effect ?? 'Allow',
        Action: one(s.actions),
        ...(s.resources ? { Resource: one(s.resources) } : {}),
        ...(s.notResources ? { NotResource: one(s.notResources) } : {}),
        ...(principal ? { Principal: principal } : {}),
        ...(s.conditions ? { Condition: conditions } : {}),
      };
    }),
  };
  return JSON.stringify(document).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
