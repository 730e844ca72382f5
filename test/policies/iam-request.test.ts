/**
 * policies/iam/request.ts (AWS's decision on one request, behind the shipped access matrix) against the
 * independent evaluator, on hand-made policies for each part of the evaluation logic the example
 * environments do not exercise: boundaries' implicit deny and what escapes it, KMS and STS trusting the
 * account only through their own policy, cross-account, NotPrincipal, policy variables, anonymous callers,
 * explicit denies.
 */
import { compile } from '../../policies/iam/evaluate';
import { decideRequest, type RequestCaller } from '../../policies/iam/request';
import { createModel } from '../../policies/model';
import { readPolicy } from '../../policies/policy-document';
import { Resolver } from '../../policies/resolver';
import { type Caller, type Decision, decide, type PolicyJson } from '../support/iam-evaluator';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1`;
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BUCKET = 'arn:aws:s3:::data';
const OBJECT = `${BUCKET}/a.txt`;
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0f1e2d3c-4b5a-4697-8877-665544332211`;

const resolver = new Resolver(createModel({ source: 'test', kind: 'terraform-json', region: 'eu-west-1', account: ACCOUNT, resources: [] }));
const doc = (...Statement: Record<string, unknown>[]): PolicyJson => ({ Version: '2012-10-17', Statement });
/** The policy as Terraform configuration holds it: a JSON string, its policy variables escaped (`$${aws:username}`). */
const compiled = (p: PolicyJson) => {
  const read = readPolicy(resolver.model, JSON.stringify(p).replaceAll('${', '$${'));
  if (read.kind !== 'document') throw new Error('unreadable test policy');
  return compile(read.statements, resolver);
};
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});

interface Who {
  readonly principal: string;
  readonly kind: 'role' | 'user' | 'service' | 'anonymous';
  readonly account?: string;
  readonly identity?: PolicyJson[];
  readonly boundary?: PolicyJson;
  readonly context: Record<string, string>;
}
const role = (identity: PolicyJson[], boundary?: PolicyJson, account = ACCOUNT): Who => {
  const arn = ROLE.replace(ACCOUNT, account);
  return {
    principal: SESSION.replace(ACCOUNT, account),
    kind: 'role',
    account,
    identity,
    ...(boundary ? { boundary } : {}),
    context: { 'aws:PrincipalArn': arn, 'aws:PrincipalAccount': account, 'aws:PrincipalType': 'AssumedRole', 'aws:SecureTransport': 'true' },
  };
};

interface Case {
  readonly what: string;
  readonly who: Who;
  readonly action: string;
  readonly resource: string;
  readonly resourcePolicy?: PolicyJson;
  readonly context?: Record<string, string>;
  readonly expected: Decision;
}

