import { anyOf, type Tri } from '../iam/tri';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import { LOG_GROUP_READS } from '../topology';
import type { RuleDefinition } from '../types';

const PRINCIPAL_TYPES = ['aws_iam_role', 'aws_iam_user', 'aws_iam_group'];

export const rule: RuleDefinition = {
  id: 'log-group-read-auditors-only',
  title: "Among the configuration's roles and users, only the auditor roles can read the trail's log group",
  severity: 'high',
  rationale:
    "The CloudWatch Logs copy of the trail holds every event. KMS does not limit who reads it: CloudWatch Logs decrypts for any caller its IAM policies allow to read, query, export or subscribe to the group. So the IAM policies of the configuration's other roles (log-admin, break-glass, the delivery role) must not allow it; an organization SCP is the preventive control for principals outside the configuration.",
  remediation: {
    text: "Grant the log group's read actions (GetLogEvents, FilterLogEvents, StartQuery, GetLogRecord, StartLiveTail, CreateExportTask, PutSubscriptionFilter) only to the auditor role; give roles that need logs:* on the group an explicit Deny of them.",
    cdktf: `{ sid: 'DenyReadingTheLogGroup', effect: 'Deny', actions: ['logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery', 'logs:GetLogRecord', 'logs:StartLiveTail', 'logs:CreateExportTask', 'logs:PutSubscriptionFilter'], resources: [logGroup.arn, \`\${logGroup.arn}:*\`] }`,
  },
  absentMeans:
    'A role, user or group whose policies cannot be read may read the group: unknown. The auditor roles are those tagged auditready:role = auditor and every other human role that can read the logs, unless it is a break-glass role (which the audit bucket policy names).',
  evaluate: ({ model, topology }) =>
    forEach(topology.subjects('trailLogGroups'), 'no trail delivers to a CloudWatch log group in this configuration', (g) => {
      const arn = topology.logGroupArn(g);
      let maybe: string | undefined;
      for (const p of PRINCIPAL_TYPES.flatMap((t) => model.ofType(t))) {
        if (topology.auditorRoles.includes(p)) continue;
        const reads: Tri = anyOf(
          LOG_GROUP_READS.flatMap((action) => [
            topology.identityAllows(p, { action, resource: { kind: 'arn', arn } }),
            topology.identityAllows(p, { action, resource: { kind: 'prefix', prefix: `${arn}:` } }),
          ]),
        );
        if (reads === 'yes') return fail(g, `${p.address} can read the log group; only the auditor roles should`);
        if (reads === 'maybe') maybe ??= p.address;
      }
      if (maybe) return unknown(g, `whether ${maybe} can read the log group cannot be resolved; unknown values fail closed`);
      return pass(g, 'no role, user or group but the auditor roles can read the log group');
    }),
};
