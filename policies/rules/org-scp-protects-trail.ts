import { OUTSIDER } from '../iam/conditions';
import { denied, type Query } from '../iam/evaluate';
import { type OrganizationPolicies, organizationPolicies } from '../organization-policies';
import { fail, organizationPoliciesProblem, pass, unknown, unresolvedTarget } from '../rule-helpers';
import type { Finding, RuleDefinition } from '../types';

/** Trail writes that stop it, delete it or change what it records. */
const TRAIL_CHANGES = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:PutInsightSelectors',
];
/** Reads of the trail's CloudWatch Logs copy. */
const LOG_GROUP_READS = ['logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:StartQuery', 'logs:StartLiveTail', 'logs:CreateExportTask'];

/** A principal of a member account that no exception names. */
const someone = (action: string, resource?: Query['resource']): Query => ({
  principal: { kind: 'identity' },
  action,
  ...(resource ? { resource } : {}),
  context: { keys: { 'aws:principalarn': OUTSIDER } },
});

export const rule: RuleDefinition = {
  id: 'org-scp-protects-trail',
  title: 'An attached SCP keeps member accounts from stopping or changing the organization trail, reading its log copy, or leaving',
  severity: 'critical',
  scope: 'organization-management',
  rationale:
    'Without a service control policy, an administrator of a member account (a CloudTrail delegated administrator, a log group shared with it) can stop or reconfigure the organization trail or read its CloudWatch Logs copy, and any member can leave the organization and its logging.',
  remediation: {
    text: 'Attach an SCP (aws_organizations_policy of type SERVICE_CONTROL_POLICY, with an aws_organizations_policy_attachment per OU or account) that denies cloudtrail:StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors and PutInsightSelectors on the trail, the log group reads, and organizations:LeaveOrganization, except to named deployer and break-glass roles (auditors for the reads).',
    cdktf: `new OrganizationGuardrails(this, 'guardrails', { trailArn, trailGuardianRoleArns, logGroupArn, logGroupReaderRoleArns, memberTargetIds, ... });`,
  },
  absentMeans:
    'No attached SCP means nothing stops member accounts: the rule fails. An SCP without an attachment restricts nothing and does not count. An exception is any aws:PrincipalArn the SCP names; every other principal must be denied.',
  evaluate: ({ topology }) => {
    const scps = organizationPolicies(topology, 'SERVICE_CONTROL_POLICY');
    const problem = organizationPoliciesProblem(scps, 'SCP', 'no SCP in the management account: member accounts are unrestricted');
    if (problem) return [problem];
    const leave = check(scps, someone('organizations:LeaveOrganization'), 'leaving the organization');
    const findings: Finding[] = [];
    for (const trail of topology.trails) {
      const arn = topology.resolver.materialize(`\${${trail.address}.arn}`);
      if (arn === undefined) {
        findings.push(unknown(trail, "the trail's ARN cannot be resolved; unknown values fail closed"));
        continue;
      }
      const problems = [
        ...TRAIL_CHANGES.map((a) => check(scps, someone(a, { kind: 'arn', arn }), a)),
        ...(() => {
          const group = topology.trailTarget(trail, 'logGroup');
          if (group.kind === 'unknown') return [unresolvedTarget(trail, 'cloud_watch_logs_group_arn', group)];
          if (group.kind !== 'resource') return [];
          const groupArn = topology.resolver.materialize(`\${${group.resource.address}.arn}`);
          if (groupArn === undefined) return [unknown(trail, "the log group's ARN cannot be resolved; unknown values fail closed")];
          return LOG_GROUP_READS.flatMap((a) =>
            [groupArn, `${groupArn}:*`].map((arn) => check(scps, someone(a, { kind: 'arn', arn }), `${a} on the log group`)),
          );
        })(),
        leave,
      ].filter((p): p is Finding => p !== undefined);
      const failed = problems.find((p) => p.outcome === 'fail');
      const open = problems.find((p) => p.outcome === 'unknown');
      if (failed) findings.push({ ...failed, resource: trail.address });
      else if (open) findings.push({ ...open, resource: trail.address });
      else
        findings.push(
          pass(
            trail,
            `attached SCPs (${scps.attached.map((p) => p.address).join(', ')}) deny member principals the trail's changes, its log copy and leaving the organization`,
          ),
        );
    }
    return findings;
  },
};

/** Undefined when the attached SCPs deny every request of the class; else the failing or unknown finding. */
function check(scps: OrganizationPolicies, q: Query, what: string): Finding | undefined {
  const answer = denied(scps.statements, q).result;
  if (answer === 'yes') return undefined;
  if (answer === 'maybe') return unknown(undefined, `whether the SCPs deny ${what} to every member principal cannot be resolved; unknown values fail closed`);
  return fail(undefined, `no attached SCP denies ${what} to every member principal outside the named exceptions`);
}
