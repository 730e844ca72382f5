import { actionMatches, conditionsOn, hasServicePrincipal } from '../policy-document';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import { bucketPolicy } from '../topology';
import type { RuleDefinition } from '../types';

const SOURCE_ARN_TESTS = /^(StringEquals|StringLike|ArnEquals|ArnLike)$/;

export const rule: RuleDefinition = {
  id: 'bucket-cloudtrail-source-arn',
  title: "CloudTrail's write access to the audit bucket is bound to the trail by aws:SourceArn",
  severity: 'high',
  rationale: 'Without aws:SourceArn, any trail in any account could write into the audit bucket (the confused-deputy problem), polluting the evidence.',
  remediation: {
    text: 'Give every statement for cloudtrail.amazonaws.com a condition aws:SourceArn equal to the trail ARN, built as a string (arn:<partition>:cloudtrail:<region>:<account>:trail/<name>) to avoid a dependency cycle.',
    cdktf: `condition: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [\`arn:aws:cloudtrail:\${region}:\${account}:trail/\${trailName}\`] }]`,
  },
  absentMeans: 'No bucket policy means CloudTrail cannot deliver at all: the rule fails.',
  evaluate: ({ model, topology }) =>
    forEach(topology.auditBuckets, 'no audit bucket (no trail delivers to a bucket in this configuration)', (b) => {
      const policy = bucketPolicy(model, topology, b);
      if (policy.kind === 'absent') return fail(b, 'no bucket policy: CloudTrail cannot write to the bucket');
      if (policy.kind === 'unknown') return unknown(b, `bucket policy cannot be resolved (${policy.expression}); unknown values fail closed`);
      const forTrail = policy.statements.filter((s) => s.effect === 'Allow' && hasServicePrincipal(s, 'cloudtrail.amazonaws.com'));
      if (!forTrail.some((s) => s.actions.some((a) => actionMatches(a, 's3:PutObject'))))
        return fail(b, 'no statement allows cloudtrail.amazonaws.com to s3:PutObject');
      const unbound = forTrail.filter(
        (s) =>
          !conditionsOn(s, 'aws:SourceArn').some(
            (c) => SOURCE_ARN_TESTS.test(c.test) && c.values.length > 0 && c.values.every((v) => v.includes(':cloudtrail:') && v.includes(':trail/')),
          ),
      );
      if (unbound.length > 0)
        return fail(b, `statement ${unbound[0]?.sid ?? '(no sid)'} for cloudtrail.amazonaws.com has no aws:SourceArn condition naming a trail`);
      return pass(b, 'CloudTrail statements are bound to the trail by aws:SourceArn');
    }),
};
