import { hasToken } from '../iam/glob';
import { decideRequest } from '../iam/request';
import { serviceDecision } from '../iam/service-request';
import type { TfResource } from '../model';
import { fail, forEach, pass, unknown, unresolvedTarget } from '../rule-helpers';
import type { Topology } from '../topology';
import type { Finding, RuleDefinition } from '../types';

/**
 * Whether CloudTrail can deliver through the role ("Sending events to CloudWatch Logs" in the CloudTrail
 * guide): the role's trust lets cloudtrail.amazonaws.com assume it for this trail, and its policies let the
 * session create its log stream and put events in the group. Each is asked as the one request AWS decides.
 */
function deliveryRoleProblem(topology: Topology, t: TfResource, role: TfResource, group: TfResource): Finding | undefined {
  const r = topology.resolver;
  const trailArn = r.materialize(`\${${t.address}.arn}`);
  const roleArn = topology.principalArn(role);
  const groupArn = r.materialize(`\${${group.address}.arn}`);
  if (trailArn === undefined || groupArn === undefined) return unknown(t, "the trail's or log group's ARN cannot be resolved; unknown values fail closed");
  const trust = topology.policyIn(role, 'assume_role_policy');
  if (trust.kind === 'unknown') return unknown(t, `the trust policy of ${role.address} cannot be resolved: ${trust.reason}`);
  if (trust.kind !== 'document') return fail(t, `${role.address} has no trust policy: CloudTrail cannot assume it`);
  const assume = serviceDecision(
    trust.statements,
    {
      principal: 'cloudtrail.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: roleArn,
      context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': r.account() },
    },
    r,
  );
  if (assume === 'no')
    return fail(t, `the trust policy of ${role.address} does not let cloudtrail.amazonaws.com assume it for this trail: no event reaches the log group`);
  // An account the file does not pin leaves the stream's ARN open: the role's policies are not asked.
  if (hasToken(r.account()))
    return assume === 'maybe' ? unknown(t, `whether CloudTrail may assume ${role.address} cannot be resolved; unknown values fail closed`) : undefined;
  const perms = topology.permissions(role);
  if (perms.kind === 'unknown') return unknown(t, `the policies of ${role.address} cannot be resolved: ${perms.reason}`);
  const account = r.account();
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const stream = `${groupArn}:log-stream:${account}_CloudTrail_${r.region()}`;
  const writes = ['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) =>
    decideRequest({
      caller: {
        kind: 'role-session',
        roleArn,
        sessionArn: `arn:${r.partition()}:sts::${account}:assumed-role/${name}/CloudTrail`,
        account,
        identity: perms.identity.flatMap((p) => p.statements),
        ...(perms.boundary ? { boundary: perms.boundary } : {}),
      },
      action,
      resource: stream,
      resourceAccount: account,
      tokenName: (x) => r.tokenName(x),
      context: { 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': account, 'aws:PrincipalType': 'AssumedRole', 'aws:SecureTransport': 'true' },
    }),
  );
  if (writes.includes('no'))
    return fail(t, `the policies of ${role.address} do not allow logs:CreateLogStream and logs:PutLogEvents on ${stream}: no event reaches the log group`);
  if (assume === 'maybe' || writes.includes('maybe'))
    return unknown(t, `whether CloudTrail can deliver through ${role.address} cannot be resolved; unknown values fail closed`);
  return undefined;
}

export const rule: RuleDefinition = {
  id: 'trail-cloudwatch-logs',
  title: 'CloudTrail trails deliver to a Standard-class CloudWatch Logs group through a role that lets them',
  severity: 'high',
  rationale: 'Delivery to CloudWatch Logs is what the CIS metric filters and alarms run on; without it, nobody is alerted in time.',
  remediation: {
    text: 'Set cloud_watch_logs_group_arn to "<log group arn>:*" and cloud_watch_logs_role_arn to a role CloudTrail can assume with logs:CreateLogStream and logs:PutLogEvents.',
    cdktf: `new Cloudtrail(this, 'trail', { ..., cloudWatchLogsGroupArn: \`\${logGroup.arn}:*\`, cloudWatchLogsRoleArn: deliveryRole.arn });`,
  },
  absentMeans: 'cloud_watch_logs_group_arn absent means no CloudWatch Logs delivery: the rule fails.',
  evaluate: ({ topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) => {
      const group = topology.trailTarget(t, 'logGroup');
      if (group.kind === 'absent') return fail(t, 'cloud_watch_logs_group_arn is not set: events are not delivered to CloudWatch Logs');
      if (group.kind === 'unknown') return unresolvedTarget(t, 'cloud_watch_logs_group_arn', group);
      if (group.kind === 'aws-managed') return fail(t, `cloud_watch_logs_group_arn names ${group.name}, which is not a log group`);
      // A plan of HCL records only the reference, not the text around it; CloudTrail itself refuses an ARN without ":*".
      if (group.kind === 'resource' && group.suffix !== undefined && group.suffix !== ':*')
        return fail(t, 'cloud_watch_logs_group_arn does not end in ":*": CloudTrail rejects it');
      if (group.kind === 'external' && !group.name.endsWith(':*')) return fail(t, 'cloud_watch_logs_group_arn does not end in ":*": CloudTrail rejects it');
      const role = topology.trailTarget(t, 'logRole');
      if (role.kind === 'absent') return fail(t, 'cloud_watch_logs_role_arn is not set: CloudTrail cannot write to the log group');
      if (role.kind === 'unknown') return unresolvedTarget(t, 'cloud_watch_logs_role_arn', role);
      if (group.kind === 'resource') {
        // Metric filters, which every CIS alarm needs, are a feature of the Standard log class ("Log classes"
        // in the CloudWatch Logs user guide): Infrequent Access and Delivery groups support a subset.
        const cls = group.resource.values.log_group_class;
        if (cls !== undefined && cls !== null && cls !== 'STANDARD')
          return typeof cls === 'string' && !cls.includes('${')
            ? fail(t, `${group.resource.address} has log_group_class ${cls}: metric filters, and so the CIS alarms, need the STANDARD class`)
            : unknown(t, `log_group_class of ${group.resource.address} cannot be resolved; unknown values fail closed`);
      }
      if (role.kind === 'resource' && group.kind === 'resource') {
        const problem = deliveryRoleProblem(topology, t, role.resource, group.resource);
        if (problem) return problem;
      }
      return pass(t, `events are delivered to ${group.kind === 'resource' ? group.resource.address : `${group.name}, declared external`}`);
    }),
};
