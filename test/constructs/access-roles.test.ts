import { TerraformStack, Testing } from 'cdktf';
import { HumanRole } from '../../constructs/human-role';
import { conditionValues, resource, resourcesOf, type Statement, statement, statementsOf, synthEnvironment } from '../support/terraform-json';

// Log Insights queries (logs:StartQuery / StopQuery) read; every other Start/Stop changes something.
const WRITE_VERB =
  /^[a-z0-9-]+:(\*|Put|Delete|Create|Update|Attach|Detach|Set|Start(?!Query)|Stop(?!Query)|Disable|Enable|Schedule|Cancel|Tag|Untag|Add|Remove|Restore|Replicate|Bypass|Abort|Modify|Revoke|Encrypt|ReEncrypt|GenerateDataKey|Subscribe|Publish)/;

describe('AccessRoles', () => {
  const tf = synthEnvironment('prod');
  const role = (kind: string) => resource(tf, 'aws_iam_role', `access-roles_${kind}_role`);
  const permissions = (kind: string): Statement[] => statementsOf(tf, resource(tf, 'aws_iam_policy', `access-roles_${kind}_policy`).policy);

  test.each(['auditor', 'log-admin', 'break-glass'])('%s: MFA, source identity and a ticket tag to assume; one hour; boundary; tagged', (kind) => {
    const r = role(kind);
    expect(r).toMatchObject({
      name: `prod-${kind}`,
      max_session_duration: 3600,
      permissions_boundary: '${aws_iam_policy.access-roles_boundary.arn}',
      tags: { 'auditready:role': kind },
    });
    const [trust] = statementsOf(tf, r.assume_role_policy);
    expect(trust.actions).toEqual(['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession']);
    expect(conditionValues(trust, 'Bool', 'aws:MultiFactorAuthPresent')).toEqual(['true']);
    expect(conditionValues(trust, 'NumericLessThan', 'aws:MultiFactorAuthAge')).toEqual(['3600']);
    expect(conditionValues(trust, 'StringLike', 'sts:SourceIdentity')).toEqual(['?*']);
    expect(conditionValues(trust, 'StringLike', 'aws:RequestTag/ticket')).toEqual(['CHG-*', 'INC-*']);
    expect(resource(tf, 'aws_iam_role_policy_attachment', `access-roles_${kind}_attachment`)).toMatchObject({
      role: `\${aws_iam_role.access-roles_${kind}_role.name}`,
      policy_arn: `\${aws_iam_policy.access-roles_${kind}_policy.arn}`,
    });
  });

  test('trust follows the configured principals', () => {
    expect(statementsOf(tf, role('auditor').assume_role_policy)[0].principals).toEqual([
      { type: 'AWS', identifiers: ['arn:aws:iam::333333333333:role/SecurityAuditors', 'arn:aws:iam::999999999999:role/ExternalAuditor'] },
    ]);
  });

  test('the auditor only reads: no action that writes, deletes or uses keys beyond decrypting through S3', () => {
    const statements = permissions('auditor');
    for (const s of statements) {
      expect(s.effect).toBe('Allow');
      for (const action of s.actions) expect(action).not.toMatch(WRITE_VERB);
    }
    const decrypt = statement(statements, 'DecryptLogObjectsThroughS3');
    expect(decrypt.resources).toEqual(['${aws_kms_key.audit-key_key.arn}']);
    expect(conditionValues(decrypt, 'StringEquals', 'kms:ViaService')).toEqual(['s3.eu-central-1.amazonaws.com']);
  });

  test('the log-admin is explicitly denied stopping or deleting the trail, deleting logs, weakening Object Lock and deleting the key', () => {
    const deny = statement(permissions('log-admin'), 'DenyDestroyingOrWeakeningEvidence');
    expect(deny.effect).toBe('Deny');
    expect(deny.resources).toEqual(['*']);
    expect(deny.actions).toEqual(
      expect.arrayContaining([
        'cloudtrail:StopLogging',
        'cloudtrail:DeleteTrail',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:PutBucketObjectLockConfiguration',
        's3:PutObjectRetention',
        's3:BypassGovernanceRetention',
        'kms:ScheduleKeyDeletion',
      ]),
    );
    expect(statement(permissions('log-admin'), 'OperateTrailSettings').actions).not.toContain('cloudtrail:StopLogging');
  });

  test('no role and no boundary allows the "*" action, and scoped resources name the baseline', () => {
    const documents = [
      ...['auditor', 'log-admin', 'break-glass'].map(permissions),
      statementsOf(tf, resource(tf, 'aws_iam_policy', 'access-roles_boundary').policy),
    ];
    for (const s of documents.flat()) expect(s.actions).not.toContain('*');
    expect(statement(permissions('break-glass'), 'RepairTrail').resources).toEqual(['arn:aws:cloudtrail:eu-central-1:333333333333:trail/prod-audit-trail']);
  });

  test('the boundary denies IAM changes, role chaining and key deletion to every role', () => {
    const boundary = statementsOf(tf, resource(tf, 'aws_iam_policy', 'access-roles_boundary').policy);
    expect(statement(boundary, 'DenyBoundaryAndIdentityChanges')).toMatchObject({ effect: 'Deny', actions: ['iam:*', 'organizations:*', 'sts:AssumeRole'] });
    expect(statement(boundary, 'DenyKeyDeletion')).toMatchObject({ effect: 'Deny', actions: ['kms:ScheduleKeyDeletion'] });
  });

  test('GIVEN no administrators THEN no log-admin role exists', () => {
    const dev = synthEnvironment('dev', { principals: { auditors: ['arn:aws:iam::111111111111:role/A'], breakGlass: ['arn:aws:iam::111111111111:role/B'] } });
    expect(Object.keys(resourcesOf(dev, 'aws_iam_role')).sort()).toEqual(['access-roles_auditor_role', 'access-roles_break-glass_role', 'trail_delivery-role']);
  });

  describe('HumanRole refuses weaker settings', () => {
    const make = (overrides: object) => () =>
      new HumanRole(new TerraformStack(Testing.app(), 's'), 'role', {
        roleName: 'r',
        kind: 'auditor',
        description: 'd',
        trustedPrincipalArns: ['arn:aws:iam::1:root'],
        accessContext: { sessionTagKey: 'ticket', allowedValues: ['CHG-*'] },
        permissionsBoundaryArn: 'b',
        statements: [{ sid: 'S', actions: ['s3:GetObject'], resources: ['*'] }],
        ...overrides,
      });
    test.each([
      [{ maxSessionDurationSeconds: 7200 }, /maxSessionDurationSeconds must be 3600 \(one hour\) for human roles, got 7200/],
      [{ trustedPrincipalArns: [] }, /trustedPrincipalArns must name at least one principal/],
      [{ accessContext: { sessionTagKey: 'ticket', allowedValues: [] } }, /accessContext.allowedValues must have at least one pattern/],
    ])('%j', (overrides, message) => expect(make(overrides)).toThrow(message));
    test('valid values pass', () => expect(make({})).not.toThrow());
  });
});
