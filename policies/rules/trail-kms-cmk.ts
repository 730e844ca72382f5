import { serviceDecision } from '../iam/service-request';
import { boolAttr, type TfResource } from '../model';
import { configProblem, fail, forEach, pass, unknown, unresolved, unresolvedTarget } from '../rule-helpers';
import type { Topology } from '../topology';
import type { Finding, RuleDefinition } from '../types';

/**
 * The requests CloudTrail sends for this trail ("Configure AWS KMS key policies for CloudTrail"): kms:DescribeKey,
 * and kms:GenerateDataKey with the encryption context aws:cloudtrail:arn naming the trail, both with aws:SourceArn
 * the trail and aws:SourceAccount the account, no other key. A key policy that refuses either stops delivery.
 */
function keyLetsTrailEncrypt(topology: Topology, t: TfResource, key: TfResource): Finding | undefined {
  const policy = topology.keyPolicy(key);
  const problem = configProblem(key, policy, 'key policies');
  if (problem) return { ...problem, resource: t.address };
  if (policy.kind !== 'document') return fail(t, `${key.address} has the default key policy, which does not let CloudTrail encrypt log files`);
  const r = topology.resolver;
  const trailArn = r.materialize(`\${${t.address}.arn}`);
  if (trailArn === undefined) return unknown(t, "the trail's ARN cannot be resolved; unknown values fail closed");
  const resource = r.materialize(`\${${key.address}.arn}`) ?? r.token(`${key.address}.arn`);
  const source = { 'aws:SourceArn': trailArn, 'aws:SourceAccount': r.account() };
  const ask = (action: string, context: Record<string, string>) =>
    serviceDecision(policy.statements, { principal: 'cloudtrail.amazonaws.com', action, resource, context: { ...source, ...context } }, r);
  const encrypt = ask('kms:GenerateDataKey', { 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn });
  const describe = ask('kms:DescribeKey', {});
  if (encrypt === 'no')
    return fail(
      t,
      `the policy of ${key.address} refuses cloudtrail.amazonaws.com kms:GenerateDataKey for this trail (aws:SourceArn and encryption context aws:cloudtrail:arn ${trailArn}, aws:SourceAccount ${r.account()}): no log file can be written`,
    );
  if (describe === 'no')
    return fail(t, `the policy of ${key.address} refuses cloudtrail.amazonaws.com kms:DescribeKey for this trail: the trail cannot use the key`);
  if (encrypt === 'maybe' || describe === 'maybe')
    return unknown(t, `whether CloudTrail may encrypt with ${key.address} cannot be resolved; unknown values fail closed`);
  return undefined;
}

export const rule: RuleDefinition = {
  id: 'trail-kms-cmk',
  title: 'CloudTrail logs are encrypted with an enabled customer-managed KMS key whose policy lets the trail encrypt',
  severity: 'high',
  rationale:
    'SSE-KMS with a customer-managed key adds a second permission (kms:Decrypt) between a reader and the logs, and every decrypt is itself logged; a disabled key stops delivery.',
  remediation: {
    text: 'Set kms_key_id to the ARN of the audit key (an enabled aws_kms_key in the same configuration, or one declared with --external).',
    cdktf: `new Cloudtrail(this, 'trail', { ..., kmsKeyId: auditKey.arn });`,
  },
  absentMeans:
    'kms_key_id absent means SSE-S3 encryption with an S3-owned key: the rule fails. An AWS-managed alias (alias/aws/...) is not customer-managed; is_enabled absent means enabled.',
  evaluate: ({ topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t) => {
      const key = topology.trailTarget(t, 'key');
      switch (key.kind) {
        case 'absent':
          return fail(t, 'kms_key_id is not set (absent means SSE-S3): log files are not encrypted with a customer-managed key');
        case 'unknown':
          return unresolvedTarget(t, 'kms_key_id', key);
        case 'aws-managed':
          return fail(t, `kms_key_id names the AWS-managed key ${key.name}: log files are not encrypted with a customer-managed key`);
        case 'external':
          return pass(t, `log files are encrypted with ${key.name}, declared external (checked where it is defined)`);
        case 'resource': {
          const enabled = boolAttr(key.resource.values.is_enabled, true);
          if (!enabled.known) return unresolved(key.resource, 'is_enabled', enabled);
          if (!enabled.value) return fail(t, `${key.resource.address} is disabled (is_enabled = false): CloudTrail cannot encrypt, and delivery stops`);
          return keyLetsTrailEncrypt(topology, t, key.resource) ?? pass(t, `log files are encrypted with ${key.resource.address}`);
        }
      }
    }),
};
