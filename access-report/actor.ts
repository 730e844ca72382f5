import { obj, str, strAt, type TrailRecord } from './record-fields';

/**
 * Who made a call, by the `userIdentity` types of the CloudTrail user guide ("CloudTrail userIdentity
 * element"): the root user, an IAM user, a role session (AssumedRole), a federated user
 * (GetFederationToken), an IAM Identity Center user acting through a service, or an AWS service.
 */
export type ActorKind = 'root' | 'iam-user' | 'role' | 'federated-user' | 'identity-center-user' | 'service' | 'unknown';

/** The caller of one record, and the session the record belongs to. */
export interface Actor {
  readonly kind: ActorKind;
  /**
   * Groups records into sessions: the principal's ARN and the time its credentials were issued
   * (`sessionContext.attributes.creationDate`), which every call of one session carries. Calls with
   * long-term access keys have no session: they group by key and UTC day.
   */
  readonly sessionKey: string;
  /** The principal's ARN: for a role session, the session ARN (`assumed-role/<role>/<session name>`). */
  readonly arn?: string;
  readonly accountId?: string;
  /** A role session's role (`sessionContext.sessionIssuer.arn`). */
  readonly roleArn?: string;
  /** The IAM user's name, the role session's name, or the Identity Center user id. */
  readonly userName?: string;
  readonly sourceIdentity?: string;
  readonly accessKeyId?: string;
  /** When the session's credentials were issued. */
  readonly issuedAt?: string;
  /** `mfaAuthenticated` of the session, when the record says. */
  readonly mfa?: boolean;
  /** The service, for calls an AWS service made (`invokedBy`). */
  readonly service?: string;
}

/**
 * The session a record belongs to, cheaply (it runs for every record): a role session, console session
 * or root session is its principal's ARN and the time its credentials were issued
 * (`sessionContext.attributes.creationDate`), which every call of one session carries; calls with
 * long-term access keys group by key and UTC day; AWS services' own calls by service (`service|...`).
 */
export function sessionKeyOf(record: TrailRecord): string {
  const identity = obj(record.userIdentity);
  if (identity === undefined) return 'unknown|null';
  const type = identity.type;
  const arn = str(identity.arn);
  const invokedBy = str(identity.invokedBy);
  if (invokedBy !== undefined && (type === 'AWSService' || arn === undefined)) return `service|${invokedBy}`;
  if (type === 'AWSService') return 'service|-';
  if (type === 'IdentityCenterUser') {
    const context = obj(identity.sessionContext);
    const credential = str(identity.credentialId) ?? strAt(context, 'attributes', 'creationDate') ?? (str(record.eventTime) ?? '').slice(0, 10);
    return `idc|${strAt(identity, 'onBehalfOf', 'identityStoreArn') ?? '-'}/${strAt(identity, 'onBehalfOf', 'userId') ?? '-'}|${credential}`;
  }
  if (type !== 'Root' && type !== 'IAMUser' && type !== 'AssumedRole' && type !== 'FederatedUser') return `unknown|${JSON.stringify(identity)}`;
  const principal =
    arn ??
    (type === 'Root'
      ? `root:${str(identity.accountId) ?? '-'}`
      : type === 'IAMUser'
        ? `user:${str(identity.userName) ?? '-'}`
        : `${type}:${strAt(identity, 'sessionContext', 'sessionIssuer', 'arn') ?? '-'}`);
  const issuedAt = strAt(identity, 'sessionContext', 'attributes', 'creationDate');
  return issuedAt !== undefined
    ? `${principal}|${issuedAt}`
    : `${principal}|key:${str(identity.accessKeyId) ?? '-'}|day:${(str(record.eventTime) ?? '').slice(0, 10)}`;
}

/**
 * The actor of a record, in full (once per session: sessionKeyOf is what runs per record). An identity
 * it cannot place becomes kind `unknown`, keyed by its whole JSON, never dropped.
 */
export function actorOf(record: TrailRecord): Actor {
  const sessionKey = sessionKeyOf(record);
  const identity = obj(record.userIdentity);
  const type = str(identity?.type);
  const arn = str(identity?.arn);
  const accountId = str(identity?.accountId);
  const accessKeyId = str(identity?.accessKeyId);
  const context = obj(identity?.sessionContext);
  const issuedAt = strAt(context, 'attributes', 'creationDate');
  const mfaText = strAt(context, 'attributes', 'mfaAuthenticated');
  const sourceIdentity = str(context?.sourceIdentity);
  const common = {
    sessionKey,
    ...(arn !== undefined ? { arn } : {}),
    ...(accountId !== undefined ? { accountId } : {}),
    ...(accessKeyId !== undefined ? { accessKeyId } : {}),
    ...(issuedAt !== undefined ? { issuedAt } : {}),
    ...(mfaText !== undefined ? { mfa: mfaText === 'true' } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
  };
  if (sessionKey.startsWith('service|')) return { kind: 'service', sessionKey, service: sessionKey.slice('service|'.length) };
  switch (type) {
    case 'Root':
      return { kind: 'root', ...common };
    case 'IAMUser': {
      const userName = str(identity?.userName) ?? arn?.slice(arn.lastIndexOf('/') + 1);
      return { kind: 'iam-user', ...common, ...(userName !== undefined ? { userName } : {}) };
    }
    case 'AssumedRole': {
      const roleArn = strAt(context, 'sessionIssuer', 'arn');
      const userName = arn?.includes(':assumed-role/') ? arn.split('/').slice(2).join('/') : undefined;
      return { kind: 'role', ...common, ...(roleArn !== undefined ? { roleArn } : {}), ...(userName ? { userName } : {}) };
    }
    case 'FederatedUser':
      return { kind: 'federated-user', ...common };
    case 'IdentityCenterUser': {
      const userId = strAt(identity, 'onBehalfOf', 'userId');
      return { kind: 'identity-center-user', ...common, ...(userId !== undefined ? { userName: userId } : {}) };
    }
    default:
      return { kind: 'unknown', ...common };
  }
}
