import { OUTSIDER } from '../iam/conditions';
import { BUCKET_SETTINGS, deniesAll } from '../log-bucket-access';
import { configProblem, fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

const UNNAMED = { context: { keys: { 'aws:principalarn': OUTSIDER } } };

export const rule: RuleDefinition = {
  id: 'bucket-settings-named-roles-only',
  title: "Only named roles can change the log buckets' settings, and no human role but break-glass",
  severity: 'high',
  rationale:
    "Whoever can change a log bucket's policy, lifecycle, encryption, versioning or Object Lock configuration can weaken what protects the logs, and whoever can set up replication, inventory or notifications can copy them elsewhere. IAM alone cannot stop an account administrator: the bucket policy must deny these to every principal but the deploy roles and break-glass.",
  remediation: {
    text: 'Deny the bucket settings actions (policy, versioning, Object Lock, encryption, public access block, ownership, ACL, lifecycle, logging, replication, inventory, notification, analytics, metrics, intelligent tiering, website, CORS, acceleration) on the bucket to every principal whose aws:PrincipalArn is not a deploy role or the break-glass role.',
    cdktf: `{ sid: 'DenySettingsChangesExceptDeployersAndBreakGlass', effect: 'Deny', principals: [{ type: '*', identifiers: ['*'] }], actions: ['s3:PutBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutReplicationConfiguration', /* ... */], resources: [bucket.arn], conditions: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...deployerRoleArns, breakGlassRoleArn] }] }`,
  },
  absentMeans:
    'No bucket policy, or a settings deny that leaves some principal out or names a human role other than break-glass (the role the policy exempts from the deny of evidence destruction), fails. ...IfExists and wildcards in the exempted ARNs bind nothing.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('logBuckets'), 'no audit or access-log bucket in this configuration', (b) => {
      const policy = topology.bucketPolicy(b);
      const problem = configProblem(b, policy, 'bucket policies');
      if (problem) return problem;
      if (policy.kind !== 'document') return fail(b, 'no bucket policy: any principal with IAM permissions may change the bucket settings');
      const arn = topology.bucketArn(b);
      const others = deniesAll(policy.statements, arn, BUCKET_SETTINGS, UNNAMED);
      if (others.result === 'no') return fail(b, `${others.first} is not denied to principals the policy does not name`);
      let maybe = others.result === 'maybe';
      for (const role of topology.humanRoles) {
        if (topology.breakGlassRoles.includes(role)) continue;
        const own = deniesAll(policy.statements, arn, BUCKET_SETTINGS, { principal: { kind: 'principal', arn: topology.principalArn(role) } });
        if (own.result === 'no') return fail(b, `${own.first} is not denied to the human role ${role.address}, which is not the break-glass role`);
        maybe ||= own.result === 'maybe';
      }
      if (maybe) return unknown(b, 'whether every settings change is denied to all but named roles cannot be resolved; unknown values fail closed');
      return pass(b, 'settings changes are denied to every principal but the roles the policy names, none of them a human role but break-glass');
    }),
};
