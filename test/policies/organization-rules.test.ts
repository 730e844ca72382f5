/**
 * The organization rules on both stacks of the synthesized example organization, checked as `auditready
 * check` checks them (the log archive's names declared external in the management stack): the compliant
 * stacks pass; each rule fails, with its exact message, when what it guards is broken, including by
 * adversarial variants (a wider exception, a narrower resource, an extra condition, a policy attached
 * nowhere); is unknown when a value it reads cannot be resolved; and does not apply to other files.
 */
import { check, type Report } from '../../policies/engine';
import { InputError, modelFromDocument } from '../../policies/load';
import { logArchiveNamesUsedByManagement } from '../../stacks/organization-names';
import { synthOrganization } from '../support/organization-stacks';
import { clone, compliantEnvironment, type Json } from './fixtures/environment';
import { findings, nonPassingRules } from './support';

const { org, logArchive, management } = synthOrganization();
const EXTERNALS = logArchiveNamesUsedByManagement(org);
const BUCKET = 'example-org-audit-logs-666666666666-eu-central-1';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const TRAIL = 'aws_cloudtrail.trail_trail';
const AUDIT_BUCKET = 'aws_s3_bucket.audit-bucket_bucket';

type Stack = 'management' | 'log-archive';
const fixture = (stack: Stack): Json => clone((stack === 'management' ? management : logArchive) as unknown as Json);
const run = (doc: Json, stack: Stack): Report =>
  check([modelFromDocument(doc, `cdktf.out/stacks/example-org-${stack}/cdk.tf.json`)], { externals: EXTERNALS, waivers: [], today: '2026-01-01' });
const mutated = (stack: Stack, apply: (doc: Json) => void): Report => {
  const doc = fixture(stack);
  apply(doc);
  return run(doc, stack);
};

/** The statements of a guardrail's or a bucket's policy document. */
const statements = (doc: Json, document: string): Json[] => doc.data.aws_iam_policy_document[document].statement;
const statementOf = (doc: Json, document: string, sid: string): Json => {
  const s = statements(doc, document).find((x) => x.sid === sid);
  if (!s) throw new Error(`no statement ${sid} in ${document}`);
  return s;
};
const without = (document: string, sid: string) => (doc: Json) => {
  doc.data.aws_iam_policy_document[document].statement = statements(doc, document).filter((s) => s.sid !== sid);
};
const attachmentsOf = (doc: Json, kind: 'scp' | 'rcp'): string[] =>
  Object.entries(doc.resource.aws_organizations_policy_attachment as Record<string, Json>)
    .filter(([, a]) => a.policy_id === `\${aws_organizations_policy.guardrails_${kind}_policy.id}`)
    .map(([id]) => id);

describe('the example organization', () => {
  test.each(['management', 'log-archive'] as const)('%s: every rule passes or does not apply', (stack) => {
    const report = run(fixture(stack), stack);
    expect(nonPassingRules(report)).toEqual([]);
    expect(report.summary.ok).toBe(true);
  });

  test('the organization rules pass with their messages', () => {
    const m = run(fixture('management'), 'management');
    expect(findings(m, 'org-trail-organization-wide', 'pass')).toEqual([[TRAIL, 'is_organization_trail is true']]);
    expect(findings(m, 'org-scp-protects-trail', 'pass')).toEqual([
      [
        TRAIL,
        "attached SCPs (aws_organizations_policy.guardrails_scp_policy) deny member principals the trail's changes, its log copy and leaving the organization",
      ],
    ]);
    expect(findings(m, 'org-rcp-protects-log-archive', 'pass')).toEqual([
      [
        TRAIL,
        `attached RCPs (aws_organizations_policy.guardrails_rcp_policy) keep evidence destruction on ${BUCKET} to the named exceptions and key deletion in 666666666666 to no one`,
      ],
    ]);
    const la = run(fixture('log-archive'), 'log-archive');
    expect(findings(la, 'org-bucket-policy-organization-scoped', 'pass')).toEqual([
      [AUDIT_BUCKET, 'CloudTrail writes only under AWSLogs/o-a1b2c3d4e5/, and nothing else may put objects'],
    ]);
    expect(findings(la, 'trail-present', 'not_applicable')).toEqual([
      [undefined, "an organization's log archive holds no trail: the organization trail is checked in the management account's file"],
    ]);
  });
});

