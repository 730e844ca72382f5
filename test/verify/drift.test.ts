/** Drift from a refresh-only plan's resource_drift, in the shape `terraform show -json` writes it. */
import { describeAttributes, driftOf } from '../../verify/drift';

const plan = (drift: unknown[], resources: unknown[] = []) => ({
  format_version: '1.2',
  resource_drift: drift,
  configuration: { root_module: { resources } },
});

test('only attributes the configuration sets are managed; policies are compared statement by statement; sensitive values are hidden', () => {
  const before = {
    bucket: 'b',
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Deny' }] }),
    lifecycle_rule: [],
    secret: 'old-secret',
  };
  const after = {
    bucket: 'b',
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow' }] }),
    lifecycle_rule: [{ id: 'x' }],
    secret: 'new-secret',
  };
  const [d] = driftOf(
    plan(
      [
        {
          address: 'aws_s3_bucket_policy.p',
          change: { actions: ['update'], before, after, before_sensitive: { secret: true }, after_sensitive: { secret: true } },
        },
      ],
      [
        {
          address: 'aws_s3_bucket_policy.p',
          expressions: { bucket: { references: ['x'] }, policy: { references: ['data.x.json'] }, secret: { constant_value: 'x' } },
        },
      ],
    ),
  );
  expect(d?.attributes).toEqual([
    { path: 'lifecycle_rule', managed: false, state: '[]', live: '[{"id":"x"}]' },
    { path: 'policy.Statement[0].Effect', managed: true, state: '"Deny"', live: '"Allow"' },
    { path: 'secret', managed: true, state: '(sensitive)', live: '(sensitive)' },
  ]);
  expect(describeAttributes(d?.attributes ?? [])).not.toMatch(/secret"/);
});

test('a nested attribute the configuration does not set is not managed, beside one it sets', () => {
  const [d] = driftOf(
    plan(
      [
        {
          address: 'aws_s3_bucket_server_side_encryption_configuration.e',
          change: {
            actions: ['update'],
            before: { rule: [{ bucket_key_enabled: null, apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }] }] },
            after: { rule: [{ bucket_key_enabled: false, apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }] }] },
          },
        },
      ],
      [
        {
          address: 'aws_s3_bucket_server_side_encryption_configuration.e',
          expressions: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: { constant_value: 'aws:kms' } }] }] },
        },
      ],
    ),
  );
  expect(d?.attributes.map((a) => [a.path, a.managed])).toEqual([
    ['rule[0].apply_server_side_encryption_by_default[0].sse_algorithm', true],
    ['rule[0].bucket_key_enabled', false],
  ]);
});

test('a resource gone is a delete; an instance key is matched to its configuration', () => {
  expect(driftOf(plan([{ address: 'aws_cloudtrail.t', change: { actions: ['delete'], before: { name: 't' }, after: null } }]))).toEqual([
    { address: 'aws_cloudtrail.t', action: 'delete', attributes: [] },
  ]);
  const [d] = driftOf(
    plan(
      [
        {
          address: 'aws_sns_topic_subscription.s[0]',
          change: { actions: ['update'], before: { endpoint: 'a@example.com' }, after: { endpoint: 'b@example.com' } },
        },
      ],
      [{ address: 'aws_sns_topic_subscription.s', expressions: { endpoint: { constant_value: 'a@example.com' } } }],
    ),
  );
  expect(d?.attributes).toEqual([{ path: 'endpoint', managed: true, state: '"a@example.com"', live: '"b@example.com"' }]);
});
