import { TerraformStack, Testing } from 'cdktf';
import { loadEnvironments } from '../../config/load-environments';
import { AuditKey, type AuditKeyProps } from '../../constructs/audit-key';
import { environmentAccess } from '../support/environment-access';
import { type Caller, decide, type PolicyJson } from '../support/iam-evaluator';
import { exampleEnvironment, resource, synthEnvironment } from '../support/terraform-json';

const account = { accountId: '333333333333', region: 'eu-central-1', partition: 'aws' };
const props: AuditKeyProps = {
  account,
  aliasName: 'alias/test-audit-logs',
  trailArn: 'arn:aws:cloudtrail:eu-central-1:333333333333:trail/t',
  logGroupArn: 'arn:aws:logs:eu-central-1:333333333333:log-group:/aws/cloudtrail/t',
  alarmTopicArn: 'arn:aws:sns:eu-central-1:333333333333:alarms',
  decryptRoleArns: ['arn:aws:iam::333333333333:role/auditor'],
  deployerRoleArns: ['arn:aws:iam::333333333333:role/deployer'],
  breakGlassRoleArn: 'arn:aws:iam::333333333333:role/break-glass',
};

describe('AuditKey', () => {
  const tf = synthEnvironment('prod');
  const key = resource(tf, 'aws_kms_key', 'audit-key_key');

  test('rotates yearly, keeps a 30-day deletion window and cannot be destroyed by terraform', () => {
    expect(key).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(resource(tf, 'aws_kms_alias', 'audit-key_alias').name).toBe('alias/prod-audit-logs');
  });

  test('the key policy waits for the roles of the stack it names (KMS refuses a principal that does not exist yet)', () => {
    expect(key.depends_on).toEqual(['aws_iam_role.access-roles_auditor_role', 'aws_iam_role.access-roles_break-glass_role']);
  });

  describe('administration belongs to named roles and, as a last resort, the root user itself', () => {
    const [env] = loadEnvironments([exampleEnvironment('prod')]);
    const a = environmentAccess(env!, tf);
    const allowAll: PolicyJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    // The root user's own permissions are unlimited; the key policy is what decides.
    const root: Caller = {
      principal: 'arn:aws:iam::333333333333:root',
      identityPolicies: [allowAll],
      context: {
        'aws:PrincipalArn': 'arn:aws:iam::333333333333:root',
        'aws:PrincipalAccount': '333333333333',
        'aws:PrincipalType': 'Account',
        'aws:SecureTransport': 'true',
      },
    };
    // An IAM user with "*" that claims to be the account: aws:PrincipalType is set by AWS, "User" for IAM users.
    const iamUser: Caller = {
      principal: 'arn:aws:iam::333333333333:user/admin',
      identityPolicies: [allowAll],
      context: {
        'aws:PrincipalArn': 'arn:aws:iam::333333333333:user/admin',
        'aws:PrincipalAccount': '333333333333',
        'aws:PrincipalType': 'User',
        'aws:SecureTransport': 'true',
      },
    };
    const onKey = (caller: Caller, action: string, context = {}) =>
      decide({ caller, action, resource: a.arns.key, resourceAccount: '333333333333', resourcePolicy: a.policies.key, context });

    test.each(['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:CancelKeyDeletion', 'kms:EnableKey'])('the root user may %s', async (action) => {
      await expect(onKey(root, action)).resolves.toBe('allow');
    });
    test.each(['kms:Decrypt', 'kms:CreateGrant', 'kms:DisableKey', 'kms:ScheduleKeyDeletion'])(
      'the root user may not %s without first changing the policy (an alarmed change)',
      async (action) => {
        await expect(onKey(root, action)).resolves.toBe('deny');
      },
    );
    test.each(['kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey'])('an IAM user with "*" in IAM may not %s', async (action) => {
      await expect(onKey(iamUser, action)).resolves.toBe('deny');
    });
  });

  describe('impossible values throw at once', () => {
    const make = (overrides: Partial<AuditKeyProps>) => () => new AuditKey(new TerraformStack(Testing.app(), 's'), 'key', { ...props, ...overrides });
    test.each([
      [{ rotationPeriodDays: 89 }, /rotationPeriodDays must be a whole number from 90 to 2560, got 89/],
      [{ rotationPeriodDays: 2561 }, /rotationPeriodDays must be a whole number from 90 to 2560, got 2561/],
      [{ deletionWindowDays: 6 }, /deletionWindowDays must be a whole number from 7 to 30, got 6/],
      [{ aliasName: 'audit' }, /aliasName must start with "alias\/" and not "alias\/aws\/", got "audit"/],
      [{ aliasName: 'alias/aws/s3' }, /aliasName must start with "alias\/" and not "alias\/aws\/"/],
      [{ decryptRoleArns: [] }, /decryptRoleArns must name at least one role/],
      [{ trailArn: undefined, logGroupArn: undefined, alarmTopicArn: undefined }, /give at least one of trailArn, logGroupArn or alarmTopicArn/],
      [{ deployerRoleArns: [] }, /deployerRoleArns must name at least one role: the role that creates the key must be able to change its policy/],
    ])('%j', (overrides, message) => {
      expect(make(overrides)).toThrow(message);
    });
    test('defaults are applied with ?? so valid values pass', () => {
      expect(make({})).not.toThrow();
    });
    test('a key that encrypts no trail needs no decrypting role', () => {
      expect(make({ trailArn: undefined, decryptRoleArns: undefined })).not.toThrow();
    });
  });

  describe('a key for part of the baseline grants only that part', () => {
    const sidsOf = (overrides: Partial<AuditKeyProps>) => {
      const stack = new TerraformStack(Testing.app(), 's');
      new AuditKey(stack, 'key', { ...props, ...overrides });
      const tf = JSON.parse(Testing.synth(stack));
      return (Object.values(tf.data.aws_iam_policy_document)[0] as { statement: { sid: string }[] }).statement.map((s) => s.sid);
    };
    const administration = ['DeployersAndBreakGlassAdministerKey', 'RootUserRecoversKeyPolicy', 'BreakGlassGrantsToAwsServices'];

    test("GIVEN only a trail (an organization's log archive key) THEN CloudTrail and the decrypting roles, nothing for logs or alarms", () => {
      expect(sidsOf({ logGroupArn: undefined, alarmTopicArn: undefined })).toEqual([
        ...administration,
        'CloudTrailEncryptsLogs',
        'CloudTrailDecryptsForBucketKey',
        'CloudTrailDescribesKey',
        'AuditorsDecryptThroughS3',
      ]);
    });

    test("GIVEN a log group and a topic and no trail (an organization's management key) THEN no CloudTrail and no decrypting role", () => {
      expect(sidsOf({ trailArn: undefined, decryptRoleArns: undefined })).toEqual([
        ...administration,
        'CloudWatchLogsEncryptsTrailLogGroup',
        'CloudWatchAlarmsPublishToEncryptedTopic',
      ]);
    });
  });
});
