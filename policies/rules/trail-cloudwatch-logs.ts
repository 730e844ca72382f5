import { fail, forEach, pass, unresolvedTarget } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'trail-cloudwatch-logs',
  title: 'CloudTrail trails deliver to a CloudWatch Logs group',
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
      return pass(t, `events are delivered to ${group.kind === 'resource' ? group.resource.address : `${group.name}, declared external`}`);
    }),
};
