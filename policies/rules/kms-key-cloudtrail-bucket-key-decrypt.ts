import { OUTSIDER } from '../iam/conditions';
import { allowed, sidOf } from '../iam/evaluate';
import { serviceDecision } from '../iam/service-request';
import { block, blocks, boolAttr } from '../model';
import { configProblem, fail, forEach, notApplicable, pass, unknown, unresolved, unresolvedTarget } from '../rule-helpers';
import type { Finding, RuleDefinition } from '../types';

const CLOUDTRAIL = { kind: 'service', service: 'cloudtrail' } as const;

export const rule: RuleDefinition = {
  id: 'kms-key-cloudtrail-bucket-key-decrypt',
  title: 'CloudTrail may decrypt with the trail key, bound to its trail, when the audit bucket uses an S3 Bucket Key',
  severity: 'high',
  rationale:
    'The CloudTrail guide ("Configure AWS KMS key policies for CloudTrail"): with an S3 Bucket Key on the bucket, CloudTrail needs kms:Decrypt on the key to create or update a trail with SSE-KMS; without it the trail is never created, or a later update fails and the baseline cannot change. The grant must be bound to this trail (aws:SourceArn), so no other trail can use the key, and must not require an encryption context, which that request does not carry.',
  remediation: {
    text: 'Add a key policy statement allowing cloudtrail.amazonaws.com kms:Decrypt with aws:SourceArn equal to the trail ARN and no kms:EncryptionContext condition.',
    cdktf: `{ sid: 'CloudTrailDecryptsForBucketKey', principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }], actions: ['kms:Decrypt'], resources: ['*'], conditions: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] }] }`,
  },
  absentMeans:
    'bucket_key_enabled absent means false: the rule does not apply. The default key policy (no policy) delegates to the account and grants CloudTrail nothing: the rule fails.',
  evaluate: ({ topology }) =>
    forEach(topology.trails, 'no aws_cloudtrail in this environment', (t): Finding => {
      const key = topology.trailTarget(t, 'key');
      if (key.kind === 'unknown') return unresolvedTarget(t, 'kms_key_id', key);
      if (key.kind !== 'resource') return notApplicable('the trail is not encrypted with a customer-managed key in this configuration', t);
      const bucket = topology.trailTarget(t, 'bucket');
      if (bucket.kind === 'unknown') return unresolvedTarget(t, 's3_bucket_name', bucket);
      if (bucket.kind !== 'resource') return notApplicable('the trail delivers to no bucket in this configuration', t);
      const b = bucket.resource;
      const config = topology.bucketConfig(b, 'encryption');
      const problem = configProblem(b, config, 'encryption configurations');
      if (problem) return problem;
      const sse = config.kind !== 'one' ? undefined : config.source === b ? block(b.values.server_side_encryption_configuration) : config.values;
      let bucketKey = false;
      for (const r of blocks(sse?.rule)) {
        const enabled = boolAttr(r.bucket_key_enabled, false);
        if (!enabled.known) return unresolved(b, 'bucket_key_enabled', enabled);
        const algorithm = block(r.apply_server_side_encryption_by_default)?.sse_algorithm;
        bucketKey ||= enabled.value && (algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse');
      }
      if (!bucketKey) return notApplicable(`${b.address} uses no S3 Bucket Key with SSE-KMS`, t);
      const policy = topology.keyPolicy(key.resource);
      const keyProblem = configProblem(key.resource, policy, 'key policies');
      if (keyProblem) return { ...keyProblem, resource: t.address };
      if (policy.kind !== 'document') return fail(t, `${key.resource.address} has the default key policy, which does not let CloudTrail decrypt`);
      const r = topology.resolver;
      const trailArn = r.materialize(`\${${t.address}.arn}`);
      if (trailArn === undefined) return unknown(t, "the trail's ARN cannot be resolved; unknown values fail closed");
      // The request CloudTrail makes when the trail is created or updated: for this trail and account, without
      // an encryption context or any other key.
      const own = serviceDecision(
        policy.statements,
        {
          principal: 'cloudtrail.amazonaws.com',
          action: 'kms:Decrypt',
          resource: r.materialize(`\${${key.resource.address}.arn}`) ?? r.token(`${key.resource.address}.arn`),
          context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': r.account() },
        },
        r,
      );
      if (own === 'no')
        return fail(
          t,
          `the policy of ${key.resource.address} does not let cloudtrail.amazonaws.com kms:Decrypt for this trail without an encryption context: with the S3 Bucket Key of ${b.address}, creating or updating the trail fails`,
        );
      const other = allowed(policy.statements, { principal: CLOUDTRAIL, action: 'kms:Decrypt', context: { keys: { 'aws:sourcearn': OUTSIDER } } });
      if (other.result === 'yes')
        return fail(t, `statement ${sidOf(other.statements[0])} lets cloudtrail.amazonaws.com kms:Decrypt for any trail: it is not bound by aws:SourceArn`);
      if (own === 'maybe' || other.result === 'maybe')
        return unknown(t, 'whether CloudTrail may decrypt for this trail alone cannot be resolved; unknown values fail closed');
      return pass(t, `CloudTrail may kms:Decrypt with ${key.resource.address} for this trail alone`);
    }),
};