describe('org-trail-organization-wide', () => {
  const rule = 'org-trail-organization-wide';
  test.each([
    [
      'false',
      (doc: Json) => (doc.resource.aws_cloudtrail.trail_trail.is_organization_trail = false),
      'is_organization_trail is false: the trail logs the management account only: member accounts go unlogged',
    ],
    [
      'absent',
      (doc: Json) => delete doc.resource.aws_cloudtrail.trail_trail.is_organization_trail,
      'is_organization_trail is false (absent means false): the trail logs the management account only: member accounts go unlogged',
    ],
  ])('GIVEN is_organization_trail %s THEN it fails', (_what, apply, message) => {
    const report = mutated('management', apply);
    expect(findings(report, rule, 'fail')).toEqual([[TRAIL, message]]);
    expect(nonPassingRules(report)).toEqual([rule]);
  });

  test('GIVEN no trail in the management account THEN it fails for the file', () => {
    const report = mutated('management', (doc) => delete doc.resource.aws_cloudtrail);
    expect(findings(report, rule, 'fail')).toEqual([[undefined, 'no aws_cloudtrail in the management account: nothing logs the organization']]);
  });

  test('GIVEN is_organization_trail from a variable THEN it is unknown', () => {
    const report = mutated('management', (doc) => (doc.resource.aws_cloudtrail.trail_trail.is_organization_trail = '${var.organization}'));
    expect(findings(report, rule, 'unknown')).toEqual([[TRAIL, 'is_organization_trail cannot be resolved (${var.organization}); unknown values fail closed']]);
  });
});

describe('org-scp-protects-trail', () => {
  const rule = 'org-scp-protects-trail';
  const SCP = 'guardrails_scp_document';
  const trailStatement = (doc: Json) => statementOf(doc, SCP, 'DenyChangingTheOrganizationTrail');
  const fails = (what: string) => [[TRAIL, `no attached SCP denies ${what} to every member principal outside the named exceptions`]];

  test.each([
    ['the trail statement removed', without(SCP, 'DenyChangingTheOrganizationTrail'), 'cloudtrail:StopLogging'],
    [
      'an exception widened to every role (ArnNotLike arn:aws:iam::*:role/*)',
      (doc: Json) => (trailStatement(doc).condition = [{ test: 'ArnNotLike', variable: 'aws:PrincipalArn', values: ['arn:aws:iam::*:role/*'] }]),
      'cloudtrail:StopLogging',
    ],
    [
      'the deny moved to another trail',
      (doc: Json) => (trailStatement(doc).resources = ['arn:aws:cloudtrail:eu-central-1:555555555555:trail/another-trail']),
      'cloudtrail:StopLogging',
    ],
    [
      'the deny narrowed to one region',
      (doc: Json) => trailStatement(doc).condition.push({ test: 'StringEquals', variable: 'aws:RequestedRegion', values: ['eu-central-1'] }),
      'cloudtrail:StopLogging',
    ],
    [
      'the deny of PutInsightSelectors dropped',
      (doc: Json) => (trailStatement(doc).actions = trailStatement(doc).actions.filter((a: string) => a !== 'cloudtrail:PutInsightSelectors')),
      'cloudtrail:PutInsightSelectors',
    ],
    ['the deny turned into an allow', (doc: Json) => (trailStatement(doc).effect = 'Allow'), 'cloudtrail:StopLogging'],
    ['the log group statement removed', without(SCP, 'DenyReadingTheTrailLogGroup'), 'logs:FilterLogEvents on the log group'],
    ['leaving the organization allowed', without(SCP, 'DenyLeavingTheOrganization'), 'leaving the organization'],
  ])('GIVEN %s THEN it fails', (_what, apply, what) => {
    const report = mutated('management', apply);
    expect(findings(report, rule, 'fail')).toEqual(fails(what));
    expect(nonPassingRules(report)).toEqual([rule]);
  });

  test('GIVEN the SCP attached nowhere THEN it fails: a policy attached to nothing restricts nothing', () => {
    const report = mutated('management', (doc) => {
      for (const id of attachmentsOf(doc, 'scp')) delete doc.resource.aws_organizations_policy_attachment[id];
    });
    expect(findings(report, rule, 'fail')).toEqual([
      ['aws_organizations_policy.guardrails_scp_policy', 'the SCP is attached to no root, OU or account: it restricts nothing'],
    ]);
  });

  test('GIVEN the policy turned into a tag policy THEN there is no SCP', () => {
    const report = mutated('management', (doc) => (doc.resource.aws_organizations_policy.guardrails_scp_policy.type = 'TAG_POLICY'));
    expect(findings(report, rule, 'fail')).toEqual([[undefined, 'no SCP in the management account: member accounts are unrestricted']]);
  });

  test('GIVEN a broader deny (cloudtrail:* on the trail) THEN it still passes', () => {
    const report = mutated('management', (doc) => (trailStatement(doc).actions = ['cloudtrail:*']));
    expect(nonPassingRules(report)).toEqual([]);
  });

  test.each([
    [
      'its content',
      (doc: Json) => (doc.resource.aws_organizations_policy.guardrails_scp_policy.content = '${var.scp}'),
      /the SCPs cannot be read: the policy of aws_organizations_policy.guardrails_scp_policy cannot be resolved/,
    ],
    [
      'its type',
      (doc: Json) => (doc.resource.aws_organizations_policy.guardrails_scp_policy.type = '${var.type}'),
      /the SCPs cannot be read: the type of aws_organizations_policy.guardrails_scp_policy cannot be resolved/,
    ],
    [
      "an attachment's policy",
      (doc: Json) => (doc.resource.aws_organizations_policy_attachment[attachmentsOf(doc, 'scp')[0] as string].policy_id = '${var.policy}'),
      /the SCPs cannot be read: .*policy_id cannot be resolved/,
    ],
  ])('GIVEN %s from a variable THEN it is unknown', (_what, apply, message) => {
    const report = mutated('management', apply);
    const [finding] = findings(report, rule, 'unknown');
    expect(finding?.[1]).toMatch(message);
    expect(report.summary.ok).toBe(false);
  });
});

