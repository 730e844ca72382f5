/**
 * CloudTrail records for the CIS AWS Foundations v7.0 monitoring controls 5.1-5.15: for each control, the
 * records its metric filter must match (every event the benchmark names, in the shape CloudTrail writes it),
 * the records it must not match, and noise the benchmark's own pattern excludes but a pattern that alerts more
 * may still match. A filter pattern is judged by running it over these records, not by reading its text.
 *
 * Shapes follow the CloudTrail user guide ("CloudTrail log file examples", "AWS Management Console sign-in
 * events", "CloudTrail userIdentity element") and each service's "Logging … API calls with AWS CloudTrail"
 * page; request parameter names are those of the service's API, in the camelCase CloudTrail records.
 */
import { type CloudTrailRecord, cloudTrailRecord, IAM_USER_IDENTITY, type RecordFields, ROOT_IDENTITY, SAMPLE_ACCOUNT_ID } from './cloudtrail-record';

export interface CisSampleEvents {
  /** CIS v7.0 recommendation number, e.g. `5.4`. */
  readonly control: string;
  /** Records the control's filter pattern must match. */
  readonly mustMatch: readonly CloudTrailRecord[];
  /** Records it must not match: this control's look-alikes and reads, then `BENIGN_EVENTS`. */
  readonly mustNotMatch: readonly CloudTrailRecord[];
  /** Noise the benchmark's pattern leaves out but a pattern that alerts more may match: neither required nor forbidden. */
  readonly mayMatch: readonly CloudTrailRecord[];
}

const ACCOUNT = SAMPLE_ACCOUNT_ID;
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

type Params = { readonly [key: string]: unknown };

function call(eventSource: string, eventName: string, requestParameters: Params | null, more: Partial<RecordFields> = {}): CloudTrailRecord {
  return cloudTrailRecord({ eventSource, eventName, requestParameters, ...more });
}

/** A read-only call: CloudTrail records no response body for Describe/Get/List calls. */
function read(eventSource: string, eventName: string, requestParameters: Params | null): CloudTrailRecord {
  return call(eventSource, eventName, requestParameters, { readOnly: true });
}

// --- AWS Management Console sign-in events (CloudTrail guide, "AWS Management Console sign-in events") ---

const IAM_USER_SIGNIN = {
  type: 'IAMUser',
  principalId: 'AIDACKCEVSQ6C2EXAMPLE',
  arn: `arn:aws:iam::${ACCOUNT}:user/anaya`,
  accountId: ACCOUNT,
  userName: 'anaya',
};
const ROOT_SIGNIN = { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: '' };
/** An IAM Identity Center user signing in to the console through the federation endpoint. */
const FEDERATED_SIGNIN = {
  type: 'AssumedRole',
  principalId: 'AROAIDPPEZS35WEXAMPLE:anaya@example.com',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/anaya@example.com`,
  accountId: ACCOUNT,
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAIDPPEZS35WEXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`,
      accountId: ACCOUNT,
      userName: 'AWSReservedSSO_Admin_0123456789abcdef',
    },
    attributes: { creationDate: '2025-03-04T09:15:40Z', mfaAuthenticated: 'false' },
  },
};

function consoleLogin(userIdentity: Params, outcome: 'Success' | 'Failure', mfa: string, mfaIdentifier?: string): CloudTrailRecord {
  return cloudTrailRecord({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    userIdentity,
    userAgent: BROWSER,
    ...(outcome === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
    responseElements: { ConsoleLogin: outcome },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
      MobileVersion: 'No',
      ...(mfaIdentifier ? { MFAIdentifier: mfaIdentifier } : {}),
      MFAUsed: mfa,
    },
    eventType: 'AwsConsoleSignIn',
  });
}

const IAM_USER_SIGNIN_NO_MFA = consoleLogin(IAM_USER_SIGNIN, 'Success', 'No');
const IAM_USER_SIGNIN_MFA = consoleLogin(IAM_USER_SIGNIN, 'Success', 'Yes', `arn:aws:iam::${ACCOUNT}:u2f/user/anaya/default-AAAAAAAABBBBBBBBCCCCCCCCDD`);
const IAM_USER_SIGNIN_FAILED = consoleLogin(IAM_USER_SIGNIN, 'Failure', 'No');
const ROOT_SIGNIN_NO_MFA = consoleLogin(ROOT_SIGNIN, 'Success', 'No');
// The guide's root example writes "YES" in capitals.
const ROOT_SIGNIN_MFA = consoleLogin(ROOT_SIGNIN, 'Success', 'YES', `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`);
const ROOT_SIGNIN_FAILED = consoleLogin(ROOT_SIGNIN, 'Failure', 'No');
const FEDERATED_SIGNIN_SUCCESS = consoleLogin(FEDERATED_SIGNIN, 'Success', 'No');
/** The sign-in process checking whether the user has MFA (guide, "sign-in process checks for MFA"). */
const CHECK_MFA = cloudTrailRecord({
  eventSource: 'signin.amazonaws.com',
  eventName: 'CheckMfa',
  userIdentity: { ...IAM_USER_SIGNIN, accessKeyId: '' },
  userAgent: BROWSER,
  responseElements: { CheckMfa: 'Success' },
  additionalEventData: { MfaType: 'U2F MFA' },
  eventType: 'AwsConsoleSignIn',
});

