import { OUTSIDER } from '../iam/conditions';
import { allowed, sidOf } from '../iam/evaluate';
import { serviceDecision } from '../iam/service-request';
import { and, type Tri } from '../iam/tri';
import { trailLogPrefix } from '../log-bucket-access';
import { boolAttr } from '../model';
import { configProblem, fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-cloudtrail-source-arn',
  title: "CloudTrail's access to the audit bucket is bound to the trail by aws:SourceArn, and the trail's deliveries are allowed",
  severity: 'high',
  rationale:
    'Without aws:SourceArn, any trail in any account could write into the audit bucket (the confused-deputy problem), polluting the evidence. A statement bound to the wrong trail or account, or with a condition the delivery does not meet, stops delivery: CloudTrail checks the policy only when the trail is created.',
  remediation: {
    text: 'Give every statement for cloudtrail.amazonaws.com a condition aws:SourceArn equal to the trail ARN (no wildcard), built as a string (arn:<partition>:cloudtrail:<region>:<account>:trail/<name>) to avoid a dependency cycle; allow s3:GetBucketAcl on the bucket and s3:PutObject under <prefix>/AWSLogs/<account>/ with s3:x-amz-acl = bucket-owner-full-control, and no other condition.',
    cdktf: `condition: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [\`arn:\${partition}:cloudtrail:\${region}:\${account}:trail/\${trailName}\`] }]`,
  },
  absentMeans: 'No bucket policy means CloudTrail cannot deliver at all: the rule fails. A wildcard or ...IfExists aws:SourceArn binds nothing.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('auditBuckets'), 'no audit bucket (no trail delivers to a bucket in this configuration)', (b) => {
      const policy = topology.bucketPolicy(b);
      const problem = configProblem(b, policy, 'bucket policies');
      if (problem) return problem;
      if (policy.kind !== 'document') return fail(b, 'no bucket policy: CloudTrail cannot write to the bucket');
      const r = topology.resolver;
      const bucketArn = topology.bucketArn(b);
      const objects = { kind: 'prefix', prefix: `${bucketArn}/` } as const;
      const cloudtrail = { kind: 'service', service: 'cloudtrail' } as const;
      // Each trail of this file that delivers here: the requests it sends ("Amazon S3 bucket policy for
      // CloudTrail"), with its ARN and account, the ACL header, and nothing else.
      let delivers: Tri = 'yes';
      let refused: string | undefined;
      const trails = topology.trails.filter((t) => {
        const target = topology.trailTarget(t, 'bucket');
        return target.kind === 'resource' && target.resource === b;
      });
      for (const t of trails) {
        const organization = boolAttr(t.values.is_organization_trail, false);
        const prefix = trailLogPrefix(topology, t, bucketArn);
        const trailArn = r.materialize(`\${${t.address}.arn}`);
        if (!organization.known || organization.value || prefix === undefined || trailArn === undefined) {
          // An organization trail writes under the organization's id, which this file does not hold.
          delivers = and(delivers, allowed(policy.statements, { principal: cloudtrail, action: 's3:PutObject', resource: objects }).result);
          continue;
        }
        const account = r.account();
        const context = { 'aws:SourceArn': trailArn, 'aws:SourceAccount': account };
        const principal = 'cloudtrail.amazonaws.com';
        const acl = serviceDecision(policy.statements, { principal, action: 's3:GetBucketAcl', resource: bucketArn, context }, r);
        const put = serviceDecision(
          policy.statements,
          {
            principal,
            action: 's3:PutObject',
            resource: `${prefix}${account}/CloudTrail/${r.region()}/2026/01/01/${account}_CloudTrail_${r.region()}_20260101T0000Z_x.json.gz`,
            context: { ...context, 's3:x-amz-acl': 'bucket-owner-full-control' },
          },
          r,
        );
        if (acl === 'no') refused ??= `the bucket policy refuses ${t.address}'s s3:GetBucketAcl (aws:SourceArn ${trailArn}, aws:SourceAccount ${account})`;
        if (put === 'no')
          refused ??= `the bucket policy refuses ${t.address}'s deliveries (s3:PutObject under ${prefix}${account}/ with aws:SourceArn ${trailArn}, aws:SourceAccount ${account}, s3:x-amz-acl bucket-owner-full-control)`;
        delivers = and(delivers, and(acl, put));
      }
      if (trails.length === 0) delivers = allowed(policy.statements, { principal: cloudtrail, action: 's3:PutObject', resource: objects }).result;
      // CloudTrail acting for a trail that is not one named in the policy: any action, any resource of the bucket.
      const other = allowed(policy.statements, { principal: cloudtrail, action: '*', context: { keys: { 'aws:sourcearn': OUTSIDER } } });
      if (other.result === 'yes')
        return fail(b, `statement ${sidOf(other.statements[0])} for cloudtrail.amazonaws.com has no aws:SourceArn condition naming a trail`);
      if (refused) return fail(b, `${refused}: CloudTrail cannot deliver`);
      if (delivers === 'no') return fail(b, 'no statement allows cloudtrail.amazonaws.com to s3:PutObject');
      if (other.result === 'maybe' || delivers === 'maybe')
        return unknown(b, "whether CloudTrail's access is bound to the trail, and its deliveries allowed, cannot be resolved; unknown values fail closed");
      return pass(b, 'CloudTrail statements are bound to the trail by aws:SourceArn, and its deliveries are allowed');
    }),
};