describe('org-rcp-protects-log-archive', () => {
  const rule = 'org-rcp-protects-log-archive';
  const RCP = 'guardrails_rcp_document';

  test.each([
    ['the evidence statement removed', without(RCP, 'DenyDestroyingEvidence'), `s3:DeleteObjectVersion on the objects of ${BUCKET}`],
    [
      'the break-glass exception widened to the whole account',
      (doc: Json) =>
        (statementOf(doc, RCP, 'DenyDestroyingEvidence').condition = [
          { test: 'ArnNotLike', variable: 'aws:PrincipalArn', values: ['arn:aws:iam::666666666666:*'] },
        ]),
      `s3:DeleteObjectVersion on the objects of ${BUCKET}`,
    ],
    ['bucket settings left to anyone', without(RCP, 'DenyChangingTheLogBuckets'), `s3:PutBucketPolicy on ${BUCKET}`],
    [
      'the key statement moved to another account',
      (doc: Json) => (statementOf(doc, RCP, 'DenyDisablingOrDeletingTheAuditKeys').resources = ['arn:aws:kms:*:111111111111:key/*']),
      'kms:ScheduleKeyDeletion on the keys of 666666666666',
    ],
  ])('GIVEN %s THEN it fails', (_what, apply, what) => {
    const report = mutated('management', apply);
    expect(findings(report, rule, 'fail')).toEqual([[TRAIL, `no attached RCP denies ${what} to everyone outside the named exceptions`]]);
    expect(nonPassingRules(report)).toEqual([rule]);
  });

  test('GIVEN the RCP attached nowhere THEN it fails', () => {
    const report = mutated('management', (doc) => {
      for (const id of attachmentsOf(doc, 'rcp')) delete doc.resource.aws_organizations_policy_attachment[id];
    });
    expect(findings(report, rule, 'fail')).toEqual([
      ['aws_organizations_policy.guardrails_rcp_policy', 'the RCP is attached to no root, OU or account: it restricts nothing'],
    ]);
  });

  test('GIVEN the RCP attached to an OU only THEN the log archive key cannot be told: unknown', () => {
    const report = mutated('management', (doc) => {
      for (const id of attachmentsOf(doc, 'rcp')) doc.resource.aws_organizations_policy_attachment[id].target_id = 'ou-ab12-workloads1';
    });
    expect(findings(report, rule, 'unknown')).toEqual([
      [TRAIL, "the RCPs are attached to no account by id, so the log archive's keys cannot be told; unknown values fail closed"],
    ]);
  });
});

