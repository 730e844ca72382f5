/** The report formats on one failing, waived and passing check of the fixture. */
import { create } from 'xmlbuilder2';
import type { Report } from '../../policies/engine';
import { formatReport } from '../../policies/report';
import { sarifValidator } from '../support/sarif-schema';
import { clone, compliantEnvironment } from './fixtures/environment';
import { MUTATIONS } from './mutations';
import { checkDocument } from './support';

function failingReport(): Report {
  const doc = clone(compliantEnvironment('prod'));
  MUTATIONS['trail-multi-region']!.apply(doc);
  MUTATIONS['bucket-force-destroy']!.apply(doc);
  MUTATIONS['log-resources-prevent-destroy']!.apply(doc);
  return checkDocument(doc, {
    source: 'cdktf.out/stacks/fixture/cdk.tf.json',
    waivers: [
      {
        rule: 'bucket-force-destroy',
        resource: 'aws_s3_bucket.access',
        environment: 'fixture',
        reason: 'access-log bucket is rebuilt during the migration to the new account',
        expires: '2026-06-30',
        approver: 'security-lead@example.com',
      },
    ],
  });
}

const opts = { colour: false, toolVersion: '1.2.3' };

describe('json', () => {
  it('lists every result with rule, status, environment, resource, message and controls, and a summary', () => {
    const report = failingReport();
    const json = JSON.parse(formatReport(report, 'json', opts));
    expect(json.results).toHaveLength(report.results.length);
    expect(json.results[0]).toEqual({
      rule: 'log-resources-prevent-destroy',
      status: 'fail',
      environment: 'fixture',
      tier: 'prod',
      resource: 'aws_s3_bucket.audit',
      constructPath: 'fixture/audit/bucket',
      severity: 'medium',
      message: 'lifecycle.prevent_destroy is not true (absent means false): terraform destroy can remove it',
      controls: expect.arrayContaining([{ framework: 'aws-fsbp', id: 'KMS.3' }]),
    });
    expect(json.results.find((r: { status: string }) => r.status === 'waived')).toMatchObject({
      rule: 'bucket-force-destroy',
      resource: 'aws_s3_bucket.access',
      waiver: { approver: 'security-lead@example.com', expires: '2026-06-30' },
    });
    expect(json.summary).toMatchObject({ environments: 1, fail: 2, waived: 1, unknown: 0, ok: false });
  });
});

describe('markdown', () => {
  it('is a compact table, failures first, with remediation; waived rows are shown', () => {
    const md = formatReport(failingReport(), 'markdown', opts);
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Status') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\| ❌ fail \| fixture \| `log-resources-prevent-destroy` \| `aws_s3_bucket.audit` \|/);
    expect(rows[1]).toContain('`trail-multi-region`');
    expect(rows[1]).toContain('Set is_multi_region_trail to true.');
    expect(rows[2]).toMatch(/^\| 🛡️ waived \| fixture \| `bucket-force-destroy` \|.*Waived until 2026-06-30 \(security-lead@example.com\)/);
    expect(md).toMatch(/^### auditready check: failed\n/);
  });
});

describe('sarif', () => {
  const validate = sarifValidator();

  it('validates against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(formatReport(failingReport(), 'sarif', opts));
    expect(validate(log) ? [] : validate.errors).toEqual([]);
  });

  it('the validator rejects a broken log (the check can fail)', () => {
    const log = JSON.parse(formatReport(failingReport(), 'sarif', opts));
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('has one result per problem with rule metadata, a location and a suppression for waivers', () => {
    const log = JSON.parse(formatReport(failingReport(), 'sarif', opts));
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'auditready', version: '1.2.3' });
    expect(run.tool.driver.rules.find((r: { id: string }) => r.id === 'trail-multi-region')).toMatchObject({
      shortDescription: { text: 'CloudTrail trails record events in every region' },
      properties: { 'security-severity': '8.0', tags: expect.arrayContaining(['cis-aws-v7.0:4.1']) },
    });
    expect(run.results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['log-resources-prevent-destroy', 'trail-multi-region', 'bucket-force-destroy']);
    expect(run.results[1]).toMatchObject({
      level: 'error',
      message: { text: 'fixture: aws_cloudtrail.trail: is_multi_region_trail is false: events in other regions are not recorded' },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: 'cdktf.out/stacks/fixture/cdk.tf.json' } },
          logicalLocations: [{ fullyQualifiedName: 'aws_cloudtrail.trail', kind: 'resource' }],
        },
      ],
    });
    expect(run.results[2].suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted' });
  });
});

describe('junit', () => {
  it('has one test case per rule and resource, failures and skips counted', () => {
    const report = failingReport();
    const xml = formatReport(report, 'junit', opts);
    const doc = create(xml).end({ format: 'object' }) as any;
    const suites = doc.testsuites;
    expect(suites['@tests']).toBe(String(report.results.length));
    expect(suites['@failures']).toBe('2');
    // Skipped: the waived result, the plan-only rule, not applicable to a configuration file, and the four organization rules.
    expect(suites['@skipped']).toBe('6');
    const cases = [suites.testsuite.testcase].flat();
    expect(cases).toHaveLength(report.results.length);
    const multi = cases.find((c: any) => c['@classname'] === 'fixture.trail-multi-region');
    expect(multi['@name']).toBe('aws_cloudtrail.trail');
    expect(multi.failure['@message']).toBe('is_multi_region_trail is false: events in other regions are not recorded');
  });
});

describe('text', () => {
  it('is plain without a TTY, lists problems with address and construct path, and ends with a summary', () => {
    const text = formatReport(failingReport(), 'text', opts);
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toContain(
      '  FAIL    trail-multi-region  aws_cloudtrail.trail [fixture/trail/trail]\n          is_multi_region_trail is false: events in other regions are not recorded\n',
    );
    expect(text).toContain('WAIVED  bucket-force-destroy  aws_s3_bucket.access [fixture/access/bucket]');
    expect(text.trim().split('\n').pop()).toMatch(
      /^FAILED: 1 environment\(s\), 54 rule\(s\), \d+ result\(s\): \d+ pass, 2 fail, 0 unknown, 0 warn, 1 waived, 5 not applicable$/,
    );
  });

  it('colours statuses on a TTY', () => {
    expect(formatReport(failingReport(), 'text', { ...opts, colour: true })).toMatch(/\u001b\[31mFAIL/);
  });
});
