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
 * The actor of a record. Reads only `userIdentity` (and the day of `eventTime` for long-term keys);
 * an identity it cannot place becomes kind `unknown`, keyed by its whole JSON, never dropped.
 */
export function actorOf(record: TrailRecord): Actor {
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
    ...(arn !== undefined ? { arn } : {}),
    ...(accountId !== undefined ? { accountId } : {}),
    ...(accessKeyId !== undefined ? { accessKeyId } : {}),
    ...(issuedAt !== undefined ? { issuedAt } : {}),
    ...(mfaText !== undefined ? { mfa: mfaText === 'true' } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
  };
  // A session is its principal and its issue time; without one (long-term keys), the key and the day.
  const sessionOf = (principal: string) =>
    issuedAt !== undefined ? `${principal}|${issuedAt}` : `${principal}|key:${accessKeyId ?? '-'}|day:${(str(record.eventTime) ?? '').slice(0, 10)}`;
  if (identity !== undefined && str(identity.invokedBy) !== undefined && (type === 'AWSService' || arn === undefined)) {
    const service = str(identity.invokedBy) as string;
    return { kind: 'service', sessionKey: `service|${service}`, service };
  }
  switch (type) {
    case 'Root':
      return { kind: 'root', sessionKey: sessionOf(arn ?? `root:${accountId ?? '-'}`), ...common };
    case 'IAMUser': {
      const userName = str(identity?.userName) ?? arn?.slice(arn.lastIndexOf('/') + 1);
      return { kind: 'iam-user', sessionKey: sessionOf(arn ?? `user:${userName ?? '-'}`), ...common, ...(userName !== undefined ? { userName } : {}) };
    }
    case 'AssumedRole': {
      const roleArn = strAt(context, 'sessionIssuer', 'arn');
      const userName = arn?.includes(':assumed-role/') ? arn.split('/').slice(2).join('/') : undefined;
      return {
        kind: 'role',
        sessionKey: sessionOf(arn ?? `role:${roleArn ?? '-'}`),
        ...common,
        ...(roleArn !== undefined ? { roleArn } : {}),
        ...(userName ? { userName } : {}),
      };
    }
    case 'FederatedUser':
      return { kind: 'federated-user', sessionKey: sessionOf(arn ?? '-'), ...common };
    case 'IdentityCenterUser': {
      const userId = strAt(identity, 'onBehalfOf', 'userId');
      const store = strAt(identity, 'onBehalfOf', 'identityStoreArn');
      const credential = str(identity?.credentialId) ?? issuedAt ?? (str(record.eventTime) ?? '').slice(0, 10);
      return {
        kind: 'identity-center-user',
        sessionKey: `idc|${store ?? '-'}/${userId ?? '-'}|${credential}`,
        ...common,
        ...(userId !== undefined ? { userName: userId } : {}),
      };
    }
    case 'AWSService':
      return { kind: 'service', sessionKey: 'service|-', service: '-' };
    default:
      return { kind: 'unknown', sessionKey: `unknown|${JSON.stringify(identity ?? null)}`, ...common };
  }
}
