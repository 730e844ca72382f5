import { allowed, denied } from '../iam/evaluate';
import { match } from '../iam/glob';
import { BUCKET_SETTINGS, deniesAll, EVIDENCE_DESTRUCTION, resourceOf } from '../log-bucket-access';
import { configProblem, fail, forEach, pass, unknown } from '../rule-helpers';
import type { Finding, RuleDefinition } from '../types';

/** What a deploy role must never do with the key: read the logs, let someone else read them, or make them unreadable. */
const KEY_USE_OR_DESTRUCTION = ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:CreateGrant', 'kms:DisableKey', 'kms:ScheduleKeyDeletion'];

/** A role or user ARN (not an account, not "*"). */
const NAMED = /^arn:[^:]+:iam::[^:]*:(role|user)\//;

export const rule: RuleDefinition = {
  id: 'iam-deployers-configure-only',
  title: "Deploy roles administer the audit key and the log buckets' settings, and cannot read or destroy the logs",
  severity: 'high',
  rationale:
    'The role that runs the deploy must be able to apply its next change (or the baseline can never be fixed), but must not be able to destroy what it deploys: a compromised pipeline is a common way in. The key policy names the deploy roles; the bucket policies must let them change settings and deny them deleting or re-locking log versions, and the key policy must not let them decrypt, grant, disable or schedule deletion.',
  remediation: {
    text: "Name the deploy roles in the key policy with the key administration actions listed one by one, exempt them (aws:PrincipalArn) from the bucket policies' settings deny, and keep them under the deny of evidence destruction; grant them no kms:Decrypt, kms:CreateGrant, kms:DisableKey or kms:ScheduleKeyDeletion.",
    cdktf: `{ sid: 'DeployersAndBreakGlassAdministerKey', principals: [{ type: 'AWS', identifiers: [...deployerRoleArns, breakGlassRoleArn] }], actions: ['kms:PutKeyPolicy', 'kms:EnableKeyRotation', 'kms:TagResource', /* ... no kms:Create*, kms:Decrypt, kms:DisableKey */], resources: ['*'] }`,
  },
  absentMeans:
    'The deploy roles are the roles and users the key policy lets put the key policy, other than the human roles of the configuration. None (a key policy that names no such role, or the default policy that delegates to the account) fails: nothing shows who deploys.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('trailKeys'), 'no trail key (no trail encrypts with a key in this configuration)', (key): Finding => {
      const policy = topology.keyPolicy(key);
      const problem = configProblem(key, policy, 'key policies');
      if (problem) return problem;
      if (policy.kind !== 'document') return fail(key, 'the key has the default key policy, which names no deploy role');
      const admins = allowed(policy.statements, { principal: { kind: 'aws' }, action: 'kms:PutKeyPolicy' });
      const ids = admins.statements.flatMap((s) => (s.principals ?? []).filter((p) => p.type === 'AWS').flatMap((p) => p.ids));
      if (ids.some((id) => id === undefined)) return unknown(key, 'a principal that administers the key cannot be resolved; unknown values fail closed');
      const humans = topology.humanRoles.map((h) => topology.principalArn(h));
      const deployers = [...new Set(ids as string[])].filter((id) => NAMED.test(id) && humans.every((h) => match(id, h) === 'no'));
      if (deployers.length === 0) return fail(key, 'no role other than the human roles administers the key by name: no deploy role can apply the next change');
      // A log bucket the checker cannot resolve may let the deploy roles destroy evidence.
      let maybe = admins.result === 'maybe' || topology.subjects('logBuckets').unresolved.length > 0;
      for (const d of deployers) {
        const principal = { kind: 'principal', arn: d } as const;
        for (const action of KEY_USE_OR_DESTRUCTION) {
          const can = allowed(policy.statements, { principal, action }).result;
          if (can === 'yes') return fail(key, `the deploy role ${d} may ${action} the key`);
          maybe ||= can === 'maybe';
        }
        for (const bucket of topology.logBuckets) {
          const bp = topology.bucketPolicy(bucket);
          if (bp.kind === 'absent') return fail(key, `${bucket.address} has no bucket policy: nothing denies the deploy role ${d} destroying evidence`);
          if (bp.kind !== 'document') {
            maybe = true;
            continue;
          }
          const arn = topology.bucketArn(bucket);
          for (const action of BUCKET_SETTINGS) {
            const refused = denied(bp.statements, { principal, action, resource: resourceOf(arn, action) }).result;
            if (refused === 'yes')
              return fail(key, `the bucket policy of ${bucket.address} denies ${action} to the deploy role ${d}: its next deploy is locked out`);
            maybe ||= refused === 'maybe';
          }
          const destroy = deniesAll(bp.statements, arn, EVIDENCE_DESTRUCTION, { principal });
          if (destroy.result === 'no') return fail(key, `the bucket policy of ${bucket.address} does not deny ${destroy.first} to the deploy role ${d}`);
          maybe ||= destroy.result === 'maybe';
        }
      }
      if (maybe) return unknown(key, 'what the deploy roles may do cannot be resolved; unknown values fail closed');
      return pass(key, `the deploy roles (${deployers.join(', ')}) administer the key and the log buckets' settings, and may not read or destroy the logs`);
    }),
};
