/**
 * Three hours of a production account's CloudTrail records, with one of each thing an access report
 * must answer for: an auditor reading the logs with a ticket, a SAML log-admin changing the bucket
 * policy and reading the logs, an Identity Center user going through break-glass, a session without a
 * ticket that gets refused in a burst, console sign-ins with and without MFA, the root user, a session
 * without a source identity, a Lambda function's role, an AWS service, and a session that began before
 * the window. Grouped into log files by hour, as `buildCloudTrailFixture({ logFileRecords })` takes them.
 */
import {
  type Account,
  assumeRole,
  assumeRoleWithSaml,
  CONSOLE_USER_AGENT,
  call,
  consoleLogin,
  iamUser,
  iamUserConsoleSession,
  type RoleSession,
  rootUser,
  s3GetObject,
  serviceCall,
  type TrailRecord,
} from './cloudtrail-events';

export const SCENARIO_ACCOUNT: Account = { accountId: '111122223333', region: 'us-east-1' };
const A = SCENARIO_ACCOUNT.accountId;

/** The environment `prod` as auditready names its resources in this account and region. */
export const SCENARIO_NAMES = {
  environment: 'prod',
  auditorRole: `arn:aws:iam::${A}:role/prod-auditor`,
  logAdminRole: `arn:aws:iam::${A}:role/prod-log-admin`,
  breakGlassRole: `arn:aws:iam::${A}:role/prod-break-glass`,
  auditBucket: `prod-audit-logs-${A}-us-east-1`,
  trailName: 'prod-audit-trail',
  opsRole: `arn:aws:iam::${A}:role/ops-admin`,
  functionRole: `arn:aws:iam::${A}:role/ingest-function`,
  ssoAdminRole: `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`,
  samlProvider: `arn:aws:iam::${A}:saml-provider/ExampleIdP`,
  ssoProvider: `arn:aws:iam::${A}:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE`,
  keyArn: `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
} as const;

/** The window the scenario covers, and the start of the first digest (CloudTrail's digests end at :17 here). */
export const SCENARIO_WINDOW = {
  start: new Date('2026-03-10T09:00:00Z'),
  end: new Date('2026-03-10T12:00:17Z'),
  firstDigest: new Date('2026-03-10T09:00:17Z'),
  hours: 3,
};

const at = (hhmmss: string) => new Date(`2026-03-10T${hhmmss}Z`);
const N = SCENARIO_NAMES;

export interface AccessScenario {
  /** Records per hour (0, 1, 2), each hour one log file. */
  readonly hours: readonly (readonly TrailRecord[])[];
  /** The sessions by the person or thing behind them, for assertions. */
  readonly sessions: Readonly<Record<'alice' | 'bob' | 'carolSso' | 'carol' | 'dave' | 'mallory' | 'lambda' | 'zoe', RoleSession>>;
}

export function accessScenario(): AccessScenario {
  const acct = SCENARIO_ACCOUNT;
  const h0: TrailRecord[] = [];
  const h1: TrailRecord[] = [];
  const h2: TrailRecord[] = [];

  // Zoe's auditor session began at 08:30, before the window; its start is in no log file read.
  const zoe = assumeRole(acct, {
    caller: iamUser(acct, 'zoe'),
    roleArn: N.auditorRole,
    sessionName: 'zoe',
    time: at('08:30:00'),
    sourceIdentity: 'zoe',
    tags: { ticket: 'CHG-0999' },
  }).session as RoleSession;
  h0.push(call(acct, zoe.identity, { time: at('09:01:00'), eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails', readOnly: true }));

  // Alice, an IAM user with MFA, reads the logs as auditor with a ticket.
  const alice = assumeRole(acct, {
    caller: iamUser(acct, 'alice'),
    roleArn: N.auditorRole,
    sessionName: 'alice',
    time: at('09:05:00'),
    sourceIdentity: 'alice',
    tags: { ticket: 'CHG-1234' },
    mfaSerial: `arn:aws:iam::${A}:mfa/alice`,
    sourceIp: '203.0.113.10',
  });
  const a = alice.session as RoleSession;
  h0.push(alice.record);
  for (const [i, hour] of ['00', '01', '02'].entries()) {
    h0.push(
      s3GetObject(
        acct,
        a.identity,
        N.auditBucket,
        `AWSLogs/${A}/CloudTrail/us-east-1/2026/03/09/${A}_CloudTrail_us-east-1_20260309T${hour}00Z_a.json.gz`,
        at(`09:06:0${i}`),
        {
          sourceIp: '203.0.113.10',
        },
      ),
    );
  }
  h0.push(
    call(acct, a.identity, {
      time: at('09:07:00'),
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'DescribeTrails',
      readOnly: true,
      sourceIp: '203.0.113.10',
    }),
  );
  h0.push(
    call(acct, a.identity, { time: at('09:08:00'), eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', readOnly: true, sourceIp: '203.0.113.10' }),
  );

  // Bob signs in through the SAML identity provider as log-admin, changes the audit bucket's policy and reads a log.
  const bob = assumeRoleWithSaml(acct, {
    providerArn: N.samlProvider,
    subject: 'bob@example.com',
    roleArn: N.logAdminRole,
    sessionName: 'bob@example.com',
    time: at('09:20:00'),
    sourceIdentity: 'bob',
    principalTags: { ticket: 'INC-42' },
    sourceIp: '198.51.100.20',
  });
  h0.push(bob.record);
  h0.push(
    call(acct, bob.session.identity, {
      time: at('09:21:00'),
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketPolicy',
      requestParameters: {
        bucketName: N.auditBucket,
        Host: `${N.auditBucket}.s3.amazonaws.com`,
        bucketPolicy: { Version: '2012-10-17', Statement: [] },
        policy: '',
      },
      resources: [{ accountId: A, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${N.auditBucket}` }],
      sourceIp: '198.51.100.20',
    }),
  );
  h0.push(
    s3GetObject(acct, bob.session.identity, N.auditBucket, `AWSLogs/${A}/CloudTrail/us-east-1/2026/03/10/x.json.gz`, at('09:22:00'), {
      sourceIp: '198.51.100.20',
    }),
  );

  // Carol: an Identity Center user (SAML through the IAM Identity Center provider), then break-glass with a ticket.
  const sso = assumeRoleWithSaml(acct, {
    providerArn: N.ssoProvider,
    subject: 'carol@example.com',
    roleArn: N.ssoAdminRole,
    sessionName: 'carol@example.com',
    time: at('10:00:00'),
  });
  h1.push(sso.record);
  const carol = assumeRole(acct, {
    caller: sso.session.identity,
    roleArn: N.breakGlassRole,
    sessionName: 'carol',
    time: at('10:01:00'),
    sourceIdentity: 'carol',
    tags: { ticket: 'INC-99' },
  });
  const c = carol.session as RoleSession;
  h1.push(carol.record);
  h1.push(
    call(acct, c.identity, {
      time: at('10:02:00'),
      eventSource: 'kms.amazonaws.com',
      eventName: 'PutKeyPolicy',
      requestParameters: { keyId: N.keyArn, policyName: 'default', policy: '{}', bypassPolicyLockoutSafetyCheck: false },
      resources: [{ accountId: A, type: 'AWS::KMS::Key', ARN: N.keyArn }],
    }),
  );
  h1.push(
    call(acct, c.identity, {
      time: at('10:03:00'),
      eventSource: 's3.amazonaws.com',
      eventName: 'DeleteObject',
      requestParameters: { bucketName: N.auditBucket, key: 'junk.txt', versionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo' },
      resources: [
        { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${N.auditBucket}/junk.txt` },
        { accountId: A, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${N.auditBucket}` },
      ],
      eventCategory: 'Data',
    }),
  );
  h1.push(call(acct, c.identity, { time: at('10:04:00'), eventSource: 'iam.amazonaws.com', eventName: 'ListRoles', readOnly: true }));

  // Dave assumes a role with a source identity but no ticket, and is refused 12 times within a minute.
  const dave = assumeRole(acct, { caller: iamUser(acct, 'dave'), roleArn: N.opsRole, sessionName: 'dave', time: at('10:10:00'), sourceIdentity: 'dave' });
  const d = dave.session as RoleSession;
  h1.push(dave.record);
  h1.push(call(acct, d.identity, { time: at('10:11:00'), eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', readOnly: true }));
  for (let i = 0; i < 12; i++) {
    h1.push(
      call(acct, d.identity, {
        time: at(`10:12:${String(i * 4).padStart(2, '0')}`),
        eventSource: 'ec2.amazonaws.com',
        eventName: 'TerminateInstances',
        requestParameters: { instancesSet: { items: [{ instanceId: `i-0abcd1234efgh56${String(i).padStart(2, '0')}` }] } },
        errorCode: 'Client.UnauthorizedOperation',
        errorMessage: 'You are not authorized to perform this operation.',
      }),
    );
  }

  // Erin signs in to the console without MFA, Frank with MFA; each then makes a call from the console.
  const erin = iamUserConsoleSession(acct, 'erin', at('10:30:00'), false);
  h1.push(consoleLogin(acct, { ...iamUser(acct, 'erin'), accessKeyId: '' }, at('10:30:00'), { success: true, mfaUsed: false }));
  h1.push(
    call(acct, erin, { time: at('10:31:00'), eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', readOnly: true, userAgent: CONSOLE_USER_AGENT }),
  );
  const frank = iamUserConsoleSession(acct, 'frank', at('10:40:00'), true);
  h1.push(consoleLogin(acct, { ...iamUser(acct, 'frank'), accessKeyId: '' }, at('10:40:00'), { success: true, mfaUsed: true }));
  h1.push(
    call(acct, frank, { time: at('10:41:00'), eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', readOnly: true, userAgent: CONSOLE_USER_AGENT }),
  );
  h1.push(consoleLogin(acct, { ...iamUser(acct, 'frank'), accessKeyId: '' }, at('10:39:00'), { success: false, mfaUsed: false }));

  // The root user signs in (with MFA) and creates a user.
  const root = rootUser(acct, at('11:00:00'), true);
  h2.push(
    consoleLogin(acct, { type: 'Root', principalId: A, arn: `arn:aws:iam::${A}:root`, accountId: A, accessKeyId: '' }, at('11:00:00'), {
      success: true,
      mfaUsed: true,
    }),
  );
  h2.push(
    call(acct, root, {
      time: at('11:01:00'),
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      requestParameters: { userName: 'temp' },
      userAgent: CONSOLE_USER_AGENT,
    }),
  );

  // Mallory assumes a role with neither a source identity nor a ticket.
  const mallory = assumeRole(acct, { caller: iamUser(acct, 'mallory'), roleArn: N.opsRole, sessionName: 'mallory', time: at('11:10:00') });
  const m = mallory.session as RoleSession;
  h2.push(mallory.record);
  h2.push(call(acct, m.identity, { time: at('11:11:00'), eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', readOnly: true }));

  // A Lambda function's role, assumed by the Lambda service: a machine.
  const lambda = assumeRole(acct, {
    caller: { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' },
    roleArn: N.functionRole,
    sessionName: 'ingest-function',
    time: at('11:20:00'),
    sourceIp: 'lambda.amazonaws.com',
    userAgent: 'lambda.amazonaws.com',
  });
  const l = lambda.session as RoleSession;
  h2.push(lambda.record);
  h2.push(
    call(acct, l.identity, { time: at('11:21:00'), eventSource: 'dynamodb.amazonaws.com', eventName: 'PutItem', requestParameters: { tableName: 'ingest' } }),
  );
  // CloudTrail itself checking the bucket's ACL before a delivery: an AWS service's own call.
  h2.push(
    serviceCall(acct, 'cloudtrail.amazonaws.com', {
      time: at('11:30:00'),
      eventSource: 's3.amazonaws.com',
      eventName: 'GetBucketAcl',
      requestParameters: { bucketName: N.auditBucket },
      readOnly: true,
    }),
  );

  return {
    hours: [h0, h1, h2],
    sessions: { alice: a, bob: bob.session, carolSso: sso.session, carol: c, dave: d, mallory: m, lambda: l, zoe },
  };
}

/** The environment the scenario's account runs, as a config entry (`AUDITREADY_ENVIRONMENTS_FILE` holds a list of these). */
export const SCENARIO_ENVIRONMENT = {
  name: 'prod',
  accountId: A,
  region: 'us-east-1',
  tier: 'prod',
  objectLock: { mode: 'COMPLIANCE', retentionDays: 400 },
  lifecycle: { expirationDays: 2557 },
  logGroupRetentionDays: 400,
  principals: {
    auditors: [{ type: 'iam-user', arn: `arn:aws:iam::${A}:user/alice` }],
    administrators: [{ type: 'saml-provider', arn: N.samlProvider }],
    breakGlass: [{ type: 'sso-role', arn: N.ssoAdminRole }],
    deployers: [`arn:aws:iam::${A}:role/auditready-deployer`],
  },
  accessContext: { sessionTagKey: 'ticket', allowedValues: ['CHG-*', 'INC-*'] },
} as const;