describe('org-bucket-policy-organization-scoped', () => {
  const rule = 'org-bucket-policy-organization-scoped';
  const POLICY = 'audit-bucket_policy-document';
  const ORG_FOLDER = `${BUCKET_ARN}/AWSLogs/o-a1b2c3d4e5/*`;
  const retarget = (folder: string) => (doc: Json) => {
    for (const s of statements(doc, POLICY)) {
      if (s.resources) s.resources = s.resources.map((r: string) => (r === ORG_FOLDER ? folder : r));
      if (s.not_resources) s.not_resources = s.not_resources.map((r: string) => (r === ORG_FOLDER ? folder : r));
    }
  };

  test.each([
    [
      "an account's folder instead of the organization's",
      retarget(`${BUCKET_ARN}/AWSLogs/666666666666/*`),
      'no statement lets CloudTrail write under AWSLogs/<organization id>/: an organization trail cannot deliver here',
    ],
    [
      'the whole AWSLogs/ folder',
      retarget(`${BUCKET_ARN}/AWSLogs/*`),
      'no statement lets CloudTrail write under AWSLogs/<organization id>/: an organization trail cannot deliver here',
    ],
    [
      'a second organization beside the first',
      (doc: Json) => {
        const second = `${BUCKET_ARN}/AWSLogs/o-zzzzzzzzzz/*`;
        statementOf(doc, POLICY, 'CloudTrailWritesLogs').resources.push(second);
        statementOf(doc, POLICY, 'DenyWritesOutsideAdmittedPrefixes').not_resources.push(second);
      },
      'CloudTrail may write for several organizations (AWSLogs/o-a1b2c3d4e5/, AWSLogs/o-zzzzzzzzzz/): one log archive, one organization',
    ],
    [
      "account folders admitted beside the organization's",
      (doc: Json) => {
        statementOf(doc, POLICY, 'CloudTrailWritesLogs').resources.push(`${BUCKET_ARN}/AWSLogs/*`);
        statementOf(doc, POLICY, 'DenyWritesOutsideAdmittedPrefixes').not_resources.push(`${BUCKET_ARN}/AWSLogs/*`);
      },
      "CloudTrail may write outside AWSLogs/o-a1b2c3d4e5/: the bucket takes trails other than the organization's",
    ],
    [
      'other writers no longer refused',
      (doc: Json) => {
        without(POLICY, 'DenyLogWritesExceptThisTrail')(doc);
        without(POLICY, 'DenyWritesOutsideAdmittedPrefixes')(doc);
      },
      'the bucket policy does not deny s3:PutObject to every request not made for its trail: anyone allowed in IAM could add or overwrite log files',
    ],
  ])('GIVEN %s THEN it fails', (_what, apply, message) => {
    const report = mutated('log-archive', apply);
    expect(findings(report, rule, 'fail')).toEqual([[AUDIT_BUCKET, message]]);
  });

  test('GIVEN a bucket policy from a variable THEN the buckets CloudTrail may write to cannot be told: unknown', () => {
    const report = mutated('log-archive', (doc) => (doc.resource.aws_s3_bucket_policy['audit-bucket_policy'].policy = '${var.policy}'));
    const [finding] = findings(report, rule, 'unknown');
    expect(finding?.[0]).toBe(AUDIT_BUCKET);
    expect(finding?.[1]).toMatch(/^policy cannot be resolved: the policy of aws_s3_bucket_policy.audit-bucket_policy cannot be resolved/);
  });

  test('GIVEN no bucket CloudTrail may write to THEN the log archive fails', () => {
    const report = mutated('log-archive', without(POLICY, 'CloudTrailWritesLogs'));
    expect(findings(report, rule, 'fail')).toEqual([
      [undefined, 'no bucket in this log archive lets CloudTrail put objects: the organization trail has nowhere to deliver'],
    ]);
  });
});

describe('scopes', () => {
  test('the organization rules do not apply to an environment, nor each to the other stack', () => {
    const env = check([modelFromDocument(compliantEnvironment() as Json, 'fixture/cdk.tf.json')], { waivers: [], today: '2026-01-01' });
    for (const id of ['org-trail-organization-wide', 'org-scp-protects-trail', 'org-rcp-protects-log-archive', 'org-bucket-policy-organization-scoped']) {
      expect(findings(env, id, 'not_applicable')).toHaveLength(1);
    }
    expect(findings(run(fixture('management'), 'management'), 'org-bucket-policy-organization-scoped', 'not_applicable')).toEqual([
      [undefined, 'applies to files declaring auditready:scope = organization-log-archive; this one declares organization-management'],
    ]);
  });

  test('GIVEN a log archive that holds a trail THEN the trail rules apply to it', () => {
    const doc = fixture('log-archive');
    doc.resource.aws_cloudtrail = { extra: { name: 'extra', s3_bucket_name: BUCKET, is_multi_region_trail: false } };
    const report = run(doc, 'log-archive');
    expect(findings(report, 'trail-present', 'pass')).toEqual([['aws_cloudtrail.extra', 'trail is defined']]);
    expect(nonPassingRules(report)).toContain('trail-multi-region');
  });

  test('GIVEN the management stack without its scope THEN it is checked as an environment, and its trail delivering elsewhere fails', () => {
    const doc = fixture('management');
    for (const p of doc.provider.aws) delete p.default_tags[0].tags['auditready:scope'];
    const report = run(doc, 'management');
    expect(findings(report, 'trail-s3-data-events', 'fail')).toEqual([[TRAIL, `write S3 data events on ${BUCKET} (PutObject) are not recorded`]]);
    expect(findings(report, 'org-scp-protects-trail', 'not_applicable')).toHaveLength(1);
  });

  test('GIVEN a scope auditready does not know THEN the check refuses the file, naming the tag and the allowed values', () => {
    const doc = fixture('log-archive');
    doc.provider.aws[0].default_tags[0].tags['auditready:scope'] = 'organisation-log-archive';
    expect(() => run(doc, 'log-archive')).toThrow(InputError);
    expect(() => run(doc, 'log-archive')).toThrow(
      'declared scope "organisation-log-archive" (provider default tag auditready:scope) is not one of organization-management, organization-log-archive',
    );
  });
});
