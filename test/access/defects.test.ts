/**
 * The access matrix would have failed on the policies issue 7 found defective: each case puts one
 * pre-fix policy shape back into the prod environment's synthesized policies and shows that the
 * evaluator's decision for that row then differs from the table. So the matrix is a test that can fail,
 * and each defect has one.
 */
import { loadEnvironments } from '../../config/load-environments';
import { synthesizeStacks } from '../../stacks/build-app';
import { assumeRequest, type EnvironmentAccess, environmentAccess, resourceCallers } from '../support/environment-access';
import type { PolicyJson } from '../support/iam-evaluator';
import { exampleEnvironment, type TerraformJson } from '../support/terraform-json';
import { ASSUME_MATRIX, RESOURCE_MATRIX, type ResourceCaller } from './access-matrix';
import { assumeDecision, decideAll, stepsOf, VARIANTS } from './requests';

const [prodEnv] = loadEnvironments([exampleEnvironment('prod')]);
const [stack] = synthesizeStacks([prodEnv!]);
const fixed = environmentAccess(prodEnv!, stack!.terraform as unknown as TerraformJson);

type Statement = Record<string, unknown>;
const edit = (policy: PolicyJson, change: (statements: Statement[]) => Statement[]): PolicyJson => ({ ...policy, Statement: change([...policy.Statement]) });
const without =
  (...sids: string[]) =>
  (statements: Statement[]) =>
    statements.filter((s) => !sids.includes(String(s.Sid)));
const sid = (statements: Statement[], name: string) => statements.find((s) => s.Sid === name) as Statement;

function withPolicies(patch: (p: EnvironmentAccess['policies']) => Partial<EnvironmentAccess['policies']>): EnvironmentAccess {
  return { ...fixed, policies: { ...fixed.policies, ...patch(fixed.policies) } };
}

/** The row's decision for one caller, and what the table expects. */
async function resourceRow(a: EnvironmentAccess, row: string, who: ResourceCaller) {
  const caller = resourceCallers(a)[who];
  if (!caller) throw new Error(`no ${who} in ${a.env.name}`);
  const expected = RESOURCE_MATRIX.find((r) => r.id === row)?.expected[who];
  return { decided: await decideAll(stepsOf(row, a, caller), caller), expected };
}

