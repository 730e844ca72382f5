import { resolve } from '../model';
import { fail, forEach, pass, unknown } from '../rule-helpers';
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
  evaluate: ({ model, topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) => {
      const group = resolve(model, t.values.cloud_watch_logs_group_arn, ['aws_cloudwatch_log_group']);
      if (group.kind === 'absent') return fail(t, 'cloud_watch_logs_group_arn is not set: events are not delivered to CloudWatch Logs');
      if (group.kind === 'unknown') return unknown(t, `cloud_watch_logs_group_arn cannot be resolved (${group.expression}); unknown values fail closed`);
      if (group.kind === 'resource' && group.resource.type !== 'aws_cloudwatch_log_group')
        return fail(t, `cloud_watch_logs_group_arn points to ${group.resource.address}, which is not a log group`);
      const endsWithStar = group.kind === 'resource' ? group.suffix === ':*' : group.value.endsWith(':*');
      if (!endsWithStar) return fail(t, 'cloud_watch_logs_group_arn does not end in ":*": CloudTrail rejects it');
      const role = resolve(model, t.values.cloud_watch_logs_role_arn, ['aws_iam_role']);
      if (role.kind === 'absent') return fail(t, 'cloud_watch_logs_role_arn is not set: CloudTrail cannot write to the log group');
      if (role.kind === 'unknown') return unknown(t, `cloud_watch_logs_role_arn cannot be resolved (${role.expression}); unknown values fail closed`);
      return pass(t, `events are delivered to ${group.kind === 'resource' ? group.resource.address : 'a log group outside this configuration'}`);
    }),
};
