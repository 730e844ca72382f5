import { hasToken } from '../iam/glob';
import { boolAttr, strList } from '../model';
import { fail, forEach, noPublicAccess, unknown, unresolved } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'kms-key-policy-no-public-principal',
  title: 'KMS keys grant nothing to the public or to other accounts (key policy, grants, replicas)',
  severity: 'critical',
  rationale:
    'A key policy Allow for "*" lets any AWS account use the key that protects the audit logs, unless a condition binds it to an account, organization or source with a literal value.',
  remediation: {
    text: 'Name principals (the account root, service principals with aws:SourceArn or encryption-context conditions) instead of "*"; keep exactly one key policy (the key policy argument or one aws_kms_key_policy).',
    cdktf: `principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }], condition: [{ test: 'StringLike', variable: 'kms:EncryptionContext:aws:cloudtrail:arn', values: [\`arn:\${partition}:cloudtrail:*:\${account}:trail/*\`] }]`,
  },
  absentMeans: 'policy absent (and no aws_kms_key_policy) means the default key policy, which trusts only the owning account: the rule passes.',
  evaluate: ({ model, topology }) =>
    forEach(model.ofType('aws_kms_key'), 'no aws_kms_key in this configuration', (k) => {
      const policy = topology.keyPolicy(k);
      const r = topology.resolver;
      const open = noPublicAccess(k, policy, 'key policies', 'default key policy (owning account only)', r.account());
      if (open.outcome !== 'pass') return open;
      // A replica has its own key policy, written elsewhere or in a resource these rules do not read.
      const multiRegion = boolAttr(k.values.multi_region, false);
      if (!multiRegion.known) return unresolved(k, 'multi_region', multiRegion);
      if (multiRegion.value) return fail(k, 'multi_region is true: replicas of the key (same key material) carry key policies these rules do not check');
      const replicas = r.referrers(k, 'aws_kms_replica_key', 'primary_key_arn');
      if (replicas.resources.length > 0) return fail(k, `${replicas.resources[0]?.address} replicates the key under a key policy these rules do not check`);
      // Grants give key use beside the key policy.
      const grants = r.referrers(k, 'aws_kms_grant', 'key_id');
      if (grants.uncertain) return unknown(k, `an aws_kms_grant may name the key: ${grants.uncertain.reason}; unknown values fail closed`);
      for (const g of grants.resources) {
        const grantee = typeof g.values.grantee_principal === 'string' ? r.materialize(g.values.grantee_principal) : undefined;
        const account = grantee === undefined ? undefined : /^arn:[^:]+:iam::(\d{12}):/.exec(grantee)?.[1];
        if (account === undefined || hasToken(r.account()))
          return unknown(k, `the grantee of ${g.address} cannot be resolved to an account; unknown values fail closed`);
        if (account !== r.account())
          return fail(k, `${g.address} grants ${(strList(g.values.operations) ?? []).join(', ')} on the key to ${grantee}, of another account`);
      }
      return open;
    }),
};