describe('the matrix catches each defect of issue 7', () => {
  test('1. no kms:Decrypt for CloudTrail with an S3 Bucket Key: the trail could not be created', async () => {
    const before = withPolicies((p) => ({ key: edit(p.key, without('CloudTrailDecryptsForBucketKey')) }));
    await expect(resourceRow(before, 'decrypt-for-bucket-key', 'CloudTrail (this trail)')).resolves.toEqual({ decided: 'deny', expected: 'allow' });
    await expect(resourceRow(fixed, 'decrypt-for-bucket-key', 'CloudTrail (this trail)')).resolves.toEqual({ decided: 'allow', expected: 'allow' });
  });

  test('2. settings changes denied to all but break-glass: the deployer locked out of its next deploy', async () => {
    const before = withPolicies((p) => ({
      auditBucket: edit(p.auditBucket, (statements) =>
        statements.map((s) =>
          s.Sid === 'DenySettingsChangesExceptDeployersAndBreakGlass'
            ? { ...s, Condition: { ArnNotEquals: { 'aws:PrincipalArn': [fixed.arns.roles['break-glass']] } } }
            : s,
        ),
      ),
    }));
    await expect(resourceRow(before, 'change-lifecycle', 'deployer')).resolves.toEqual({ decided: 'deny', expected: 'allow' });
  });

  test('3. MFA required of Identity Center sessions, which never carry it: the role unassumable', async () => {
    const before = withPolicies((p) => ({
      trust: {
        ...p.trust,
        auditor: edit(p.trust.auditor as PolicyJson, (statements) =>
          statements.map((s) =>
            s.Sid === 'IdentityCenterSessions' ? { ...s, Condition: { ...(s.Condition as object), Bool: { 'aws:MultiFactorAuthPresent': ['true'] } } } : s,
          ),
        ),
      },
    }));
    const sso = prodEnv!.principals.auditors.find((p) => p.type === 'sso-role')!;
    await expect(assumeDecision(before, 'auditor', assumeRequest(before, sso, VARIANTS['well-formed']))).resolves.toBe('deny');
    await expect(assumeDecision(fixed, 'auditor', assumeRequest(fixed, sso, VARIANTS['well-formed']))).resolves.toBe('allow');
  });

  test('3. any source identity accepted from an IAM user, and any tag key: a user could name someone else, or add a misleading tag', async () => {
    const [dev] = loadEnvironments([exampleEnvironment('dev')]);
    const devAccess = environmentAccess(dev!, synthesizeStacks([dev!])[0]!.terraform as unknown as TerraformJson);
    const user = dev!.principals.auditors.find((p) => p.type === 'iam-user')!;
    const loose = edit(devAccess.policies.trust.auditor as PolicyJson, (statements) =>
      statements.map((s) => {
        if (s.Sid !== 'IamUsersWithMfa') return s;
        const { 'ForAllValues:StringEquals': _keys, StringEquals: _name, ...rest } = s.Condition as Record<string, unknown>;
        return { ...s, Condition: { ...rest, StringLike: { ...(rest.StringLike as object), 'sts:SourceIdentity': ['?*'] } } };
      }),
    );
    const before = { ...devAccess, policies: { ...devAccess.policies, trust: { ...devAccess.policies.trust, auditor: loose } } };
    const expected = (id: string) => ASSUME_MATRIX.find((r) => r.id === id)?.expected['IAM user'];
    for (const id of ['other-source-identity', 'extra-tag']) {
      await expect(assumeDecision(before, 'auditor', assumeRequest(before, user, VARIANTS[id]))).resolves.toBe('allow');
      expect(expected(id)).toBe('deny');
    }
  });

  test('4. trail-settings writes granted to log-admin: it could switch management events off', async () => {
    const before = withPolicies((p) => ({
      permissions: {
        ...p.permissions,
        'log-admin': edit(p.permissions['log-admin'] as PolicyJson, (statements) => [
          ...without('DenyDestroyingEvidenceOrWeakeningLogging')(statements),
          { Sid: 'OperateTrailSettings', Effect: 'Allow', Action: ['cloudtrail:PutEventSelectors', 'cloudtrail:UpdateTrail'], Resource: [fixed.arns.trail] },
        ]),
      },
    }));
    await expect(resourceRow(before, 'put-event-selectors', 'log-admin')).resolves.toEqual({ decided: 'allow', expected: 'deny' });
  });

  test('5. kms:Create* delegated to the account: anyone with IAM kms:CreateGrant grants themselves Decrypt', async () => {
    const before = withPolicies((p) => ({
      key: edit(p.key, (statements) => [
        ...statements,
        {
          Sid: 'AccountAdministersKey',
          Effect: 'Allow',
          Principal: { AWS: [`arn:aws:iam::${fixed.account.id}:root`] },
          Action: [
            'kms:Create*',
            'kms:Describe*',
            'kms:Enable*',
            'kms:List*',
            'kms:Put*',
            'kms:Update*',
            'kms:Revoke*',
            'kms:Disable*',
            'kms:Get*',
            'kms:Delete*',
          ],
          Resource: '*',
        },
      ]),
    }));
    await expect(resourceRow(before, 'create-grant', 'account admin (*)')).resolves.toEqual({ decided: 'allow', expected: 'deny' });
    await expect(resourceRow(before, 'disable-key', 'account admin (*)')).resolves.toEqual({ decided: 'allow', expected: 'deny' });
  });

  test('6. no deny on writes: an administrator shadows a log file with a new current version', async () => {
    const before = withPolicies((p) => ({ auditBucket: edit(p.auditBucket, without('DenyWritesOutsideAdmittedPrefixes', 'DenyLogWritesExceptThisTrail')) }));
    await expect(resourceRow(before, 'write-log', 'account admin (*)')).resolves.toEqual({ decided: 'allow', expected: 'deny' });
  });

  test('9. logs:* for break-glass without the explicit deny: a second reader of the log group', async () => {
    const before = withPolicies((p) => ({
      permissions: { ...p.permissions, 'break-glass': edit(p.permissions['break-glass'] as PolicyJson, without('DenyReadingTheLogGroup')) },
    }));
    await expect(resourceRow(before, 'read-log-group', 'break-glass')).resolves.toEqual({ decided: 'allow', expected: 'deny' });
    expect(sid([...fixed.policies.permissions['break-glass']!.Statement], 'RepairLogGroup').Action).toEqual(['logs:*']);
  });
});
