import { TerraformStack, Testing } from 'cdktf';
import { OrganizationGuardrails, type OrganizationGuardrailsProps } from '../../constructs/organization-guardrails';
import { synthOrganization } from '../support/organization-stacks';
import { resource, statementsOf } from '../support/terraform-json';

const LOG_ARCHIVE = '666666666666';
const props: OrganizationGuardrailsProps = {
  namePrefix: 'org',
  organizationId: 'o-a1b2c3d4e5',
  trailArn: 'arn:aws:cloudtrail:eu-central-1:555555555555:trail/t',
  trailGuardianRoleArns: ['arn:aws:iam::555555555555:role/deployer'],
  logGroupArn: 'arn:aws:logs:eu-central-1:555555555555:log-group:/aws/cloudtrail/t',
  logGroupReaderRoleArns: ['arn:aws:iam::555555555555:role/org-auditor'],
  logArchive: {
    accountId: LOG_ARCHIVE,
    partition: 'aws',
    bucketArns: ['arn:aws:s3:::b'],
    deployerRoleArns: [`arn:aws:iam::${LOG_ARCHIVE}:role/deployer`],
    breakGlassRoleArn: `arn:aws:iam::${LOG_ARCHIVE}:role/org-break-glass`,
    otherRoleArns: [],
  },
  memberTargetIds: ['ou-ab12-abcdefgh'],
};

describe('OrganizationGuardrails', () => {
  const make = (overrides: Partial<OrganizationGuardrailsProps>) => () =>
    new OrganizationGuardrails(new TerraformStack(Testing.app(), 's'), 'guardrails', { ...props, ...overrides });

  test.each([
    [{ memberTargetIds: [] }, /memberTargetIds must name at least one root, OU or account/],
    [{ memberTargetIds: [LOG_ARCHIVE] }, /memberTargetIds includes the log-archive account 666666666666, which both policies are attached to anyway/],
  ])('%j', (overrides, message) => expect(make(overrides)).toThrow(message));

  test('valid values pass', () => expect(make({})).not.toThrow());

  test('every exception names a role by its exact ARN: no wildcard a member account could match with a role of its own', () => {
    const { management } = synthOrganization();
    for (const kind of ['scp', 'rcp']) {
      const statements = statementsOf(management, `\${data.aws_iam_policy_document.guardrails_${kind}_document.minified_json}`);
      for (const s of statements) {
        for (const c of s.condition ?? []) {
          if (c.variable !== 'aws:PrincipalArn') continue;
          expect([s.sid, c.test]).toEqual([s.sid, 'ArnNotEquals']);
          for (const v of c.values) expect(v).toMatch(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/);
        }
      }
    }
    expect(resource(management, 'aws_organizations_policy', 'guardrails_scp_policy').content).toBe(
      '${data.aws_iam_policy_document.guardrails_scp_document.minified_json}',
    );
  });
});
