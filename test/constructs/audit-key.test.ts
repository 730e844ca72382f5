import { TerraformStack, Testing } from 'cdktf';
import { AuditKey, type AuditKeyProps } from '../../constructs/audit-key';
import { conditionValues, resource, statement, statementsOf, synthEnvironment } from '../support/terraform-json';

const account = { accountId: '333333333333', region: 'eu-central-1', partition: 'aws' };
const props: AuditKeyProps = {
  account,
  aliasName: 'alias/test-audit-logs',
  trailArn: 'arn:aws:cloudtrail:eu-central-1:333333333333:trail/t',
  logGroupArn: 'arn:aws:logs:eu-central-1:333333333333:log-group:/aws/cloudtrail/t',
  alarmTopicArn: 'arn:aws:sns:eu-central-1:333333333333:alarms',
  decryptRoleArns: ['arn:aws:iam::333333333333:role/auditor'],
};

describe('AuditKey', () => {
  const tf = synthEnvironment('prod');
  const key = resource(tf, 'aws_kms_key', 'audit-key_key');
  const statements = statementsOf(tf, key.policy);

  test('rotates yearly, keeps a 30-day deletion window and cannot be destroyed by terraform', () => {
    expect(key).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(resource(tf, 'aws_kms_alias', 'audit-key_alias').name).toBe('alias/prod-audit-logs');
  });

  test('the key policy waits for the auditor role it names', () => {
    expect(key.depends_on).toEqual(['aws_iam_role.access-roles_auditor_role']);
  });

  test('the account administers the key but cannot use it, so IAM policies cannot grant decryption', () => {
    const admin = statement(statements, 'AccountAdministersKey');
    expect(admin.principals).toEqual([{ type: 'AWS', identifiers: ['arn:aws:iam::333333333333:root'] }]);
    for (const use of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:*']) {
      expect(admin.actions.some((a) => new RegExp(`^${a.replace('*', '.*')}$`).test(use))).toBe(false);
    }
  });

  test('only auditor roles decrypt, and only through S3 in this region', () => {
    const decrypting = statements.filter((s) => s.effect === 'Allow' && s.actions.some((a) => a === 'kms:Decrypt' || a === 'kms:Decrypt*'));
    expect(decrypting.map((s) => s.sid).sort()).toEqual([
      'AuditorsDecryptThroughS3',
      'CloudWatchAlarmsPublishToEncryptedTopic',
      'CloudWatchLogsEncryptsTrailLogGroup',
    ]);
    const auditors = statement(statements, 'AuditorsDecryptThroughS3');
    expect(auditors.principals).toEqual([{ type: 'AWS', identifiers: ['arn:aws:iam::333333333333:role/prod-auditor'] }]);
    expect(conditionValues(auditors, 'StringEquals', 'kms:ViaService')).toEqual(['s3.eu-central-1.amazonaws.com']);
  });

  test('CloudTrail may encrypt only for trails of this account and only as this trail', () => {
    const ct = statement(statements, 'CloudTrailEncryptsLogs');
    expect(ct.actions).toEqual(['kms:GenerateDataKey*']);
    expect(conditionValues(ct, 'StringLike', 'kms:EncryptionContext:aws:cloudtrail:arn')).toEqual(['arn:aws:cloudtrail:*:333333333333:trail/*']);
    expect(conditionValues(ct, 'StringEquals', 'aws:SourceArn')).toEqual(['arn:aws:cloudtrail:eu-central-1:333333333333:trail/prod-audit-trail']);
  });

  test('CloudWatch Logs and alarms may use the key only for their own log group and topic', () => {
    const logs = statement(statements, 'CloudWatchLogsEncryptsTrailLogGroup');
    expect(logs.principals).toEqual([{ type: 'Service', identifiers: ['logs.eu-central-1.amazonaws.com'] }]);
    expect(conditionValues(logs, 'ArnEquals', 'kms:EncryptionContext:aws:logs:arn')).toEqual([
      'arn:aws:logs:eu-central-1:333333333333:log-group:/aws/cloudtrail/prod-audit-trail',
    ]);
    const alarms = statement(statements, 'CloudWatchAlarmsPublishToEncryptedTopic');
    expect(conditionValues(alarms, 'StringEquals', 'kms:EncryptionContext:aws:sns:topicArn')).toEqual([
      'arn:aws:sns:eu-central-1:333333333333:prod-security-alarms',
    ]);
  });

  test('no statement allows a wildcard principal', () => {
    for (const s of statements) expect(s.principals?.flatMap((p) => p.identifiers)).not.toContain('*');
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
    ])('%j', (overrides, message) => {
      expect(make(overrides)).toThrow(message);
    });
    test('defaults are applied with ?? so valid values pass', () => {
      expect(make({})).not.toThrow();
    });
  });
});
