/**
 * verify's report through check's renderers: the standard's results and verify's checks side by side, a
 * SARIF log valid against the 2.1.0 schema with a descriptor for every verify check, JUnit and markdown
 * titled `auditready verify`, and the exit decision from the summary.
 */
import { join } from 'node:path';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { RULES } from '../../policies/registry';
import { formatReport } from '../../policies/report';
import { VERIFY_CHECKS } from '../../verify/checks';
import { verifyEnvironments } from '../../verify/verify';
import { sarifValidator } from '../support/sarif-schema';
import { mockedClients, prodTarget } from './mocked-clients';

const target = prodTarget({ stackDir: join(process.cwd(), 'cdktf.out/stacks/prod') });
const state = {
  format_version: '1.0',
  terraform_version: '1.11.4',
  values: {
    root_module: {
      resources: [
        {
          address: 'aws_cloudtrail.trail_trail',
          mode: 'managed',
          type: 'aws_cloudtrail',
          name: 'trail_trail',
          values: { name: 'prod-audit-trail', s3_bucket_name: target.names.auditBucket, is_multi_region_trail: false, tags_all: { 'auditready:tier': 'prod' } },
        },
      ],
    },
  },
};
const plan = {
  resource_drift: [
    { address: 'aws_cloudtrail.trail_trail', change: { actions: ['update'], before: { enable_logging: true }, after: { enable_logging: false } } },
  ],
  configuration: { root_module: { resources: [{ address: 'aws_cloudtrail.trail_trail', expressions: { enable_logging: { constant_value: true } } }] } },
};

async function report() {
  mockClient(CloudTrailClient).on(GetTrailStatusCommand).resolves({ IsLogging: false }).on(DescribeTrailsCommand).resolves({ trailList: [] });
  mockClient(CloudWatchClient).on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
  mockClient(SNSClient).on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
  mockClient(KMSClient).on(DescribeKeyCommand).resolves({});
  const s3 = mockClient(S3Client);
  s3.onAnyCommand().resolves({});
  const clients = mockedClients();
  return verifyEnvironments(
    [target],
    { refresh: async () => ({ plan, state }), clients: async () => clients },
    { proveWorm: false, waivers: [], today: '2026-12-01' },
  );
}

const options = { colour: false, toolVersion: '1.2.3', title: 'auditready verify', rules: [...RULES, ...Object.values(VERIFY_CHECKS)] };

test('the standard and verify side by side: a rule of the standard, drift and runtime each fail, and the run fails', async () => {
  const r = await report();
  expect(r.summary.ok).toBe(false);
  const failing = r.results.filter((x) => x.status === 'fail').map((x) => x.rule);
  expect(failing).toEqual(expect.arrayContaining(['trail-multi-region', 'drift', 'live-trail-logging', 'live-heartbeat-alarm']));
  expect(r.results.find((x) => x.rule === 'drift')).toEqual(
    expect.objectContaining({ message: 'changed outside Terraform: enable_logging: state true -> live false', source: 'cdktf.out/stacks/prod/cdk.tf.json' }),
  );
});

test('SARIF: valid 2.1.0, with a descriptor for every verify check it reports', async () => {
  const validate = sarifValidator();
  const log = JSON.parse(formatReport(await report(), 'sarif', options));
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  const rules = log.runs[0].tool.driver.rules as { id: string }[];
  for (const result of log.runs[0].results as { ruleId: string; ruleIndex: number }[]) expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
  expect(rules.find((x) => x.id === 'live-trail-logging')).toMatchObject({ shortDescription: { text: 'The trail is logging' } });
});

test('JUnit and markdown carry the verify title and the checks remediation', async () => {
  const r = await report();
  expect(formatReport(r, 'junit', options)).toContain('<testsuites name="auditready verify"');
  const md = formatReport(r, 'markdown', options);
  expect(md).toMatch(/^### auditready verify: failed/);
  expect(md).toContain('Start it (`aws cloudtrail start-logging --name <trail-arn>`)');
});

test('--external: a key the state names but holds elsewhere is declared, not unknown, as in check', async () => {
  const key = 'arn:aws:kms:eu-central-1:444455556666:key/0f1e2d3c-4b5a-4697-8877-665544332211';
  const withKey = structuredClone(state);
  (withKey.values.root_module.resources[0]?.values as Record<string, unknown>).kms_key_id = key;
  const run = async (externals: string[]) => {
    const clients = mockedClients();
    return verifyEnvironments(
      [target],
      { refresh: async () => ({ plan, state: withKey }), clients: async () => clients },
      { proveWorm: false, waivers: [], externals },
    );
  };
  const cmk = (r: Awaited<ReturnType<typeof run>>) => r.results.find((x) => x.rule === 'trail-kms-cmk');
  expect(cmk(await run([]))?.status).toBe('unknown');
  expect(cmk(await run([key]))?.status).not.toBe('unknown');
});
