import { block, blocks } from '../model';
import { configProblem, fail, forEach, pass, unresolvedTarget } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-sse-kms',
  title: 'The audit bucket encrypts by default with SSE-KMS and a customer-managed key',
  severity: 'high',
  rationale: 'Default SSE-KMS with a customer-managed key protects objects written by anything other than CloudTrail and makes each read need kms:Decrypt.',
  remediation: {
    text: 'Add exactly one aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms", kms_master_key_id set to the audit key and bucket_key_enabled true.',
    cdktf: `new S3BucketServerSideEncryptionConfigurationA(this, 'sse', { bucket: bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] });`,
  },
  absentMeans:
    'No encryption configuration means SSE-S3 (AES256), the S3 default since January 2023: the rule fails. An AWS-managed key (alias/aws/s3, or a key from a data source that names it) is not customer-managed.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('auditBuckets'), 'no audit bucket (no trail delivers to a bucket in this configuration)', (b) => {
      const config = topology.bucketConfig(b, 'encryption');
      const problem = configProblem(b, config, 'encryption configurations');
      if (problem) return problem;
      const values = config.kind !== 'one' ? undefined : config.source === b ? block(b.values.server_side_encryption_configuration) : config.values;
      const defaults = blocks(values?.rule)
        .map((r) => block(r.apply_server_side_encryption_by_default))
        .filter((d) => d !== undefined);
      if (defaults.length === 0 || config.kind !== 'one')
        return fail(b, 'no default encryption configuration (absent means SSE-S3): objects are not encrypted with a customer-managed key');
      for (const d of defaults) {
        if (d.sse_algorithm !== 'aws:kms' && d.sse_algorithm !== 'aws:kms:dsse')
          return fail(b, `default encryption is ${String(d.sse_algorithm)}: objects are not encrypted with a customer-managed key`);
        const key = topology.resolver.target(config.source, 'kms_master_key_id', d.kms_master_key_id, ['aws_kms_key']);
        if (key.kind === 'absent') return fail(b, 'kms_master_key_id is not set (absent means the AWS-managed aws/s3 key)');
        if (key.kind === 'unknown') return unresolvedTarget(b, 'kms_master_key_id', key);
        if (key.kind === 'aws-managed') return fail(b, `kms_master_key_id names the AWS-managed key ${key.name}`);
        if (key.kind === 'resource') return pass(b, `default encryption is SSE-KMS with ${key.resource.address}`);
        return pass(b, `default encryption is SSE-KMS with ${key.name}, declared external`);
      }
      return fail(b, 'no default encryption configuration');
    }),
};