// --- Events no CIS 5.x control may match: reads, unrelated services' writes and deletes, look-alike names ---

/** Records that none of the fifteen controls may match. */
export const BENIGN_EVENTS: readonly CloudTrailRecord[] = [
  // EC2 read ("CloudTrail log file examples", Amazon EC2).
  read('ec2.amazonaws.com', 'DescribeInstances', { instancesSet: { items: [{ instanceId: 'i-0abcd1234efgh5678' }] }, filterSet: {} }),
  read('s3.amazonaws.com', 'ListBuckets', { Host: 's3.eu-west-1.amazonaws.com' }),
  // IAM CreateUser, the guide's own example: an IAM write that changes no policy.
  call(
    'iam.amazonaws.com',
    'CreateUser',
    { userName: 'Bob' },
    {
      userIdentity: IAM_USER_IDENTITY,
      responseElements: {
        user: { path: '/', userName: 'Bob', userId: 'AIDAJQABLZS4A3QDU576Q', arn: `arn:aws:iam::${ACCOUNT}:user/Bob`, createDate: 'Mar 4, 2025 9:15:42 AM' },
      },
    },
  ),
  read('iam.amazonaws.com', 'GetRole', { roleName: 'PlatformAdmin' }),
  // Unrelated services' deletes (DynamoDB and Lambda CloudTrail pages; Lambda records the API version in the name).
  call(
    'dynamodb.amazonaws.com',
    'DeleteTable',
    { tableName: 'orders' },
    { responseElements: { tableDescription: { tableName: 'orders', tableStatus: 'DELETING' } } },
  ),
  call('lambda.amazonaws.com', 'DeleteFunction20150331', { functionName: 'resize-images' }),
  call(
    'sts.amazonaws.com',
    'AssumeRole',
    { roleArn: `arn:aws:iam::${ACCOUNT}:role/PlatformAdmin`, roleSessionName: 'alice', durationSeconds: 3600 },
    {
      userIdentity: IAM_USER_IDENTITY,
      readOnly: true,
      responseElements: { assumedRoleUser: { assumedRoleId: 'AROAIDPPEZS35WEXAMPLE:alice', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/PlatformAdmin/alice` } },
    },
  ),
  // A KMS service event: automatic key rotation (KMS guide, "RotateKey" CloudTrail example).
  cloudTrailRecord({
    eventSource: 'kms.amazonaws.com',
    eventName: 'RotateKey',
    userIdentity: { accountId: ACCOUNT, invokedBy: 'kms.amazonaws.com' },
    sourceIPAddress: 'kms.amazonaws.com',
    userAgent: 'kms.amazonaws.com',
    resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }],
    eventType: 'AwsServiceEvent',
  }),
  read('kms.amazonaws.com', 'Decrypt', {
    encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    encryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::example-data/report.csv' },
  }),
  // Look-alike names from other services: RDS security groups, API Gateway v2 routes.
  call('rds.amazonaws.com', 'CreateDBSecurityGroup', { dBSecurityGroupName: 'legacy', dBSecurityGroupDescription: 'legacy' }),
  call(
    'apigateway.amazonaws.com',
    'CreateRoute',
    { apiId: 'a1b2c3d4e5', routeKey: 'GET /orders' },
    { responseElements: { routeId: 'r1s2t3u', routeKey: 'GET /orders' } },
  ),
  call('apigateway.amazonaws.com', 'DeleteRoute', { apiId: 'a1b2c3d4e5', routeId: 'r1s2t3u' }),
  read('cloudtrail.amazonaws.com', 'LookupEvents', { maxResults: 50, lookupAttributes: [{ attributeKey: 'EventName', attributeValue: 'ConsoleLogin' }] }),
  // A successful sign-in with MFA by an IAM user (sign-in guide example).
  IAM_USER_SIGNIN_MFA,
];

// --- 5.1 unauthorized API calls (errorCode values as services record them: EC2 "Client.UnauthorizedOperation",
//     S3 and IAM "AccessDenied", KMS and most JSON-protocol services "AccessDeniedException") ---

const ENCODED =
  'You are not authorized to perform this operation. User: arn:aws:sts::111122223333:assumed-role/PlatformAdmin/alice is not authorized to perform: ec2:RunInstances. Encoded authorization failure message: EXAMPLE';

const S3_DELIVERY_ACCESS_DENIED = cloudTrailRecord({
  eventSource: 's3.amazonaws.com',
  eventName: 'GetBucketAcl',
  userIdentity: { type: 'AWSService', invokedBy: 'delivery.logs.amazonaws.com' },
  sourceIPAddress: 'delivery.logs.amazonaws.com',
  userAgent: 'delivery.logs.amazonaws.com',
  requestParameters: { bucketName: 'example-flow-logs', Host: 'example-flow-logs.s3.eu-west-1.amazonaws.com', acl: '' },
  errorCode: 'AccessDenied',
  errorMessage: 'Access Denied',
  readOnly: true,
});

// --- S3 bucket configuration calls (S3 guide, "Logging Amazon S3 API calls using AWS CloudTrail") ---

const BUCKET = 'example-data';

function s3(eventName: string, sub: string, body?: Params, more: Partial<RecordFields> = {}): CloudTrailRecord {
  return cloudTrailRecord({
    eventSource: 's3.amazonaws.com',
    eventName,
    requestParameters: { bucketName: BUCKET, Host: `${BUCKET}.s3.eu-west-1.amazonaws.com`, [sub]: '', ...(body ?? {}) },
    additionalEventData: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': 'EXAMPLEZDA9bTIwOTEwNTlmMzk1NWExOTM3NDQzYjAwNjA2ZQ==',
      bytesTransferredOut: 0,
    },
    resources: [{ accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${BUCKET}` }],
    ...more,
  });
}

