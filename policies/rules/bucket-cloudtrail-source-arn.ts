import { OUTSIDER } from '../iam/conditions';
import { allowed, sidOf } from '../iam/evaluate';
import { configProblem, fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-cloudtrail-source-arn',
  title: "CloudTrail's access to the audit bucket is bound to the trail by aws:SourceArn",
  severity: 'high',
  rationale: 'Without aws:SourceArn, any trail in any account could write into the audit bucket (the confused-deputy problem), polluting the evidence.',
  remediation: {
    text: 'Give every statement for cloudtrail.amazonaws.com a condition aws:SourceArn equal to the trail ARN (no wildcard), built as a string (arn:<partition>:cloudtrail:<region>:<account>:trail/<name>) to avoid a dependency cycle.',
    cdktf: `condition: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [\`arn:\${partition}:cloudtrail:\${region}:\${account}:trail/\${trailName}\`] }]`,
  },
  absentMeans: 'No bucket policy means CloudTrail cannot deliver at all: the rule fails. A wildcard or ...IfExists aws:SourceArn binds nothing.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('auditBuckets'), 'no audit bucket (no trail delivers to a bucket in this configuration)', (b) => {
      const policy = topology.bucketPolicy(b);
      const problem = configProblem(b, policy, 'bucket policies');
      if (problem) return problem;
      if (policy.kind !== 'document') return fail(b, 'no bucket policy: CloudTrail cannot write to the bucket');
      const objects = { kind: 'prefix', prefix: `${topology.bucketArn(b)}/` } as const;
      const cloudtrail = { kind: 'service', service: 'cloudtrail' } as const;
      const delivers = allowed(policy.statements, { principal: cloudtrail, action: 's3:PutObject', resource: objects });
      if (delivers.result === 'no') return fail(b, 'no statement allows cloudtrail.amazonaws.com to s3:PutObject');
      // CloudTrail acting for a trail that is not one named in the policy: any action, any resource of the bucket.
      const other = allowed(policy.statements, { principal: cloudtrail, action: '*', context: { keys: { 'aws:sourcearn': OUTSIDER } } });
      if (other.result === 'yes')
        return fail(b, `statement ${sidOf(other.statements[0])} for cloudtrail.amazonaws.com has no aws:SourceArn condition naming a trail`);
      if (other.result === 'maybe' || delivers.result === 'maybe')
        return unknown(b, "whether CloudTrail's access is bound to the trail cannot be resolved; unknown values fail closed");
      return pass(b, 'CloudTrail statements are bound to the trail by aws:SourceArn');
    }),
};
