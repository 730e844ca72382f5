/**
 * CloudTrail records of people and machines at work, shaped as CloudTrail writes them: role sessions
 * started with AssumeRole, AssumeRoleWithSAML or AssumeRoleWithWebIdentity (source identity, session
 * tags, the caller), the calls those sessions make afterwards (management events and S3 data events),
 * console sign-ins with and without MFA, the root user, refused calls. Shapes follow the CloudTrail
 * user guide ("CloudTrail userIdentity element", "CloudTrail record contents", "AWS Management Console
 * sign-in events", "AWS STS source identity") and the IAM guide ("Passing session tags in STS",
 * "Logging IAM and AWS STS API calls with AWS CloudTrail"). Written without the report's code, so
 * tests built on it can catch the report's mistakes.
 */
import { createHash } from 'node:crypto';

/** One CloudTrail record. */
export type TrailRecord = Record<string, unknown>;

/** The `userIdentity` element of a record. */
export type UserIdentity = Record<string, unknown>;

const CLI_AGENT = 'aws-cli/2.24.10 md/awscrt#0.23.8 ua/2.1 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.9 cfg/retry-mode#standard';
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

/** Services whose events CloudTrail records in us-east-1 whatever region the caller used. */
const GLOBAL_SOURCES = new Set(['iam.amazonaws.com', 'signin.amazonaws.com', 'sts.amazonaws.com', 'organizations.amazonaws.com']);

/** A stable id derived from `seed`: the same scenario gives the same records, run after run. */
function id(seed: string, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'): string {
  const bytes = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; out.length < length; i++) out += alphabet[(bytes[i % bytes.length] as number) % alphabet.length];
  return out;
}

function uuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function iso(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The way CloudTrail writes `credentials.expiration` in STS responses, e.g. `Mar 10, 2026, 10:15:42 AM`. */
function stsExpiration(time: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const h = time.getUTCHours();
  const clock = `${h % 12 === 0 ? 12 : h % 12}:${String(time.getUTCMinutes()).padStart(2, '0')}:${String(time.getUTCSeconds()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
  return `${months[time.getUTCMonth()]} ${time.getUTCDate()}, ${time.getUTCFullYear()}, ${clock}`;
}

/** Where the calls come from, and what made them. */
export interface Origin {
  /** @default '198.51.100.7' (documentation range) */
  readonly sourceIp?: string;
  /** @default an AWS CLI user agent */
  readonly userAgent?: string;
}

/** The fields of a record that differ from call to call. */
export interface CallFields extends Origin {
  readonly time: Date;
  readonly eventSource: string;
  readonly eventName: string;
  readonly requestParameters?: Record<string, unknown> | null;
  readonly responseElements?: Record<string, unknown> | null;
  readonly additionalEventData?: Record<string, unknown>;
  readonly resources?: readonly Record<string, unknown>[];
  /** @default false */
  readonly readOnly?: boolean;
  /** A refused or failed call: CloudTrail then writes `errorMessage` too and no response. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** @default 'Management' */
  readonly eventCategory?: 'Management' | 'Data';
  /** @default 'AwsApiCall' */
  readonly eventType?: string;
  /** @default us-east-1 for global services, else the account's region */
  readonly awsRegion?: string;
}

/** The account the scenario runs in. */
export interface Account {
  readonly accountId: string;
  /** @default 'us-east-1' */
  readonly region?: string;
}

/** A record made by `identity`, with the fields CloudTrail writes for every event, in its order. */
export function record(account: Account, identity: UserIdentity, f: CallFields): TrailRecord {
  const seed = `${JSON.stringify(identity)}|${f.eventSource}|${f.eventName}|${f.time.toISOString()}|${JSON.stringify(f.requestParameters ?? null)}`;
  const category = f.eventCategory ?? 'Management';
  return {
    eventVersion: '1.11',
    userIdentity: identity,
    eventTime: iso(f.time),
    eventSource: f.eventSource,
    eventName: f.eventName,
    awsRegion: f.awsRegion ?? (GLOBAL_SOURCES.has(f.eventSource) ? 'us-east-1' : (account.region ?? 'us-east-1')),
    sourceIPAddress: f.sourceIp ?? '198.51.100.7',
    userAgent: f.userAgent ?? CLI_AGENT,
    ...(f.errorCode !== undefined ? { errorCode: f.errorCode } : {}),
    ...(f.errorCode !== undefined || f.errorMessage !== undefined ? { errorMessage: f.errorMessage ?? '' } : {}),
    requestParameters: f.requestParameters ?? null,
    responseElements: f.errorCode !== undefined ? null : (f.responseElements ?? null),
    ...(f.additionalEventData ? { additionalEventData: f.additionalEventData } : {}),
    requestID: id(`${seed}|request`, 16),
    eventID: uuid(`${seed}|event`),
    readOnly: f.readOnly ?? false,
    ...(f.resources ? { resources: f.resources } : {}),
    eventType: f.eventType ?? 'AwsApiCall',
    managementEvent: category === 'Management',
    recipientAccountId: account.accountId,
    eventCategory: category,
    ...(f.eventType === undefined || f.eventType === 'AwsApiCall'
      ? {
          tlsDetails: {
            tlsVersion: 'TLSv1.3',
            cipherSuite: 'TLS_AES_128_GCM_SHA256',
            clientProvidedHostHeader: `${f.eventSource.split('.')[0]}.amazonaws.com`,
          },
        }
      : {}),
  };
}

/** An IAM user calling with its long-term access key. */
export function iamUser(account: Account, name: string): UserIdentity {
  return {
    type: 'IAMUser',
    principalId: `AIDA${id(`user|${name}`, 16)}`,
    arn: `arn:aws:iam::${account.accountId}:user/${name}`,
    accountId: account.accountId,
    accessKeyId: `AKIA${id(`key|${name}`, 16)}`,
    userName: name,
  };
}

/** The root user, calling with its own credentials (a console session). */
export function rootUser(account: Account, signedInAt: Date, mfa: boolean): UserIdentity {
  return {
    type: 'Root',
    principalId: account.accountId,
    arn: `arn:aws:iam::${account.accountId}:root`,
    accountId: account.accountId,
    accessKeyId: `ASIA${id(`root|${signedInAt.toISOString()}`, 16)}`,
    sessionContext: { attributes: { creationDate: iso(signedInAt), mfaAuthenticated: String(mfa) } },
  };
}

/** An IAM user's console session: temporary credentials with the sign-in time and whether MFA was used. */
export function iamUserConsoleSession(account: Account, name: string, signedInAt: Date, mfa: boolean): UserIdentity {
  const { accessKeyId: _longTermKey, ...user } = iamUser(account, name);
  return {
    ...user,
    accessKeyId: `ASIA${id(`console|${name}|${signedInAt.toISOString()}`, 16)}`,
    sessionContext: { attributes: { creationDate: iso(signedInAt), mfaAuthenticated: String(mfa) } },
  };
}

/** A role session: what later calls carry in `userIdentity`, and the keys issued for it. */
export interface RoleSession {
  readonly roleArn: string;
  readonly sessionArn: string;
  readonly accessKeyId: string;
  readonly issuedAt: Date;
  /** `userIdentity` of the session's calls. */
  readonly identity: UserIdentity;
}

function roleSession(roleArn: string, sessionName: string, issuedAt: Date, sourceIdentity: string | undefined, mfa: boolean): RoleSession {
  const [, , , , accountId, resource] = roleArn.split(':') as [string, string, string, string, string, string];
  const roleName = resource.slice(resource.lastIndexOf('/') + 1);
  const roleId = `AROA${id(`role|${roleArn}`, 17)}`;
  const sessionArn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
  const accessKeyId = `ASIA${id(`session|${roleArn}|${sessionName}|${issuedAt.toISOString()}`, 16)}`;
  return {
    roleArn,
    sessionArn,
    accessKeyId,
    issuedAt,
    identity: {
      type: 'AssumedRole',
      principalId: `${roleId}:${sessionName}`,
      arn: sessionArn,
      accountId,
      accessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: roleId, arn: roleArn, accountId, userName: roleName },
        attributes: { creationDate: iso(issuedAt), mfaAuthenticated: String(mfa) },
        ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      },
    },
  };
}

function stsResponse(session: RoleSession, sourceIdentity: string | undefined): Record<string, unknown> {
  return {
    credentials: {
      accessKeyId: session.accessKeyId,
      sessionToken: `IQoJb3JpZ2luX2VjE${id(`token|${session.accessKeyId}`, 48, 'abcdefghijklmnopqrstuvwxyz0123456789')}`,
      expiration: stsExpiration(new Date(session.issuedAt.getTime() + 3600_000)),
    },
    assumedRoleUser: { assumedRoleId: (session.identity as { principalId: string }).principalId, arn: session.sessionArn },
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
  };
}

/** What an AssumeRole call asks for. */
export interface AssumeRoleRequest extends Origin {
  readonly caller: UserIdentity;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly time: Date;
  readonly sourceIdentity?: string;
  /** Session tags (`--tags Key=ticket,Value=CHG-1`). */
  readonly tags?: Readonly<Record<string, string>>;
  /** The MFA device passed with `--serial-number`: the session is then MFA-authenticated. */
  readonly mfaSerial?: string;
  /** The call was refused: no session. */
  readonly errorCode?: string;
}

/** An AssumeRole event and the session it started (none when refused). */
export function assumeRole(account: Account, r: AssumeRoleRequest): { record: TrailRecord; session?: RoleSession } {
  const session = r.errorCode === undefined ? roleSession(r.roleArn, r.sessionName, r.time, r.sourceIdentity, r.mfaSerial !== undefined) : undefined;
  const tags = r.tags ? Object.entries(r.tags).map(([key, value]) => ({ key, value })) : undefined;
  return {
    record: record(account, r.caller, {
      time: r.time,
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      ...origin(r),
      requestParameters: {
        roleArn: r.roleArn,
        roleSessionName: r.sessionName,
        durationSeconds: 3600,
        ...(tags ? { tags } : {}),
        ...(r.mfaSerial !== undefined ? { serialNumber: r.mfaSerial } : {}),
        ...(r.sourceIdentity !== undefined ? { sourceIdentity: r.sourceIdentity } : {}),
      },
      ...(session ? { responseElements: stsResponse(session, r.sourceIdentity) } : {}),
      ...(r.errorCode !== undefined
        ? { errorCode: r.errorCode, errorMessage: `User: ${String(r.caller.arn)} is not authorized to perform: sts:AssumeRole on resource: ${r.roleArn}` }
        : {}),
      readOnly: true,
      resources: [{ accountId: account.accountId, type: 'AWS::IAM::Role', ARN: r.roleArn }],
    }),
    ...(session ? { session } : {}),
  };
}

/** What a federated session start carries: the identity provider's subject, and the source identity and tags it asserts. */
interface FederatedRequest extends Origin {
  /** The SAML subject (NameID) or the token's subject, e.g. the user's e-mail. */
  readonly subject: string;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly time: Date;
  readonly sourceIdentity?: string;
  /** `PrincipalTag:<key>` attributes of the assertion, or the token's tags claim. */
  readonly principalTags?: Readonly<Record<string, string>>;
}

/** What an AssumeRoleWithSAML call carries. */
export interface SamlRequest extends FederatedRequest {
  readonly providerArn: string;
}

/** An AssumeRoleWithSAML event (the caller is the SAML user, no AWS credentials) and its session. */
export function assumeRoleWithSaml(account: Account, r: SamlRequest): { record: TrailRecord; session: RoleSession } {
  const session = roleSession(r.roleArn, r.sessionName, r.time, r.sourceIdentity, false);
  const provider = r.providerArn.slice(r.providerArn.indexOf('/') + 1);
  return {
    record: record(
      account,
      { type: 'SAMLUser', principalId: `${provider}:${r.subject}`, userName: r.subject, identityProvider: provider },
      {
        time: r.time,
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRoleWithSAML',
        ...origin(r),
        requestParameters: {
          sAMLAssertionID: `_${uuid(`saml|${r.subject}|${r.time.toISOString()}`)}`,
          roleSessionName: r.sessionName,
          ...(r.principalTags ? { principalTags: r.principalTags } : {}),
          ...(r.sourceIdentity !== undefined ? { sourceIdentity: r.sourceIdentity } : {}),
          roleArn: r.roleArn,
          principalArn: r.providerArn,
          durationSeconds: 3600,
        },
        responseElements: {
          ...stsResponse(session, r.sourceIdentity),
          subjectType: 'persistent',
          issuer: 'https://idp.example.com/saml',
          provider: r.providerArn,
          audience: 'https://signin.aws.amazon.com/saml',
          nameQualifier: id(`nq|${provider}`, 28),
          subject: r.subject,
        },
        readOnly: true,
        resources: [
          { accountId: account.accountId, type: 'AWS::IAM::Role', ARN: r.roleArn },
          { accountId: account.accountId, type: 'AWS::IAM::SAMLProvider', ARN: r.providerArn },
        ],
      },
    ),
    session,
  };
}

/** What an AssumeRoleWithWebIdentity call carries (an OIDC token). */
export interface WebIdentityRequest extends FederatedRequest {
  readonly providerHost: string;
}

/** An AssumeRoleWithWebIdentity event (the caller is the web identity user) and its session. */
export function assumeRoleWithWebIdentity(account: Account, r: WebIdentityRequest): { record: TrailRecord; session: RoleSession } {
  const session = roleSession(r.roleArn, r.sessionName, r.time, r.sourceIdentity, false);
  return {
    record: record(
      account,
      { type: 'WebIdentityUser', principalId: `${r.providerHost}:client:${r.subject}`, userName: r.subject, identityProvider: r.providerHost },
      {
        time: r.time,
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRoleWithWebIdentity',
        ...origin(r),
        requestParameters: {
          roleArn: r.roleArn,
          roleSessionName: r.sessionName,
          ...(r.principalTags ? { principalTags: r.principalTags } : {}),
          ...(r.sourceIdentity !== undefined ? { sourceIdentity: r.sourceIdentity } : {}),
          durationSeconds: 3600,
        },
        responseElements: {
          ...stsResponse(session, r.sourceIdentity),
          subjectFromWebIdentityToken: r.subject,
          provider: r.providerHost,
          audience: 'auditready',
        },
        readOnly: true,
        resources: [{ accountId: account.accountId, type: 'AWS::IAM::Role', ARN: r.roleArn }],
      },
    ),
    session,
  };
}

/** A call made by a session or user: a management event unless given `eventCategory: 'Data'`. */
export function call(account: Account, identity: UserIdentity, f: CallFields): TrailRecord {
  return record(account, identity, f);
}

/** An S3 GetObject data event on `bucket/key`. */
export function s3GetObject(account: Account, identity: UserIdentity, bucket: string, key: string, time: Date, more: Partial<CallFields> = {}): TrailRecord {
  return record(account, identity, {
    time,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    requestParameters: { bucketName: bucket, Host: `${bucket}.s3.${account.region ?? 'us-east-1'}.amazonaws.com`, key },
    additionalEventData: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      bytesTransferredOut: 2048,
    },
    readOnly: true,
    resources: [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
      { accountId: account.accountId, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
    ],
    eventCategory: 'Data',
    ...more,
  });
}

/** A console sign-in ("AWS Management Console sign-in events"); a failed one has an error message and no code. */
export function consoleLogin(
  account: Account,
  identity: UserIdentity,
  time: Date,
  outcome: { readonly success: boolean; readonly mfaUsed: boolean },
): TrailRecord {
  return record(account, identity, {
    time,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    userAgent: BROWSER,
    ...(outcome.success ? {} : { errorMessage: 'Failed authentication' }),
    responseElements: { ConsoleLogin: outcome.success ? 'Success' : 'Failure' },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
      MobileVersion: 'No',
      MFAUsed: outcome.mfaUsed ? 'Yes' : 'No',
    },
    eventType: 'AwsConsoleSignIn',
  });
}

/** A call by an AWS service on the account's behalf (`AWSService`, with `invokedBy`). */
export function serviceCall(account: Account, service: string, f: Omit<CallFields, 'sourceIp' | 'userAgent'>): TrailRecord {
  return record(account, { type: 'AWSService', invokedBy: service }, { ...f, sourceIp: service, userAgent: service });
}

function origin(o: Origin): Origin {
  return { ...(o.sourceIp !== undefined ? { sourceIp: o.sourceIp } : {}), ...(o.userAgent !== undefined ? { userAgent: o.userAgent } : {}) };
}

export const CONSOLE_USER_AGENT = BROWSER;