const BUCKET_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
};

// --- EC2 networking calls (EC2 API reference request shapes, as in "CloudTrail log file examples") ---

function ec2(eventName: string, requestParameters: Params, response: Params = { _return: true }): CloudTrailRecord {
  return call('ec2.amazonaws.com', eventName, requestParameters, { responseElements: { requestId: '6d1f5c58-2b7c-4d2a-9f49-EXAMPLE1234', ...response } });
}

const VPC = 'vpc-0a1b2c3d4e5f67890';
const SG = 'sg-0123456789abcdef0';
const ACL = 'acl-0f1e2d3c4b5a69788';
const RTB = 'rtb-0a9b8c7d6e5f43210';
const IGW = 'igw-0c1d2e3f4a5b67890';
const SSH_RULE = {
  items: [
    {
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      groups: {},
      ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
      ipv6Ranges: {},
      prefixListIds: {},
    },
  ],
};
const ACL_ENTRY = {
  networkAclId: ACL,
  ruleNumber: 100,
  egress: false,
  ruleAction: 'allow',
  icmpTypeCode: {},
  protocol: '6',
  portRange: { from: 22, to: 22 },
  cidrBlock: '0.0.0.0/0',
};

// --- AWS Organizations calls (Organizations guide, "Logging and monitoring in AWS Organizations") ---

function org(eventName: string, requestParameters: Params | null, responseElements: Params | null = null): CloudTrailRecord {
  return call('organizations.amazonaws.com', eventName, requestParameters, { responseElements });
}

const OU = 'ou-a1b2-c3d4e5f6';
const ROOT_ID = 'r-a1b2';
const SCP = 'p-examplepolicyid111';

function iam(eventName: string, requestParameters: Params, responseElements: Params | null = null): CloudTrailRecord {
  return call('iam.amazonaws.com', eventName, requestParameters, { responseElements });
}

const POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/DataReadOnly`;
const POLICY_DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::example-data/*' }],
});

function kms(eventName: string, requestParameters: Params, responseElements: Params | null = null, more: Partial<RecordFields> = {}): CloudTrailRecord {
  const keyArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  return call('kms.amazonaws.com', eventName, requestParameters, {
    responseElements,
    resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: keyArn }],
    ...more,
  });
}
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

function config(eventName: string, requestParameters: Params | null, readOnly = false): CloudTrailRecord {
  return call('config.amazonaws.com', eventName, requestParameters, { readOnly });
}

function trail(eventName: string, requestParameters: Params, responseElements: Params | null = null, readOnly = false): CloudTrailRecord {
  return call('cloudtrail.amazonaws.com', eventName, requestParameters, { responseElements, readOnly });
}
const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/organization-audit`;

