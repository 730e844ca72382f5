import { TerraformStack, Testing } from 'cdktf';
import { MAX_ORGANIZATION_POLICY_CHARACTERS, OrganizationPolicy, type OrganizationPolicyProps } from '../../constructs/organization-policy';
import { minifiedPolicyJson, type PolicyStatement } from '../../constructs/policy-document';
import type { TerraformJson } from '../support/terraform-json';

const deny = (sid: string, actions: string[], resources = ['*']): PolicyStatement => ({ sid, effect: 'Deny', actions, resources });
const scp: OrganizationPolicyProps = {
  name: 'test-scp',
  description: 'test',
  type: 'SERVICE_CONTROL_POLICY',
  statements: [deny('DenyLeaving', ['organizations:LeaveOrganization'])],
  targetIds: ['r-ab12', 'ou-ab12-abcdefgh', '111111111111'],
};
const everyone = [{ type: '*' as const, identifiers: ['*'] }];

function synth(props: OrganizationPolicyProps): TerraformJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new OrganizationPolicy(stack, 'policy', props);
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

describe('OrganizationPolicy', () => {
  test('GIVEN targets THEN one attachment per target, addressed by the target id, and the policy keeps prevent_destroy', () => {
    const tf = synth(scp);
    const policies = Object.values(tf.resource.aws_organizations_policy ?? {});
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({ type: 'SERVICE_CONTROL_POLICY', lifecycle: { prevent_destroy: true } });
    expect(policies[0]?.content).toMatch(/^\$\{data\.aws_iam_policy_document\.[\w-]+\.minified_json\}$/);
    const attachments = Object.entries(tf.resource.aws_organizations_policy_attachment ?? {});
    expect(attachments.map(([, a]) => a.target_id).sort()).toEqual([...scp.targetIds].sort());
    for (const [address, a] of attachments) expect(address).toContain(a.target_id);
  });

  test('GIVEN statements up to the size AWS Organizations accepts THEN it synthesizes; one character more THEN it fails naming both sizes', () => {
    const base = minifiedPolicyJson([deny('S', ['s3:GetObject'], ['arn:aws:s3:::b/'])]).length;
    const resource = (n: number) => `arn:aws:s3:::b/${'x'.repeat(n)}`;
    const atLimit = [deny('S', ['s3:GetObject'], [resource(MAX_ORGANIZATION_POLICY_CHARACTERS - base)])];
    expect(minifiedPolicyJson(atLimit).length).toBe(MAX_ORGANIZATION_POLICY_CHARACTERS);
    expect(() => synth({ ...scp, statements: atLimit })).not.toThrow();
    const over = [deny('S', ['s3:GetObject'], [resource(MAX_ORGANIZATION_POLICY_CHARACTERS - base + 1)])];
    expect(() => synth({ ...scp, statements: over })).toThrow(/the policy is 5121 characters; AWS Organizations accepts at most 5120/);
  });

  test('GIVEN an RCP statement about a service RCPs do not govern THEN it fails naming the actions and the services they cover', () => {
    expect(() =>
      synth({
        ...scp,
        type: 'RESOURCE_CONTROL_POLICY',
        statements: [
          {
            sid: 'DenyStop',
            effect: 'Deny',
            actions: ['s3:DeleteBucket', 'cloudtrail:StopLogging', 'logs:GetLogEvents'],
            resources: ['*'],
            principals: everyone,
          },
        ],
      }),
    ).toThrow(/statement DenyStop: RCPs do not govern cloudtrail:StopLogging, logs:GetLogEvents \(they cover kms, s3, secretsmanager, sqs, sts\)/);
  });

  test('GIVEN an RCP statement without principal "*" THEN it fails', () => {
    expect(() => synth({ ...scp, type: 'RESOURCE_CONTROL_POLICY', statements: [deny('D', ['s3:DeleteBucket'])] })).toThrow(
      /statement D: an RCP statement's principal must be "\*"/,
    );
  });

  test('GIVEN an SCP statement naming a principal THEN it fails', () => {
    expect(() => synth({ ...scp, statements: [{ ...deny('D', ['s3:DeleteBucket']), principals: everyone }] })).toThrow(
      /statement D: an SCP statement cannot name a principal/,
    );
  });

  test('GIVEN an Allow statement THEN it fails: these guardrails only deny', () => {
    expect(() => synth({ ...scp, statements: [{ sid: 'A', actions: ['s3:*'], resources: ['*'] }] })).toThrow(/statement A must be a Deny/);
  });

  test.each([
    ['an OU name', 'Workloads', /targetIds\[0\] "Workloads" is not a root \(r-...\), OU \(ou-...-...\) or 12-digit account id/],
    ['an organization id', 'o-a1b2c3d4e5', /targetIds\[0\] "o-a1b2c3d4e5" is not a root/],
  ])('GIVEN a target that is %s THEN it fails naming it', (_label, target, message) => {
    expect(() => synth({ ...scp, targetIds: [target] })).toThrow(message);
  });

  test('GIVEN a target listed twice or none THEN it fails', () => {
    expect(() => synth({ ...scp, targetIds: ['111111111111', '111111111111'] })).toThrow(/targetIds\[1\] "111111111111" is listed twice/);
    expect(() => synth({ ...scp, targetIds: [] })).toThrow(/targetIds must name at least one root, OU or account/);
  });
});
