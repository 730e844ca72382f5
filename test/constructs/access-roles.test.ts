import { TerraformStack, Testing } from 'cdktf';
import { loadEnvironments } from '../../config/load-environments';
import { AccessRoles, type AccessRolesProps } from '../../constructs/access-roles';
import { HumanRole } from '../../constructs/human-role';
import { environmentAccess, type HumanRoleKind, resourceCallers } from '../support/environment-access';
import { type Caller, decide, type PolicyJson } from '../support/iam-evaluator';
import { exampleEnvironment, resource, resourcesOf, type Statement, statementsOf, synthEnvironment } from '../support/terraform-json';

// Log Insights queries (logs:StartQuery / StopQuery) read; every other Start/Stop changes something.
// RestoreObject makes a readable copy of an archived object and leaves the object as it was.
const WRITE_VERB =
  /^[a-z0-9-]+:(\*|Put|Delete|Create|Update|Attach|Detach|Set|Start(?!Query)|Stop(?!Query)|Disable|Enable|Schedule|Cancel|Tag|Untag|Add|Remove|Restore(?!Object$)|Replicate|Bypass|Abort|Modify|Revoke|Encrypt|ReEncrypt|GenerateDataKey|Subscribe|Publish)/;

describe('AccessRoles', () => {
  const tf = synthEnvironment('prod');
  const role = (kind: string) => resource(tf, 'aws_iam_role', `access-roles_${kind}_role`);
  const permissions = (kind: string): Statement[] => statementsOf(tf, resource(tf, 'aws_iam_policy', `access-roles_${kind}_policy`).policy);

  test.each(['auditor', 'log-admin', 'break-glass'])('%s: one-hour sessions, the permissions boundary, tagged with its kind', (kind) => {
    expect(role(kind)).toMatchObject({
      name: `prod-${kind}`,
      max_session_duration: 3600,
      permissions_boundary: '${aws_iam_policy.access-roles_boundary.arn}',
      tags: { 'auditready:role': kind },
    });
    expect(resource(tf, 'aws_iam_role_policy_attachment', `access-roles_${kind}_attachment`)).toMatchObject({
      role: `\${aws_iam_role.access-roles_${kind}_role.name}`,
      policy_arn: `\${aws_iam_policy.access-roles_${kind}_policy.arn}`,
    });
  });

  test('trust follows the configured principals, one statement per kind of principal', () => {
    expect(statementsOf(tf, role('auditor').assume_role_policy).map((s) => [s.sid, s.principals])).toEqual([
      ['RoleSessionsWithMfa', [{ type: 'AWS', identifiers: ['arn:aws:iam::999999999999:role/ExternalAuditor'] }]],
      [
        'IdentityCenterSessions',
        [{ type: 'AWS', identifiers: ['arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityAudit_1c2d3e4f5a6b7c8d'] }],
      ],
    ]);
    expect(statementsOf(tf, role('log-admin').assume_role_policy).map((s) => [s.sid, s.actions[0], s.principals])).toEqual([
      ['SamlFederation', 'sts:AssumeRoleWithSAML', [{ type: 'Federated', identifiers: ['arn:aws:iam::333333333333:saml-provider/CorporateIdP'] }]],
    ]);
  });

  test('the auditor only reads: no action that writes, deletes or uses keys beyond decrypting through S3', () => {
    for (const s of permissions('auditor')) {
      expect(s.effect).toBe('Allow');
      for (const action of s.actions) expect(action).not.toMatch(WRITE_VERB);
    }
  });

  test('no role and no boundary allows the "*" action', () => {
    const documents = [
      ...['auditor', 'log-admin', 'break-glass'].map(permissions),
      statementsOf(tf, resource(tf, 'aws_iam_policy', 'access-roles_boundary').policy),
    ];
    for (const s of documents.flat()) expect(s.actions).not.toContain('*');
  });

  describe('what each session may do, decided by the IAM evaluator over role policy and boundary', () => {
    const [env] = loadEnvironments([exampleEnvironment('prod')]);
    const a = environmentAccess(env!, tf);
    const sessions = resourceCallers(a);
    const alarm = 'arn:aws:cloudwatch:eu-central-1:333333333333:alarm:prod-cis-5-3-root-account-usage';
    // GetLogEvents acts on a log stream of the group.
    const onLogGroup = (action: string) =>
      action === 'logs:GetLogEvents' ? `${a.arns.logGroup}:log-stream:333333333333_CloudTrail_eu-central-1` : a.arns.logGroup;
    const ask = (caller: Caller, action: string, resource: string) => decide({ caller, action, resource, resourceAccount: '333333333333' });

    // The log-admin operates alarms and the topic, and can weaken nothing: CloudTrail has no condition
    // keys to narrow trail-settings writes, so none are granted, and all are denied.
    test.each([
      ['cloudtrail:UpdateTrail', a.arns.trail],
      ['cloudtrail:PutEventSelectors', a.arns.trail],
      ['cloudtrail:PutInsightSelectors', a.arns.trail],
      ['cloudtrail:StopLogging', a.arns.trail],
      ['cloudwatch:PutMetricAlarm', alarm],
      ['cloudwatch:DeleteAlarms', alarm],
      ['cloudwatch:DisableAlarmActions', alarm],
      ['logs:PutMetricFilter', a.arns.logGroup],
      ['logs:DeleteMetricFilter', a.arns.logGroup],
      ['logs:FilterLogEvents', a.arns.logGroup],
      ['logs:StartQuery', a.arns.logGroup],
      ['sns:SetTopicAttributes', a.arns.topic],
      ['sns:DeleteTopic', a.arns.topic],
    ])('log-admin may not %s', async (action, resource) => {
      await expect(ask(sessions['log-admin'] as Caller, action, resource)).resolves.toBe('deny');
    });
    test.each([
      ['cloudwatch:SetAlarmState', alarm],
      ['cloudwatch:EnableAlarmActions', alarm],
      ['sns:Subscribe', a.arns.topic],
      ['cloudtrail:GetEventSelectors', a.arns.trail],
    ])('log-admin may %s', async (action, resource) => {
      await expect(ask(sessions['log-admin'] as Caller, action, resource)).resolves.toBe('allow');
    });

    // Break-glass repairs the log group but is not a reader of it: the auditor is the only baseline role that is.
    test.each(['logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:StartQuery', 'logs:StartLiveTail', 'logs:CreateExportTask', 'logs:PutSubscriptionFilter'])(
      'break-glass may not %s on the log group',
      async (action) => {
        await expect(ask(sessions['break-glass'] as Caller, action, onLogGroup(action))).resolves.toBe('deny');
      },
    );
    test.each(['logs:PutRetentionPolicy', 'logs:PutMetricFilter', 'logs:AssociateKmsKey'])('break-glass may %s on the log group', async (action) => {
      await expect(ask(sessions['break-glass'] as Caller, action, a.arns.logGroup)).resolves.toBe('allow');
    });

    // The boundary holds even if someone later attaches AdministratorAccess to a human role.
    const allowAll: PolicyJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    test.each([
      ['iam:AttachRolePolicy', a.arns.roles['break-glass'] as string],
      ['iam:CreateUser', 'arn:aws:iam::333333333333:user/x'],
      ['sts:AssumeRole', a.arns.roles.auditor as string],
      ['kms:ScheduleKeyDeletion', a.arns.key],
      ['kms:DisableKey', a.arns.key],
      ['ec2:RunInstances', 'arn:aws:ec2:eu-central-1:333333333333:instance/i-0123456789abcdef0'],
    ])('GIVEN AdministratorAccess added to any human role THEN the boundary still denies %s', async (action, resource) => {
      for (const kind of ['auditor', 'log-admin', 'break-glass'] as HumanRoleKind[]) {
        const caller = sessions[kind] as Caller;
        await expect(ask({ ...caller, identityPolicies: [...caller.identityPolicies, allowAll] }, action, resource)).resolves.toBe('deny');
      }
    });
  });

  test('GIVEN no administrators THEN no log-admin role exists', () => {
    const dev = synthEnvironment('dev', {
      principals: { ...exampleEnvironment('dev').principals, administrators: [] },
    });
    expect(Object.keys(resourcesOf(dev, 'aws_iam_role')).sort()).toEqual(['access-roles_auditor_role', 'access-roles_break-glass_role', 'trail_delivery-role']);
  });

  describe('AccessRoles refuses what cannot work', () => {
    const principal = [{ type: 'iam-user' as const, arn: 'arn:aws:iam::111111111111:user/alice' }];
    const make = (overrides: Partial<AccessRolesProps>) => () =>
      new AccessRoles(new TerraformStack(Testing.app(), 's'), 'roles', {
        account: { accountId: '111111111111', region: 'eu-west-1', partition: 'aws' },
        namePrefix: 'p',
        auditorPrincipals: principal,
        breakGlassPrincipals: principal,
        accessContext: { sessionTagKey: 'ticket', allowedValues: ['CHG-*'] },
        resources: { keyArn: 'k', storage: { auditBucketArn: 'arn:aws:s3:::a', accessLogBucketArn: 'arn:aws:s3:::l' } },
        ...overrides,
      });
    test.each([
      [{ resources: { keyArn: 'k' } }, /resources must include storage, delivery or both/],
      [
        { administratorPrincipals: principal },
        /administratorPrincipals need resources.delivery: the log-admin operates the alarms of this account, and there are none/,
      ],
      [{ auditorPrincipals: [] }, /auditorPrincipals must name at least one principal/],
    ])('%j', (overrides, message) => expect(make(overrides)).toThrow(message));
    test('storage alone (a log archive) passes, without a log-admin', () => expect(make({})).not.toThrow());
  });

  describe('HumanRole refuses what cannot work', () => {
    const make = (overrides: object) => () =>
      new HumanRole(new TerraformStack(Testing.app(), 's'), 'role', {
        account: { accountId: '111111111111', region: 'eu-west-1', partition: 'aws' },
        roleName: 'r',
        kind: 'auditor',
        description: 'd',
        trustedPrincipals: [{ type: 'iam-user', arn: 'arn:aws:iam::111111111111:user/alice' }],
        accessContext: { sessionTagKey: 'ticket', allowedValues: ['CHG-*'] },
        permissionsBoundaryArn: 'b',
        statements: [{ sid: 'S', actions: ['s3:GetObject'], resources: ['*'] }],
        ...overrides,
      });
    test.each([
      [{ trustedPrincipals: [] }, /trustedPrincipals must name at least one principal/],
      [{ accessContext: { sessionTagKey: 'ticket', allowedValues: [] } }, /accessContext.allowedValues must have at least one pattern/],
    ])('%j', (overrides, message) => expect(make(overrides)).toThrow(message));
    test('valid values pass', () => expect(make({})).not.toThrow());
  });
});
