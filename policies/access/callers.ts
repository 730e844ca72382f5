/**
 * The callers of the access matrices as the policy evaluator sees them (role sessions, IAM users, account
 * administrators with `"Action": "*"`, the human roles of a file), each with the context keys AWS sets on
 * every request it makes.
 */
import { parseArn } from '../arn';
import type { CompiledStatement } from '../iam/evaluate';
import type { RequestCaller } from '../iam/request';
import type { Statement } from '../policy-document';
import type { HumanRoleFacts } from './baseline';

/** A caller as the evaluator sees it, with the context keys AWS sets on each of its requests. */
export interface Caller {
  readonly request: RequestCaller;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  readonly account?: string;
  /** Why its permissions cannot be read. */
  readonly unknown?: string;
}

/** An identity policy allowing everything: an administrator's, or a deployer's. */
export const ALLOW_EVERYTHING: readonly Statement[] = [
  { effect: 'Allow', actions: ['*'], notActions: [], resources: ['*'], notResources: [], principals: [], notPrincipals: [], conditions: [] },
];

/** How the matrices build each kind of caller of one file. */
export interface Callers {
  roleSession(
    roleArn: string,
    account: string,
    session: string,
    identity: readonly CompiledStatement[],
    extra?: Record<string, string>,
    boundary?: readonly CompiledStatement[],
  ): Caller;
  humanCaller(h: HumanRoleFacts, extra?: Record<string, string>): Caller;
  adminOf(account: string): Caller;
  namedCaller(arn: string): Caller;
  userSession(arn: string, account: string, extra?: Record<string, string>): Caller;
}

/**
 * The callers of a file of `fileAccount` in `partition`: `compiledAll` is ALLOW_EVERYTHING compiled for the
 * file; `common` holds context keys AWS sets on every request of an IAM principal there (an
 * organization's `aws:PrincipalOrgID`).
 */
export function callerBuilders(
  partition: string,
  fileAccount: string,
  compiledAll: readonly CompiledStatement[],
  common: Readonly<Record<string, string>> = {},
): Callers {
  const roleSession = (
    roleArn: string,
    account: string,
    session: string,
    identity: readonly CompiledStatement[],
    extra = {},
    boundary?: readonly CompiledStatement[],
  ): Caller => {
    const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    return {
      request: {
        kind: 'role-session',
        roleArn,
        sessionArn: `arn:${partition}:sts::${account}:assumed-role/${name}/${session}`,
        account,
        identity,
        ...(boundary ? { boundary } : {}),
      },
      account,
      context: {
        'aws:PrincipalArn': roleArn,
        'aws:PrincipalAccount': account,
        'aws:PrincipalType': 'AssumedRole',
        'aws:userid': `AROAEXAMPLEROLEID:${session}`,
        'aws:SecureTransport': 'true',
        ...common,
        ...extra,
      },
    };
  };
  const adminOf = (account: string): Caller => roleSession(`arn:${partition}:iam::${account}:role/Administrator`, account, 'admin', compiledAll);
  const userSession = (arn: string, account: string, extra: Record<string, string> = {}): Caller => ({
    request: { kind: 'role-session', roleArn: arn, sessionArn: arn, account, identity: compiledAll },
    account,
    context: {
      'aws:PrincipalArn': arn,
      'aws:PrincipalAccount': account,
      'aws:PrincipalType': 'User',
      'aws:username': arn.slice(arn.lastIndexOf('/') + 1),
      'aws:userid': 'AIDAEXAMPLEUSERID',
      'aws:SecureTransport': 'true',
      ...common,
      ...extra,
    },
  });
  const namedCaller = (arn: string): Caller => {
    const parsed = parseArn(arn);
    const account = parsed?.account ?? fileAccount;
    if (parsed?.resource === 'root') return adminOf(account);
    if (parsed?.resource.startsWith('user/')) return userSession(arn, account);
    return roleSession(arn, account, 'pipeline', compiledAll);
  };
  const humanCaller = (h: HumanRoleFacts, extra = {}): Caller =>
    'unknown' in h.permissions
      ? { ...roleSession(h.arn, fileAccount, 'alice', []), unknown: `${h.resource.address}: ${h.permissions.unknown}` }
      : roleSession(h.arn, fileAccount, 'alice', h.permissions.identity, { 'aws:SourceIdentity': 'alice', ...extra }, h.permissions.boundary);
  return { roleSession, humanCaller, adminOf, namedCaller, userSession };
}
