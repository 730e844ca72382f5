import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

/**
 * Action verbs that only read. `kms:Decrypt` and Logs Insights queries read logs without changing anything;
 * `s3:RestoreObject` makes a temporary readable copy of an archived object and leaves the object as it was.
 */
const READ_VERBS = /^[a-z0-9-]+:(Get|List|Describe|Lookup|View|Search|Filter|BatchGet|Head|Select)[A-Za-z0-9*]*$/;
const READ_ACTIONS = new Set(['kms:decrypt', 'logs:startquery', 'logs:stopquery', 'logs:testmetricfilter', 's3:restoreobject']);
/** AWS-managed policies that only read. */
const READ_ONLY_MANAGED =
  /^arn:[^:]+:iam::aws:policy\/(ReadOnlyAccess|SecurityAudit|AWSCloudTrail_ReadOnlyAccess|CloudWatchLogsReadOnlyAccess|AmazonS3ReadOnlyAccess|job-function\/ViewOnlyAccess)$/;

function isReadOnlyAction(action: string): boolean {
  return READ_VERBS.test(action) || READ_ACTIONS.has(action.toLowerCase());
}

export const rule: RuleDefinition = {
  id: 'iam-auditor-read-only',
  title: 'The auditor role can only read',
  severity: 'high',
  rationale: 'Auditors must be able to read the evidence but never change it or the controls around it (separation of duties).',
  remediation: {
    text: 'Grant the auditor role (tag auditready:role = auditor) only Get/List/Describe actions and kms:Decrypt, or a read-only AWS-managed policy.',
    cdktf: `statement: [{ effect: 'Allow', actions: ['s3:GetObject', 's3:ListBucket', 'cloudtrail:LookupEvents', 'kms:Decrypt'], resources: [...] }]`,
  },
  absentMeans: 'A role with no permission policies can do nothing: the rule passes. Roles are found by the tag auditready:role = auditor.',
  evaluate: ({ topology }) =>
    forEach(topology.auditorRoles, 'no role tagged auditready:role = auditor in this configuration', (role) => {
      for (const arn of topology.managedPolicyArns(role)) {
        if (!READ_ONLY_MANAGED.test(arn)) return fail(role, `managed policy ${arn} is not known to be read-only`);
      }
      for (const p of topology.rolePolicies(role)) {
        if (p.read.kind === 'unknown')
          return unknown(role, `policy of ${p.source.address} cannot be resolved (${p.read.expression}); unknown values fail closed`);
        if (p.read.kind !== 'document') continue;
        for (const s of p.read.statements) {
          if (s.effect !== 'Allow') continue;
          if (s.notActions.length > 0) return fail(role, `${p.source.address} allows everything except a NotAction list`);
          const write = s.actions.find((a) => !isReadOnlyAction(a));
          if (write) return fail(role, `${p.source.address} allows ${write}, which is not read-only`);
        }
      }
      return pass(role, 'every allowed action is read-only');
    }),
};
