import { hasToken } from '../iam/glob';
import { serviceDecision } from '../iam/service-request';
import { block, blocks } from '../model';
import { configProblem, fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-access-log-target-deliverable',
  title: 'The access-log bucket can receive server access logs (SSE-S3, no Object Lock default retention, a policy for logging.s3.amazonaws.com)',
  severity: 'high',
  rationale:
    'S3 delivers server access logs only to a bucket whose default encryption is SSE-S3, that has no Object Lock default retention, and (with ACLs disabled) whose policy lets logging.s3.amazonaws.com write; otherwise delivery fails silently and the log of the logs is empty.',
  remediation: {
    text: 'Encrypt the access-log bucket with SSE-S3 (AES256), give it no Object Lock default retention, and allow logging.s3.amazonaws.com s3:PutObject on its objects (bound with aws:SourceAccount); keep the WORM guarantees on the audit bucket.',
    cdktf: `statement: [{ sid: 'ServerAccessLogs', effect: 'Allow', principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }], actions: ['s3:PutObject'], resources: [\`\${accessLogBucket.arn}/*\`], condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }] }]`,
  },
  absentMeans:
    'No encryption configuration means SSE-S3 (the S3 default) and no object lock configuration means no default retention; no bucket policy means the logging service cannot write: the rule fails.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('accessLogBuckets'), 'no access-log bucket (the audit bucket logs to no bucket in this configuration)', (b) => {
      const sse = topology.bucketConfig(b, 'encryption');
      const sseProblem = configProblem(b, sse, 'encryption configurations');
      if (sseProblem) return sseProblem;
      const sseValues = sse.kind !== 'one' ? undefined : sse.source === b ? block(b.values.server_side_encryption_configuration) : sse.values;
      const algorithms = blocks(sseValues?.rule).map((r) => block(r.apply_server_side_encryption_by_default)?.sse_algorithm);
      const kms = algorithms.find((a) => typeof a === 'string' && a.startsWith('aws:kms'));
      if (kms) return fail(b, `default encryption is ${kms}: S3 delivers server access logs only to SSE-S3 buckets`);
      const lock = topology.bucketConfig(b, 'objectLock');
      const lockProblem = configProblem(b, lock, 'Object Lock configurations');
      if (lockProblem) return lockProblem;
      if (lock.kind === 'one') {
        const rule = lock.source === b ? block(block(b.values.object_lock_configuration)?.rule) : block(lock.values.rule);
        if (block(rule?.default_retention) !== undefined)
          return fail(b, 'Object Lock default retention is set: S3 cannot deliver server access logs to this bucket');
      }
      const policy = topology.bucketPolicy(b);
      const policyProblem = configProblem(b, policy, 'bucket policies');
      if (policyProblem) return policyProblem;
      if (policy.kind !== 'document') return fail(b, 'no bucket policy lets logging.s3.amazonaws.com write server access logs (ACLs are disabled)');
      // The request S3 sends for each audit bucket logging here ("Permissions for log delivery" in the S3 user
      // guide): logging.s3.amazonaws.com, aws:SourceArn the source bucket, aws:SourceAccount its account, no other key.
      const r = topology.resolver;
      for (const source of topology.accessLogSources.filter((s) => s.target === b)) {
        if (source.prefix === undefined || hasToken(source.prefix))
          return unknown(b, `the target_prefix of ${source.source.address}'s logging cannot be resolved; unknown values fail closed`);
        const sourceArn = topology.bucketArn(source.source);
        const writes = serviceDecision(
          policy.statements,
          {
            principal: 'logging.s3.amazonaws.com',
            action: 's3:PutObject',
            resource: `${topology.bucketArn(b)}/${source.prefix}2026-01-01-00-00-00-0123456789ABCDEF`,
            context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': r.account() },
          },
          r,
        );
        if (writes === 'no')
          return fail(
            b,
            `the bucket policy refuses logging.s3.amazonaws.com's delivery of ${source.source.address}'s server access logs (s3:PutObject under ${source.prefix || '(no prefix)'} with aws:SourceArn ${sourceArn}, aws:SourceAccount ${r.account()})`,
          );
        if (writes === 'maybe') return unknown(b, 'whether logging.s3.amazonaws.com may write cannot be resolved; unknown values fail closed');
      }
      return pass(b, 'accepts server access logs (SSE-S3, no Object Lock default retention, logging.s3.amazonaws.com may write)');
    }),
};