const PER_CONTROL: readonly CisSampleEvents[] = [
  {
    control: '5.1',
    mustMatch: [
      call(
        'ec2.amazonaws.com',
        'RunInstances',
        { instancesSet: { items: [{ imageId: 'ami-0abcdef1234567890', minCount: 1, maxCount: 1 }] }, instanceType: 't3.micro' },
        {
          errorCode: 'Client.UnauthorizedOperation',
          errorMessage: ENCODED,
        },
      ),
      call(
        'ec2.amazonaws.com',
        'DescribeVpcs',
        { vpcSet: {}, filterSet: {} },
        { errorCode: 'Client.UnauthorizedOperation', errorMessage: ENCODED, readOnly: true },
      ),
      s3('PutBucketPolicy', 'policy', { bucketPolicy: BUCKET_POLICY }, { errorCode: 'AccessDenied', errorMessage: 'Access Denied' }),
      call(
        'iam.amazonaws.com',
        'CreateAccessKey',
        { userName: 'Bob' },
        {
          errorCode: 'AccessDenied',
          errorMessage: 'User: arn:aws:sts::111122223333:assumed-role/PlatformAdmin/alice is not authorized to perform: iam:CreateAccessKey',
        },
      ),
      call(
        'kms.amazonaws.com',
        'Decrypt',
        { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
        { errorCode: 'AccessDeniedException', errorMessage: 'User is not authorized to perform: kms:Decrypt', readOnly: true },
      ),
    ],
    mustNotMatch: [
      read('s3.amazonaws.com', 'GetBucketPolicy', { bucketName: BUCKET, Host: `${BUCKET}.s3.eu-west-1.amazonaws.com`, policy: '' }),
      call(
        's3.amazonaws.com',
        'GetBucketPolicy',
        { bucketName: BUCKET, Host: `${BUCKET}.s3.eu-west-1.amazonaws.com`, policy: '' },
        {
          errorCode: 'NoSuchBucketPolicy',
          errorMessage: 'The bucket policy does not exist',
          readOnly: true,
        },
      ),
      call(
        'ec2.amazonaws.com',
        'DescribeInstances',
        { instancesSet: {}, filterSet: {} },
        { errorCode: 'Client.RequestLimitExceeded', errorMessage: 'Request limit exceeded.', readOnly: true },
      ),
      call(
        'dynamodb.amazonaws.com',
        'CreateTable',
        { tableName: 'orders' },
        { errorCode: 'ValidationException', errorMessage: 'One or more parameter values were invalid' },
      ),
    ],
    mayMatch: [
      S3_DELIVERY_ACCESS_DENIED,
      s3('HeadBucket', 'x-amz-bucket-region', undefined, { errorCode: 'AccessDenied', errorMessage: 'Access Denied', readOnly: true }),
    ],
  },
  {
    control: '5.2',
    mustMatch: [IAM_USER_SIGNIN_NO_MFA],
    mustNotMatch: [IAM_USER_SIGNIN_MFA, CHECK_MFA],
    // The benchmark's pattern counts only successful IAM-user sign-ins; older versions also counted these.
    mayMatch: [IAM_USER_SIGNIN_FAILED, ROOT_SIGNIN_NO_MFA, ROOT_SIGNIN_MFA, FEDERATED_SIGNIN_SUCCESS],
  },
  {
    control: '5.3',
    mustMatch: [
      ROOT_SIGNIN_NO_MFA,
      ROOT_SIGNIN_MFA,
      ROOT_SIGNIN_FAILED,
      // The guide's "Root user, MFA changed" example.
      call(
        'iam.amazonaws.com',
        'EnableMFADevice',
        { userName: 'AWS ROOT USER', serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device` },
        { userIdentity: ROOT_IDENTITY },
      ),
      // The root user creating itself an access key (no userName: the caller's own).
      call('iam.amazonaws.com', 'CreateAccessKey', null, {
        userIdentity: ROOT_IDENTITY,
        responseElements: { accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', createDate: 'Mar 4, 2025 9:15:42 AM' } },
      }),
      call('ec2.amazonaws.com', 'DescribeInstances', { instancesSet: {}, filterSet: {} }, { userIdentity: ROOT_IDENTITY, readOnly: true }),
    ],
    mustNotMatch: [
      // A call AWS Support makes on the root user's behalf: invokedBy names the service.
      cloudTrailRecord({
        eventSource: 'support.amazonaws.com',
        eventName: 'DescribeTrustedAdvisorChecks',
        userIdentity: { ...ROOT_IDENTITY, invokedBy: 'support.amazonaws.com' },
        sourceIPAddress: 'support.amazonaws.com',
        userAgent: 'support.amazonaws.com',
        requestParameters: { language: 'en' },
        readOnly: true,
      }),
      // Sign-in's own verification of the root user's credentials, a service event.
      cloudTrailRecord({
        eventSource: 'signin.amazonaws.com',
        eventName: 'CredentialVerification',
        userIdentity: ROOT_SIGNIN,
        userAgent: BROWSER,
        serviceEventDetails: { CredentialVerification: 'Success' },
        additionalEventData: { CredentialType: 'PASSWORD' },
        eventType: 'AwsServiceEvent',
      }),
    ],
    mayMatch: [],
  },
  {
    control: '5.4',
    mustMatch: [
      iam('DeleteGroupPolicy', { groupName: 'Developers', policyName: 'inline-s3' }),
      iam('DeleteRolePolicy', { roleName: 'PlatformAdmin', policyName: 'inline-s3' }),
      iam('DeleteUserPolicy', { userName: 'Bob', policyName: 'inline-s3' }),
      iam('PutGroupPolicy', { groupName: 'Developers', policyName: 'inline-s3', policyDocument: POLICY_DOCUMENT }),
      iam('PutRolePolicy', { roleName: 'PlatformAdmin', policyName: 'inline-s3', policyDocument: POLICY_DOCUMENT }),
      iam('PutUserPolicy', { userName: 'Bob', policyName: 'inline-s3', policyDocument: POLICY_DOCUMENT }),
      iam(
        'CreatePolicy',
        { policyName: 'DataReadOnly', policyDocument: POLICY_DOCUMENT },
        {
          policy: {
            policyName: 'DataReadOnly',
            policyId: 'ANPAJ2UCCR6DPCEXAMPLE',
            arn: POLICY_ARN,
            path: '/',
            defaultVersionId: 'v1',
            attachmentCount: 0,
            isAttachable: true,
          },
        },
      ),
      iam('DeletePolicy', { policyArn: POLICY_ARN }),
      iam(
        'CreatePolicyVersion',
        { policyArn: POLICY_ARN, policyDocument: POLICY_DOCUMENT, setAsDefault: true },
        { policyVersion: { versionId: 'v2', isDefaultVersion: true } },
      ),
      iam('DeletePolicyVersion', { policyArn: POLICY_ARN, versionId: 'v1' }),
      iam('AttachRolePolicy', { roleName: 'PlatformAdmin', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
      iam('DetachRolePolicy', { roleName: 'PlatformAdmin', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
      iam('AttachUserPolicy', { userName: 'Bob', policyArn: POLICY_ARN }),
      iam('DetachUserPolicy', { userName: 'Bob', policyArn: POLICY_ARN }),
      iam('AttachGroupPolicy', { groupName: 'Developers', policyArn: POLICY_ARN }),
      iam('DetachGroupPolicy', { groupName: 'Developers', policyArn: POLICY_ARN }),
    ],
    mustNotMatch: [
      read('iam.amazonaws.com', 'GetPolicy', { policyArn: POLICY_ARN }),
      read('iam.amazonaws.com', 'ListAttachedRolePolicies', { roleName: 'PlatformAdmin' }),
    ],
    // Same event names from other services: the benchmark's pattern does not scope the source.
    mayMatch: [
      org('CreatePolicy', {
        content: '{"Version":"2012-10-17","Statement":[]}',
        description: 'deny leaving',
        name: 'DenyLeave',
        type: 'SERVICE_CONTROL_POLICY',
      }),
      org('DeletePolicy', { policyId: SCP }),
      call('iot.amazonaws.com', 'CreatePolicy', { policyName: 'sensor-publish', policyDocument: POLICY_DOCUMENT }),
    ],
  },
  {
    control: '5.5',
    mustMatch: [
      trail(
        'CreateTrail',
        { name: 'organization-audit', s3BucketName: 'example-audit-logs', isMultiRegionTrail: true, enableLogFileValidation: true, kmsKeyId: KEY_ID },
        { name: 'organization-audit', trailARN: TRAIL_ARN },
      ),
      // The guide's error example updates a trail by name, as here.
      trail('UpdateTrail', { name: 'organization-audit', isMultiRegionTrail: false }, { name: 'organization-audit', trailARN: TRAIL_ARN }),
      trail('DeleteTrail', { name: TRAIL_ARN }),
      trail('StartLogging', { name: TRAIL_ARN }),
      trail('StopLogging', { name: TRAIL_ARN }),
    ],
    mustNotMatch: [
      read('cloudtrail.amazonaws.com', 'DescribeTrails', { trailNameList: [], includeShadowTrails: true }),
      read('cloudtrail.amazonaws.com', 'GetTrailStatus', { name: TRAIL_ARN }),
      read('cloudtrail.amazonaws.com', 'GetEventSelectors', { trailName: TRAIL_ARN }),
    ],
    // Selector changes name the trail in trailName (CloudTrail API reference); the benchmark does not list them.
    mayMatch: [
      trail(
        'PutEventSelectors',
        { trailName: TRAIL_ARN, eventSelectors: [{ readWriteType: 'All', includeManagementEvents: false, dataResources: [] }] },
        { trailARN: TRAIL_ARN },
      ),
      trail('PutInsightSelectors', { trailName: TRAIL_ARN, insightSelectors: [] }, { trailARN: TRAIL_ARN }),
    ],
  },
  {
    control: '5.6',
    mustMatch: [IAM_USER_SIGNIN_FAILED, ROOT_SIGNIN_FAILED],
    mustNotMatch: [IAM_USER_SIGNIN_NO_MFA, ROOT_SIGNIN_MFA, FEDERATED_SIGNIN_SUCCESS, CHECK_MFA],
    mayMatch: [],
  },
  {
    control: '5.7',
    mustMatch: [
      kms('DisableKey', { keyId: KEY_ID }),
      kms(
        'ScheduleKeyDeletion',
        { keyId: KEY_ID, pendingWindowInDays: 30 },
        {
          keyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${KEY_ID}`,
          deletionDate: 'Apr 3, 2025, 12:00:00 AM',
          keyState: 'PendingDeletion',
          pendingWindowInDays: 30,
        },
      ),
    ],
    mustNotMatch: [
      kms('EnableKey', { keyId: KEY_ID }),
      kms('CancelKeyDeletion', { keyId: KEY_ID }, { keyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${KEY_ID}` }),
      kms('DescribeKey', { keyId: KEY_ID }, null, { readOnly: true }),
    ],
    mayMatch: [],
  },
  {
    control: '5.8',
    mustMatch: [
      s3('PutBucketAcl', 'acl', {
        AccessControlPolicy: {
          AccessControlList: {
            Grant: {
              Grantee: { xsiType: 'CanonicalUser', ID: 'EXAMPLE8a6925ce3b5a66b0c5d8b6c2f1a5b1e4a7a4b5e6d1f2c3a4b5c6d7e8f' },
              Permission: 'FULL_CONTROL',
            },
          },
          Owner: { ID: 'EXAMPLE8a6925ce3b5a66b0c5d8b6c2f1a5b1e4a7a4b5e6d1f2c3a4b5c6d7e8f' },
        },
      }),
      s3('PutBucketPolicy', 'policy', { bucketPolicy: BUCKET_POLICY }),
      s3('PutBucketCors', 'cors', { CORSConfiguration: { CORSRule: { AllowedMethod: 'GET', AllowedOrigin: '*' } } }),
      // PutBucketLifecycleConfiguration is recorded as PutBucketLifecycle.
      s3('PutBucketLifecycle', 'lifecycle', {
        LifecycleConfiguration: { Rule: { ID: 'expire', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 30 } } },
      }),
      s3('PutBucketReplication', 'replication', {
        ReplicationConfiguration: { Role: `arn:aws:iam::${ACCOUNT}:role/replication`, Rule: { Status: 'Enabled' } },
      }),
      s3('DeleteBucketPolicy', 'policy'),
      s3('DeleteBucketCors', 'cors'),
      s3('DeleteBucketLifecycle', 'lifecycle'),
      s3('DeleteBucketReplication', 'replication'),
    ],
    mustNotMatch: [
      s3('GetBucketPolicy', 'policy', undefined, { readOnly: true }),
      s3('GetBucketAcl', 'acl', undefined, { readOnly: true }),
      s3('GetBucketLifecycle', 'lifecycle', undefined, { readOnly: true }),
    ],
    mayMatch: [],
  },
  {
    control: '5.9',
    mustMatch: [
      config('StopConfigurationRecorder', { configurationRecorderName: 'default' }),
      config('DeleteDeliveryChannel', { deliveryChannelName: 'default' }),
      config('PutDeliveryChannel', {
        deliveryChannel: { name: 'default', s3BucketName: 'example-config', configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' } },
      }),
      config('PutConfigurationRecorder', {
        configurationRecorder: {
          name: 'default',
          roleARN: `arn:aws:iam::${ACCOUNT}:role/aws-config`,
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
        },
      }),
    ],
    mustNotMatch: [config('DescribeConfigurationRecorders', null, true), config('DescribeDeliveryChannels', null, true)],
    mayMatch: [],
  },
  {
    control: '5.10',
    mustMatch: [
      ec2('AuthorizeSecurityGroupIngress', { groupId: SG, ipPermissions: SSH_RULE }),
      ec2('AuthorizeSecurityGroupEgress', { groupId: SG, ipPermissions: SSH_RULE }),
      ec2('RevokeSecurityGroupIngress', { groupId: SG, ipPermissions: SSH_RULE }),
      ec2('RevokeSecurityGroupEgress', { groupId: SG, ipPermissions: SSH_RULE }),
      ec2('CreateSecurityGroup', { groupName: 'bastion', groupDescription: 'bastion hosts', vpcId: VPC }, { _return: true, groupId: SG }),
      ec2('DeleteSecurityGroup', { groupId: SG }),
    ],
    mustNotMatch: [read('ec2.amazonaws.com', 'DescribeSecurityGroups', { securityGroupSet: {}, filterSet: {} })],
    mayMatch: [],
  },
  {
    control: '5.11',
    mustMatch: [
      ec2('CreateNetworkAcl', { vpcId: VPC }, { networkAcl: { networkAclId: ACL, vpcId: VPC, default: false } }),
      ec2('CreateNetworkAclEntry', ACL_ENTRY),
      ec2('DeleteNetworkAcl', { networkAclId: ACL }),
      ec2('DeleteNetworkAclEntry', { networkAclId: ACL, ruleNumber: 100, egress: false }),
      ec2('ReplaceNetworkAclEntry', ACL_ENTRY),
      ec2(
        'ReplaceNetworkAclAssociation',
        { associationId: 'aclassoc-0a1b2c3d4e5f67890', networkAclId: ACL },
        { newAssociationId: 'aclassoc-0f9e8d7c6b5a43210' },
      ),
    ],
    mustNotMatch: [read('ec2.amazonaws.com', 'DescribeNetworkAcls', { networkAclIdSet: {}, filterSet: {} })],
    mayMatch: [],
  },
  {
    control: '5.12',
    mustMatch: [
      ec2(
        'CreateCustomerGateway',
        { type: 'ipsec.1', ipAddress: '198.51.100.7', bgpAsn: 65000 },
        { customerGateway: { customerGatewayId: 'cgw-0a1b2c3d4e5f67890', state: 'available' } },
      ),
      ec2('DeleteCustomerGateway', { customerGatewayId: 'cgw-0a1b2c3d4e5f67890' }),
      ec2('AttachInternetGateway', { internetGatewayId: IGW, vpcId: VPC }),
      ec2('CreateInternetGateway', {}, { internetGateway: { internetGatewayId: IGW, attachmentSet: {} } }),
      ec2('DeleteInternetGateway', { internetGatewayId: IGW }),
      ec2('DetachInternetGateway', { internetGatewayId: IGW, vpcId: VPC }),
    ],
    mustNotMatch: [
      read('ec2.amazonaws.com', 'DescribeInternetGateways', { internetGatewayIdSet: {}, filterSet: {} }),
      read('ec2.amazonaws.com', 'DescribeCustomerGateways', { customerGatewaySet: {}, filterSet: {} }),
    ],
    mayMatch: [],
  },
  {
    control: '5.13',
    mustMatch: [
      ec2('CreateRoute', { routeTableId: RTB, destinationCidrBlock: '0.0.0.0/0', gatewayId: IGW }),
      ec2('CreateRouteTable', { vpcId: VPC }, { routeTable: { routeTableId: RTB, vpcId: VPC } }),
      ec2('ReplaceRoute', { routeTableId: RTB, destinationCidrBlock: '0.0.0.0/0', gatewayId: IGW }),
      ec2(
        'ReplaceRouteTableAssociation',
        { associationId: 'rtbassoc-0a1b2c3d4e5f67890', routeTableId: RTB },
        { newAssociationId: 'rtbassoc-0f9e8d7c6b5a43210' },
      ),
      ec2('DeleteRouteTable', { routeTableId: RTB }),
      ec2('DeleteRoute', { routeTableId: RTB, destinationCidrBlock: '0.0.0.0/0' }),
      ec2('DisassociateRouteTable', { associationId: 'rtbassoc-0a1b2c3d4e5f67890' }),
    ],
    mustNotMatch: [read('ec2.amazonaws.com', 'DescribeRouteTables', { routeTableIdSet: {}, filterSet: {} })],
    mayMatch: [],
  },
  {
    control: '5.14',
    mustMatch: [
      ec2(
        'CreateVpc',
        { cidrBlock: '10.0.0.0/16', instanceTenancy: 'default', amazonProvidedIpv6CidrBlock: false },
        { vpc: { vpcId: VPC, state: 'pending', cidrBlock: '10.0.0.0/16' } },
      ),
      ec2('DeleteVpc', { vpcId: VPC }),
      ec2('ModifyVpcAttribute', { vpcId: VPC, enableDnsHostnames: { value: true } }),
      ec2('AcceptVpcPeeringConnection', { vpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f67890' }),
      ec2('CreateVpcPeeringConnection', { vpcId: VPC, peerVpcId: 'vpc-0f9e8d7c6b5a43210', peerOwnerId: '444455556666' }),
      ec2('DeleteVpcPeeringConnection', { vpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f67890' }),
      ec2('RejectVpcPeeringConnection', { vpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f67890' }),
      ec2('AttachClassicLinkVpc', { instanceId: 'i-0abcd1234efgh5678', vpcId: VPC, groupSet: { items: [{ groupId: SG }] } }),
      ec2('DetachClassicLinkVpc', { instanceId: 'i-0abcd1234efgh5678', vpcId: VPC }),
      ec2('DisableVpcClassicLink', { vpcId: VPC }),
      ec2('EnableVpcClassicLink', { vpcId: VPC }),
    ],
    mustNotMatch: [
      read('ec2.amazonaws.com', 'DescribeVpcs', { vpcSet: {}, filterSet: {} }),
      read('ec2.amazonaws.com', 'DescribeVpcPeeringConnections', { vpcPeeringConnectionIdSet: {}, filterSet: {} }),
    ],
    mayMatch: [],
  },
  {
    control: '5.15',
    mustMatch: [
      org('AcceptHandshake', { handshakeId: 'h-examplehandshakeid111' }),
      org('AttachPolicy', { policyId: SCP, targetId: OU }),
      // Organizations hides the new account's e-mail and name in the record.
      org(
        'CreateAccount',
        { email: 'HIDDEN_DUE_TO_SECURITY_REASONS', accountName: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
        { createAccountStatus: { id: 'car-examplecreateaccountrequestid111', state: 'IN_PROGRESS' } },
      ),
      org('CreateOrganizationalUnit', { parentId: ROOT_ID, name: 'Workloads' }, { organizationalUnit: { id: OU, name: 'Workloads' } }),
      org('CreatePolicy', {
        content: '{"Version":"2012-10-17","Statement":[]}',
        description: 'deny leaving',
        name: 'DenyLeave',
        type: 'SERVICE_CONTROL_POLICY',
      }),
      org('DeclineHandshake', { handshakeId: 'h-examplehandshakeid111' }),
      org('DeleteOrganization', null),
      org('DeleteOrganizationalUnit', { organizationalUnitId: OU }),
      org('DeletePolicy', { policyId: SCP }),
      org('DetachPolicy', { policyId: SCP, targetId: OU }),
      org('DisablePolicyType', { rootId: ROOT_ID, policyType: 'SERVICE_CONTROL_POLICY' }),
      org('EnablePolicyType', { rootId: ROOT_ID, policyType: 'TAG_POLICY' }),
      org('InviteAccountToOrganization', { target: { id: '444455556666', type: 'ACCOUNT' } }),
      org('LeaveOrganization', null),
      org('MoveAccount', { accountId: '444455556666', sourceParentId: ROOT_ID, destinationParentId: OU }),
      org('RemoveAccountFromOrganization', { accountId: '444455556666' }),
      org('UpdatePolicy', { policyId: SCP, content: '{"Version":"2012-10-17","Statement":[]}' }),
      org('UpdateOrganizationalUnit', { organizationalUnitId: OU, name: 'Prod workloads' }),
    ],
    mustNotMatch: [
      read('organizations.amazonaws.com', 'DescribeOrganization', null),
      read('organizations.amazonaws.com', 'ListAccounts', null),
      iam('CreatePolicy', { policyName: 'DataReadOnly', policyDocument: POLICY_DOCUMENT }),
      iam('DeletePolicy', { policyArn: POLICY_ARN }),
    ],
    mayMatch: [],
  },
];

/** The sample records of every CIS 5.x control, `BENIGN_EVENTS` appended to each `mustNotMatch`. */
export const CIS_SAMPLE_EVENTS: readonly CisSampleEvents[] = PER_CONTROL.map((c) => ({ ...c, mustNotMatch: [...c.mustNotMatch, ...BENIGN_EVENTS] }));

/** The sample records of one control, e.g. `5.4`; throws for a control with none. */
export function cisSampleEvents(control: string): CisSampleEvents {
  const found = CIS_SAMPLE_EVENTS.find((c) => c.control === control);
  if (!found) throw new Error(`no CIS sample events for control ${control}; known: ${CIS_SAMPLE_EVENTS.map((c) => c.control).join(', ')}`);
  return found;
}