const EVERYTHING = doc(allow('*'));
const CASES: readonly Case[] = [
  { what: 'identity allows, no boundary', who: role([doc(allow('s3:GetObject'))]), action: 's3:GetObject', resource: OBJECT, expected: 'allow' },
  {
    what: 'the boundary does not allow it: implicitly denied',
    who: role([EVERYTHING], doc(allow('logs:*'))),
    action: 's3:GetObject',
    resource: OBJECT,
    expected: 'deny',
  },
  {
    what: "a bucket policy naming the session's ARN escapes the boundary",
    who: role([], doc(allow('logs:*'))),
    action: 's3:GetObject',
    resource: OBJECT,
    resourcePolicy: doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: SESSION } })),
    expected: 'allow',
  },
  {
    what: "a bucket policy naming the role's ARN does not escape the boundary",
    who: role([], doc(allow('logs:*'))),
    action: 's3:GetObject',
    resource: OBJECT,
    resourcePolicy: doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: ROLE } })),
    expected: 'deny',
  },
  {
    what: "a bucket policy naming the role's ARN allows within the boundary, without an identity policy",
    who: role([], doc(allow('s3:*'))),
    action: 's3:GetObject',
    resource: OBJECT,
    resourcePolicy: doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: ROLE } })),
    expected: 'allow',
  },
  {
    what: 'a bucket policy naming the account: the identity policy must allow',
    who: role([]),
    action: 's3:GetObject',
    resource: OBJECT,
    resourcePolicy: doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })),
    expected: 'deny',
  },
  {
    what: 'a key policy that does not trust the account: IAM alone grants nothing',
    who: role([EVERYTHING]),
    action: 'kms:Decrypt',
    resource: KEY,
    resourcePolicy: doc(allow('kms:Decrypt', '*', { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` } })),
    expected: 'deny',
  },
  {
    what: 'a key policy that trusts the account for the action: IAM grants it',
    who: role([EVERYTHING]),
    action: 'kms:Decrypt',
    resource: KEY,
    resourcePolicy: doc(allow('kms:*', '*', { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })),
    expected: 'allow',
  },
  {
    what: 'a key policy that trusts the account for another action only',
    who: role([EVERYTHING]),
    action: 'kms:Decrypt',
    resource: KEY,
    resourcePolicy: doc(allow('kms:DescribeKey', '*', { Principal: { AWS: ACCOUNT } })),
    expected: 'deny',
  },
  {
    what: 'from another account: the bucket policy names that account and its IAM allows',
    who: role([EVERYTHING], undefined, OTHER),
    action: 's3:GetObject',
    resource: OBJECT,
    resourcePolicy: doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: `arn:aws:iam::${OTHER}:root` } })),
    expected: 'allow',
  },
  {
    what: 'from another account: the bucket policy names it but its IAM does not allow',
    who: role([doc(allow('logs:*'))], undefined, OTHER),
    action: 's3:GetObject',
    resource: OBJECT,
    resourcePolicy: doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: `arn:aws:iam::${OTHER}:root` } })),
    expected: 'deny',
  },
  {
    what: 'from another account: its IAM allows but the bucket policy does not name it',
    who: role([EVERYTHING], undefined, OTHER),
    action: 's3:GetObject',
    resource: OBJECT,
    expected: 'deny',
  },
  {
    what: 'a Deny with NotPrincipal spares the principal it names',
    who: role([EVERYTHING]),
    action: 's3:DeleteObject',
    resource: OBJECT,
    resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: [ROLE, SESSION] }, Action: 's3:DeleteObject', Resource: `${BUCKET}/*` }),
    expected: 'allow',
  },
  {
    what: 'a Deny with NotPrincipal catches everyone else',
    who: role([EVERYTHING]),
    action: 's3:DeleteObject',
    resource: OBJECT,
    resourcePolicy: doc({
      Effect: 'Deny',
      NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/breakglass` },
      Action: 's3:DeleteObject',
      Resource: `${BUCKET}/*`,
    }),
    expected: 'deny',
  },
  {
    what: 'an explicit Deny in the identity policy beats the bucket policy',
    who: role([doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' })]),
    action: 's3:GetObject',
    resource: OBJECT,
    resourcePolicy: doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: SESSION } })),
    expected: 'deny',
  },
  {
    what: 'a policy variable takes the request value: a user reads its own prefix',
    who: {
      principal: USER,
      kind: 'user',
      account: ACCOUNT,
      identity: [doc(allow('s3:GetObject', `${BUCKET}/\${aws:username}/*`))],
      context: { 'aws:PrincipalArn': USER, 'aws:PrincipalAccount': ACCOUNT, 'aws:username': 'alice', 'aws:SecureTransport': 'true' },
    },
    action: 's3:GetObject',
    resource: `${BUCKET}/alice/notes.txt`,
    expected: 'allow',
  },
  {
    what: "a policy variable takes the request value: not another user's prefix",
    who: {
      principal: USER,
      kind: 'user',
      account: ACCOUNT,
      identity: [doc(allow('s3:GetObject', `${BUCKET}/\${aws:username}/*`))],
      context: { 'aws:PrincipalArn': USER, 'aws:PrincipalAccount': ACCOUNT, 'aws:username': 'alice', 'aws:SecureTransport': 'true' },
    },
    action: 's3:GetObject',
    resource: `${BUCKET}/bob/notes.txt`,
    expected: 'deny',
  },
  {
    what: 'anonymous, allowed by Principal *',
    who: { principal: 'anonymous', kind: 'anonymous', context: { 'aws:SecureTransport': 'true' } },
    action: 's3:GetObject',
    resource: OBJECT,
    resourcePolicy: doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: '*' })),
    expected: 'allow',
  },
  {
    what: 'anonymous, where Principal * is bound to an account it cannot show',
    who: { principal: 'anonymous', kind: 'anonymous', context: { 'aws:SecureTransport': 'true' } },
    action: 's3:GetObject',
    resource: OBJECT,
    resourcePolicy: doc(allow('s3:GetObject', `${BUCKET}/*`, { Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } })),
    expected: 'deny',
  },
  {
    what: 'a service bound to its source: the right trail',
    who: {
      principal: 'cloudtrail.amazonaws.com',
      kind: 'service',
      context: { 'aws:SourceArn': `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/t`, 'aws:SecureTransport': 'true' },
    },
    action: 's3:PutObject',
    resource: OBJECT,
    resourcePolicy: doc(
      allow('s3:PutObject', `${BUCKET}/*`, {
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/t` } },
      }),
    ),
    expected: 'allow',
  },
  {
    what: 'a service bound to its source: another trail',
    who: {
      principal: 'cloudtrail.amazonaws.com',
      kind: 'service',
      context: { 'aws:SourceArn': `arn:aws:cloudtrail:eu-west-1:${OTHER}:trail/t`, 'aws:SecureTransport': 'true' },
    },
    action: 's3:PutObject',
    resource: OBJECT,
    resourcePolicy: doc(
      allow('s3:PutObject', `${BUCKET}/*`, {
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/t` } },
      }),
    ),
    expected: 'deny',
  },
  {
    what: 'a trust policy naming the account: the caller needs sts:AssumeRole in IAM too',
    who: role([doc(allow('s3:*'))]),
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${ACCOUNT}:role/target`,
    resourcePolicy: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }),
    expected: 'deny',
  },
  {
    what: 'a trust policy naming the account, and the caller has sts:AssumeRole in IAM',
    who: role([doc(allow('sts:AssumeRole'))]),
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${ACCOUNT}:role/target`,
    resourcePolicy: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }),
    expected: 'allow',
  },
  {
    what: 'a trust policy naming another principal: IAM alone grants nothing',
    who: role([doc(allow('sts:AssumeRole'))]),
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${ACCOUNT}:role/target`,
    resourcePolicy: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` } }),
    expected: 'deny',
  },
];

function ours(c: Case): Decision {
  const w = c.who;
  const caller: RequestCaller =
    w.kind === 'anonymous'
      ? { kind: 'anonymous' }
      : w.kind === 'service'
        ? { kind: 'service', principal: w.principal }
        : {
            kind: 'role-session',
            roleArn: w.kind === 'user' ? w.principal : (w.context['aws:PrincipalArn'] as string),
            sessionArn: w.principal,
            account: w.account as string,
            identity: (w.identity ?? []).flatMap(compiled),
            ...(w.boundary ? { boundary: compiled(w.boundary) } : {}),
          };
  const t = decideRequest({
    caller,
    action: c.action,
    resource: c.resource,
    resourceAccount: ACCOUNT,
    ...(c.resourcePolicy ? { resourcePolicy: compiled(c.resourcePolicy) } : {}),
    context: { ...w.context, ...(c.context ?? {}) },
    tokenName: (token) => resolver.tokenName(token),
  });
  if (t === 'maybe') throw new Error(`${c.what}: unknown`);
  return t === 'yes' ? 'allow' : 'deny';
}

test.each(CASES.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
  const w = c.who;
  const caller: Caller = { principal: w.principal, identityPolicies: w.identity ?? [], ...(w.boundary ? { boundary: w.boundary } : {}), context: w.context };
  const independent = await decide({
    caller,
    action: c.action,
    resource: c.resource,
    resourceAccount: ACCOUNT,
    ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy } : {}),
    ...(c.context ? { context: c.context } : {}),
  });
  expect({ independent, ours: ours(c) }).toEqual({ independent: c.expected, ours: c.expected });
});
