/**
 * Who can do what to an organization's baseline, decided by the independent IAM evaluator over both
 * stacks' synthesized policies with the SCP and the RCP applied as AWS applies them (the SCP to IAM
 * principals of the accounts it is attached to, never to the management account or to AWS services; the
 * RCP to every request for a resource of the log-archive account), against the table in
 * organization-matrix.ts, for the example organization and a GovCloud one.
 */
import type { HumanPrincipal } from '../../config/environment-schema';
import { ORGANIZATION_ROWS } from '../../policies/access/organization-catalogue';
import { ALLOW_EVERYTHING, assumeRequest, roleSession } from '../support/environment-access';
import { decideAssume } from '../support/iam-evaluator';
import { guardrailsFor, MEMBER_ACCOUNT, type OrganizationAccess, organizationAccess, organizationCallers } from '../support/organization-access';
import { exampleOrganization, govCloudOrganization, synthOrganizations } from '../support/organization-stacks';
import type { Decision } from './access-matrix';
import {
  ORGANIZATION_ASSUME_CALLERS,
  ORGANIZATION_ASSUME_MATRIX,
  ORGANIZATION_CALLERS,
  ORGANIZATION_MATRIX,
  type OrganizationAssumeCaller,
  type OrganizationCallerName,
} from './organization-matrix';
import { decideOrganizationSteps, organizationSteps } from './organization-requests';

const whatOf = (id: string): string => ORGANIZATION_ROWS.find((q) => q.id === id)?.what ?? id;

const access = new Map<string, OrganizationAccess>(
  synthOrganizations([exampleOrganization(), govCloudOrganization()]).map((s) => [s.org.name, organizationAccess(s.org, s.logArchive, s.management)]),
);

describe.each([...access.keys()])('organization access matrix: %s', (name) => {
  const a = access.get(name) as OrganizationAccess;
  const callers = organizationCallers(a);

  test('the guardrails apply where AWS applies them: the SCP to the members and the log archive, the RCP to the log archive', () => {
    expect(a.scpTargets).toEqual(expect.arrayContaining([MEMBER_ACCOUNT, a.accounts.logArchive.id]));
    expect(a.scpTargets).not.toContain(a.accounts.management.id);
    expect(a.rcpTargets).toEqual([a.accounts.logArchive.id]);
  });

  test.each(ORGANIZATION_MATRIX.map((r) => [whatOf(r.id), r] as const))('%s', async (_what, row) => {
    const actual: Partial<Record<OrganizationCallerName, Decision>> = {};
    for (const who of ORGANIZATION_CALLERS) {
      const caller = callers[who];
      if (!caller || row.expected[who] === undefined) continue;
      actual[who] = await decideOrganizationSteps(a, organizationSteps(row.id, a, caller), caller);
    }
    expect(actual).toEqual(row.expected);
  });

  describe('without the guardrails, the same requests would be allowed: each deny above that names the SCP or RCP is theirs', () => {
    const withoutGuardrails = { ...a, scpTargets: [], rcpTargets: [] };
    test.each([
      ['delete-version-after-rewrite', 'member admin (*)'],
      ['delete-version-after-rewrite', 'log-archive admin (*)'],
      ['schedule-deletion-after-rewrite', 'deployer (log archive)'],
      ['stop-trail-as-delegated-administrator', 'member admin (*)'],
      ['read-shared-log-group', 'member admin (*)'],
      ['take-over-break-glass', 'log-archive admin (*)'],
      ['leave-organization', 'member admin (*)'],
      ['read-log-after-outside-grant', 'admin outside the organization (*)'],
    ] as const)('%s by %s', async (id, who) => {
      const caller = callers[who]!;
      expect(await decideOrganizationSteps(withoutGuardrails, organizationSteps(id, a, caller), caller)).toBe('allow');
      expect(await decideOrganizationSteps(a, organizationSteps(id, a, caller), caller)).toBe('deny');
    });
  });

  test.each(ORGANIZATION_ASSUME_MATRIX.map((r) => [r.role, r] as const))('who can assume %s', async (role, row) => {
    const [kind, where] = role.replace(')', '').split(' (') as [string, string];
    const account = where === 'log archive' ? a.accounts.logArchive : a.accounts.management;
    const roles = where === 'log archive' ? a.arns.roles.logArchive : a.arns.roles.management;
    const policies = where === 'log archive' ? a.policies.logArchive : a.policies.management;
    const group = { auditor: 'auditors', 'break-glass': 'breakGlass', 'log-admin': 'administrators' } as const;
    const principals: HumanPrincipal[] = a.org.principals[group[kind as keyof typeof group]];
    const scope = { account, env: a.org };
    const decideFor = async (request: ReturnType<typeof assumeRequest>, callerAccount?: string) => {
      const [primary, ...implied] = request.actions as [string, ...string[]];
      const caller = { ...request.caller, account: callerAccount };
      return decideAssume(
        {
          caller,
          action: primary,
          resource: roles[kind as keyof typeof roles] as string,
          resourceAccount: account.id,
          resourcePolicy: policies.trust[kind as keyof typeof policies.trust] as never,
          context: request.context,
          ...guardrailsFor(a, caller, account.id),
        },
        implied,
      );
    };
    const actual: Partial<Record<OrganizationAssumeCaller, Decision>> = {};
    expect(principals.length).toBeGreaterThan(0);
    const configured = await Promise.all(principals.map((p) => decideFor(assumeRequest(scope, p), p.arn.split(':')[4])));
    actual['configured principals'] = configured.every((d) => d === 'allow') ? 'allow' : 'deny';
    const mfa = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '120' };
    const tags = {
      [`aws:RequestTag/${a.org.accessContext.sessionTagKey}`]: 'CHG-1234',
      'aws:TagKeys': [a.org.accessContext.sessionTagKey],
      'sts:SourceIdentity': 'admin',
    };
    for (const [who, callerAccount] of [
      ['member admin (*)', MEMBER_ACCOUNT],
      ['log-archive admin (*)', a.accounts.logArchive.id],
      ['management admin (*)', a.accounts.management.id],
    ] as const) {
      const session = roleSession(account.partition, callerAccount, `arn:${account.partition}:iam::${callerAccount}:role/Administrator`, 'admin', mfa);
      actual[who] = await decideFor(
        { caller: { ...session, identityPolicies: [ALLOW_EVERYTHING] }, actions: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], context: tags },
        callerAccount,
      );
    }
    expect(ORGANIZATION_ASSUME_CALLERS.filter((c) => actual[c] === undefined)).toEqual([]);
    expect(actual).toEqual(row.expected);
  });
});
