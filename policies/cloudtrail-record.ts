/**
 * CloudTrail records shaped as CloudTrail writes them (and delivers them, one per log event, to CloudWatch
 * Logs), for testing what a metric filter matches. Field names, nesting and the three caller identities
 * follow the CloudTrail user guide: "CloudTrail record contents", "CloudTrail userIdentity element" and
 * "CloudTrail log file examples".
 */

/** One CloudTrail record. */
export type CloudTrailRecord = { readonly [key: string]: unknown };

export const SAMPLE_ACCOUNT_ID = '111122223333';

/** An IAM user calling with long-term access keys ("CloudTrail log file examples", IAM examples). */
export const IAM_USER_IDENTITY = {
  type: 'IAMUser',
  principalId: 'AIDACKCEVSQ6C2EXAMPLE',
  arn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:user/Alice`,
  accountId: SAMPLE_ACCOUNT_ID,
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  userName: 'Alice',
} as const;

/** A session of an assumed role, the usual caller in an account run through SSO or roles ("userIdentity element", AssumedRole). */
export const ASSUMED_ROLE_IDENTITY = {
  type: 'AssumedRole',
  principalId: 'AROAIDPPEZS35WEXAMPLE:alice',
  arn: `arn:aws:sts::${SAMPLE_ACCOUNT_ID}:assumed-role/PlatformAdmin/alice`,
  accountId: SAMPLE_ACCOUNT_ID,
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAIDPPEZS35WEXAMPLE',
      arn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:role/PlatformAdmin`,
      accountId: SAMPLE_ACCOUNT_ID,
      userName: 'PlatformAdmin',
    },
    attributes: { creationDate: '2025-03-04T09:12:00Z', mfaAuthenticated: 'false' },
  },
} as const;

/** The account's root user calling with its own credentials: no `invokedBy` ("userIdentity element", Root). */
export const ROOT_IDENTITY = {
  type: 'Root',
  principalId: SAMPLE_ACCOUNT_ID,
  arn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:root`,
  accountId: SAMPLE_ACCOUNT_ID,
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  sessionContext: { attributes: { creationDate: '2025-03-04T09:12:00Z', mfaAuthenticated: 'true' } },
} as const;

/** Services whose events CloudTrail records in us-east-1 whatever region the caller used. */
const GLOBAL_SOURCES = new Set(['iam.amazonaws.com', 'organizations.amazonaws.com', 'signin.amazonaws.com', 'sts.amazonaws.com']);

export interface RecordFields {
  readonly eventSource: string;
  readonly eventName: string;
  /** @default ASSUMED_ROLE_IDENTITY */
  readonly userIdentity?: { readonly [key: string]: unknown };
  /** @default null (CloudTrail writes null when a call has no parameters) */
  readonly requestParameters?: { readonly [key: string]: unknown } | null;
  /** @default null */
  readonly responseElements?: { readonly [key: string]: unknown } | null;
  /** Set for a failed call; CloudTrail then writes `errorMessage` too and no response. */
  readonly errorCode?: string;
  /** A failed console sign-in has a message but no code. */
  readonly errorMessage?: string;
  readonly additionalEventData?: { readonly [key: string]: unknown };
  readonly resources?: readonly { readonly [key: string]: unknown }[];
  /** @default false */
  readonly readOnly?: boolean;
  /** What a service event did (`AwsServiceEvent` records). */
  readonly serviceEventDetails?: { readonly [key: string]: unknown };
  /** @default 'AwsApiCall' */
  readonly eventType?: string;
  /** @default '192.0.2.10' (documentation range) */
  readonly sourceIPAddress?: string;
  /** @default an AWS CLI user agent */
  readonly userAgent?: string;
  /** @default us-east-1 for global services, eu-west-1 otherwise */
  readonly awsRegion?: string;
  /** @default 'Management' */
  readonly eventCategory?: string;
}

/** A short stable hex digest, so record ids are fixed across runs (FNV-1a). */
function digest(s: string, salt: number): string {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A CloudTrail record with the fields CloudTrail writes for every management event, in its order. */
export function cloudTrailRecord(f: RecordFields): CloudTrailRecord {
  const key = `${f.eventSource}/${f.eventName}/${f.errorCode ?? ''}/${JSON.stringify(f.requestParameters ?? null)}/${JSON.stringify(f.userIdentity ?? null)}`;
  const id = `${digest(key, 1)}-${digest(key, 2).slice(0, 4)}-4${digest(key, 3).slice(0, 3)}-8${digest(key, 4).slice(0, 3)}-${digest(key, 5)}${digest(key, 6).slice(0, 4)}`;
  const category = f.eventCategory ?? 'Management';
  return {
    eventVersion: '1.11',
    userIdentity: f.userIdentity ?? ASSUMED_ROLE_IDENTITY,
    eventTime: '2025-03-04T09:15:42Z',
    eventSource: f.eventSource,
    eventName: f.eventName,
    awsRegion: f.awsRegion ?? (GLOBAL_SOURCES.has(f.eventSource) ? 'us-east-1' : 'eu-west-1'),
    sourceIPAddress: f.sourceIPAddress ?? '192.0.2.10',
    userAgent: f.userAgent ?? 'aws-cli/2.24.10 md/awscrt#0.23.8 ua/2.1 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.9 cfg/retry-mode#standard',
    ...(f.errorCode !== undefined ? { errorCode: f.errorCode } : {}),
    ...(f.errorCode !== undefined || f.errorMessage !== undefined ? { errorMessage: f.errorMessage ?? '' } : {}),
    requestParameters: f.requestParameters ?? null,
    responseElements: f.errorCode !== undefined ? null : (f.responseElements ?? null),
    ...(f.additionalEventData ? { additionalEventData: f.additionalEventData } : {}),
    requestID: id.toUpperCase().replace(/-/g, '').slice(0, 16),
    eventID: id,
    readOnly: f.readOnly ?? false,
    ...(f.resources ? { resources: f.resources } : {}),
    ...(f.serviceEventDetails ? { serviceEventDetails: f.serviceEventDetails } : {}),
    eventType: f.eventType ?? 'AwsApiCall',
    managementEvent: category === 'Management',
    recipientAccountId: SAMPLE_ACCOUNT_ID,
    eventCategory: category,
  };
}

/**
 * Fields that follow from which event a record is (the API and its service, the kind of event): a pattern
 * may test them as it likes, since the sample records of each event carry the values CloudTrail writes.
 */
export const EVENT_IDENTITY_FIELDS: ReadonlySet<string> = new Set([
  'eventVersion',
  'eventSource',
  'eventName',
  'eventType',
  'eventCategory',
  'managementEvent',
  'readOnly',
]);

/** Fields CloudTrail writes in every record ("CloudTrail record contents"): they can take any value, but are never absent. */
export const ALWAYS_RECORDED_FIELDS: ReadonlySet<string> = new Set([
  'userIdentity',
  'userIdentity.type',
  'eventTime',
  'awsRegion',
  'sourceIPAddress',
  'requestID',
  'eventID',
  'recipientAccountId',
]);
