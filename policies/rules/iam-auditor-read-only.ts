import { ROLE_TAG } from '../../standard/tags';
import { allowed } from '../iam/evaluate';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

/**
 * Action verbs that only read. `kms:Decrypt` and Logs Insights queries read logs without changing anything;
 * `s3:RestoreObject` makes a temporary readable copy of an archived object and leaves the object as it was.
 */
const READ_VERBS = /^[a-z0-9-]+:(get|list|describe|lookup|view|search|filter|batchget|head|select)[a-z0-9*]*$/i;
const READ_ACTIONS = new Set(['kms:decrypt', 'logs:startquery', 'logs:stopquery', 'logs:testmetricfilter', 's3:restoreobject']);

function isReadOnlyAction(action: string): boolean {
  return READ_VERBS.test(action) || READ_ACTIONS.has(action.toLowerCase());
}

export const rule: RuleDefinition = {
  id: 'iam-auditor-read-only',
  title: 'The auditor role can only read',
  severity: 'high',
  rationale:
    'Auditors must be able to read the evidence but never change it or the controls around it (separation of duties). A role that can read the logs is held to this unless it is tagged as the log-admin or break-glass role, so removing the auditor tag does not lift the rule.',
  remediation: {
    text: `Grant the auditor role (tag ${ROLE_TAG} = auditor) only Get/List/Describe actions and kms:Decrypt, or a read-only AWS-managed policy.`,
    cdktf: `statement: [{ effect: 'Allow', actions: ['s3:GetObject', 's3:ListBucket', 'cloudtrail:LookupEvents', 'kms:Decrypt'], resources: [...] }]`,
  },
  absentMeans: `A role with no permission policies can do nothing: the rule passes. The auditor roles are those tagged ${ROLE_TAG} = auditor and every other human role that can read the logs, unless tagged log-admin or break-glass.`,
  evaluate: ({ topology }) =>
    forEach(topology.auditorRoles, `no auditor role (tagged ${ROLE_TAG} = auditor, or a human role that reads the logs) in this configuration`, (role) => {
      const perms = topology.permissions(role);
      if (perms.kind === 'unknown') return unknown(role, `permissions cannot be resolved: ${perms.reason}; unknown values fail closed`);
      // An action the boundary does not allow is not effective.
      const effective = (action: string) => (perms.boundary ? allowed(perms.boundary, { principal: { kind: 'identity' }, action }).result : ('yes' as const));
      for (const p of perms.identity) {
        if (p.readOnly) continue;
        for (const s of p.statements) {
          if (s.effect !== 'Allow') continue;
          if (s.notActions.length > 0 && effective('*') !== 'no') return fail(role, `${p.source} allows everything except a NotAction list`);
          for (const [i, a] of s.actions.entries()) {
            if (a === undefined) return unknown(role, `an action of ${p.source} cannot be resolved; unknown values fail closed`);
            if (isReadOnlyAction(a) || effective(a) === 'no') continue;
            return fail(role, `${p.source} allows ${s.written.actions[i] ?? a}, which is not read-only`);
          }
        }
      }
      return pass(role, 'every allowed action is read-only');
    }),
};
