import { OUTSIDER } from '../iam/conditions';
import { denied, type Query } from '../iam/evaluate';
import { organizationPolicies } from '../organization-policies';
import { fail, organizationPoliciesProblem, pass, unknown, unresolvedTarget } from '../rule-helpers';
import type { Finding, RuleDefinition } from '../types';

/** Anyone, from any account or none, that no exception names. */
const anyone = (action: string, resource: Query['resource']): Query => ({
  principal: { kind: 'everyone' },
  action,
  resource,
  context: { keys: { 'aws:principalarn': OUTSIDER } },
});

export const rule: RuleDefinition = {
  id: 'org-rcp-protects-log-archive',
  title: "An attached RCP keeps everyone but break-glass from destroying the log archive's evidence, and everyone from deleting its keys",
  severity: 'high',
  scope: 'organization-management',
  rationale:
    'A deployer of the log-archive account may rewrite the bucket and key policies; a resource control policy, managed from the management account, keeps evidence destruction to break-glass and key deletion to no one whatever those policies say, for principals of every account and outside the organization.',
  remediation: {
    text: "Attach an RCP (aws_organizations_policy of type RESOURCE_CONTROL_POLICY) to the log-archive account that denies s3:DeleteObjectVersion, s3:DeleteObject, s3:PutObjectRetention and s3:BypassGovernanceRetention on the organization trail's bucket to all but the break-glass role, bucket policy changes to all but its deployers and break-glass, and kms:ScheduleKeyDeletion and kms:DisableKey on the account's keys to everyone.",
    cdktf: `new OrganizationGuardrails(this, 'guardrails', { logArchive: { accountId, bucketArns, deployerRoleArns, breakGlassRoleArn, ... }, ... });`,
  },
  absentMeans:
    "No attached RCP means the bucket and key policies alone protect the evidence, and the log archive's deployers can rewrite them: the rule fails. The keys are those of the accounts the RCP is attached to; an RCP attached only to OUs cannot be tied to the log archive's account here and is unknown.",
  evaluate: ({ topology }) => {
    const rcps = organizationPolicies(topology, 'RESOURCE_CONTROL_POLICY');
    const problem = organizationPoliciesProblem(
      rcps,
      'RCP',
      'no RCP in the management account: the log archive rests on policies its own deployers can rewrite',
    );
    if (problem) return [problem];
    const accounts = rcps.targets.filter((t) => /^\d{12}$/.test(t));
    const partition = topology.resolver.partition();
    const findings: Finding[] = [];
    for (const trail of topology.trails) {
      const bucket = topology.trailTarget(trail, 'bucket');
      if (bucket.kind === 'unknown') {
        findings.push(unresolvedTarget(trail, 's3_bucket_name', bucket));
        continue;
      }
      if (bucket.kind !== 'resource' && bucket.kind !== 'external') {
        findings.push(fail(trail, 's3_bucket_name does not name a bucket'));
        continue;
      }
      const arn =
        bucket.kind === 'resource'
          ? topology.bucketArn(bucket.resource)
          : bucket.name.startsWith('arn:')
            ? bucket.name
            : `arn:${partition}:s3:::${bucket.name}`;
      const label = bucket.kind === 'resource' ? bucket.resource.address : bucket.name;
      const questions: [string, Query][] = [
        ...['s3:DeleteObjectVersion', 's3:DeleteObject', 's3:PutObjectRetention', 's3:BypassGovernanceRetention'].map((a): [string, Query] => [
          `${a} on the objects of ${label}`,
          anyone(a, { kind: 'prefix', prefix: `${arn}/` }),
        ]),
        [`s3:PutBucketPolicy on ${label}`, anyone('s3:PutBucketPolicy', { kind: 'arn', arn })],
        [`s3:DeleteBucket on ${label}`, anyone('s3:DeleteBucket', { kind: 'arn', arn })],
        ...accounts.flatMap((account) =>
          ['kms:ScheduleKeyDeletion', 'kms:DisableKey'].map((a): [string, Query] => [
            `${a} on the keys of ${account}`,
            {
              principal: { kind: 'everyone' },
              action: a,
              resource: { kind: 'prefix', prefix: `arn:${partition}:kms:${topology.resolver.region()}:${account}:key/` },
            },
          ]),
        ),
      ];
      if (accounts.length === 0) {
        findings.push(unknown(trail, "the RCPs are attached to no account by id, so the log archive's keys cannot be told; unknown values fail closed"));
        continue;
      }
      const answers = questions.map(([what, q]) => ({ what, result: denied(rcps.statements, q).result }));
      const open = answers.find((a) => a.result === 'no');
      const maybe = answers.find((a) => a.result === 'maybe');
      if (open) findings.push(fail(trail, `no attached RCP denies ${open.what} to everyone outside the named exceptions`));
      else if (maybe) findings.push(unknown(trail, `whether the RCPs deny ${maybe.what} cannot be resolved; unknown values fail closed`));
      else
        findings.push(
          pass(
            trail,
            `attached RCPs (${rcps.attached.map((p) => p.address).join(', ')}) keep evidence destruction on ${label} to the named exceptions and key deletion in ${accounts.join(', ')} to no one`,
          ),
        );
    }
    return findings.length > 0 ? findings : [fail(undefined, 'no aws_cloudtrail in the management account: no log archive to protect')];
  },
};
