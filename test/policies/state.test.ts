/** The state loader: `terraform show -json` of a state, as `auditready verify` reads the refreshed state. */
import { check } from '../../policies/engine';
import { detectKind, modelFromDocument } from '../../policies/load';

const tags = { 'auditready:environment': 'prod', 'auditready:tier': 'prod' };
const state = {
  format_version: '1.0',
  terraform_version: '1.11.4',
  values: {
    root_module: {
      resources: [
        { address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', values: { bucket: 'logs', tags_all: tags } },
        { address: 'data.aws_iam_policy_document.d', mode: 'data', type: 'aws_iam_policy_document', name: 'd', values: { json: '{}' } },
      ],
      child_modules: [
        {
          address: 'module.m',
          resources: [{ address: 'module.m.aws_s3_bucket.c', mode: 'managed', type: 'aws_s3_bucket', name: 'c', values: { bucket: 'other', tags_all: tags } }],
        },
      ],
    },
  },
};

test('a state is recognized, its resources (child modules and data sources included) read with their values, and the tier its tags agree on declared', () => {
  expect(detectKind(state)).toBe('state');
  const model = modelFromDocument(state, 'terraform.tfstate');
  expect(model.resources.map((r) => `${r.mode} ${r.address}`)).toEqual([
    'managed aws_s3_bucket.b',
    'data data.aws_iam_policy_document.d',
    'managed module.m.aws_s3_bucket.c',
  ]);
  expect(model.get('aws_s3_bucket.b')?.values.bucket).toBe('logs');
  expect(model).toEqual(expect.objectContaining({ kind: 'state', declaredEnvironment: 'prod', declaredTier: 'prod', recordsLifecycle: false }));
});

test('resources that disagree on the tier declare none: the checker then needs --tier', () => {
  const mixed = structuredClone(state);
  mixed.values.root_module.child_modules[0]!.resources[0]!.values.tags_all = { ...tags, 'auditready:tier': 'dev' };
  const model = modelFromDocument(mixed, 'mixed.tfstate.json');
  expect(model.declaredTier).toBeUndefined();
  expect(() => check([model])).toThrow(/declares no tier/);
});

test("a bucket's read-only copies of its split settings are left out where a split resource manages them, and the owner's own grant", () => {
  const bucket = (name: string, extra: Record<string, unknown>) => ({
    address: `aws_s3_bucket.${name}`,
    mode: 'managed',
    type: 'aws_s3_bucket',
    name,
    values: {
      bucket: name,
      acl: null,
      versioning: [{ enabled: true, mfa_delete: false }],
      policy: '{"Version":"2012-10-17","Statement":[]}',
      object_lock_configuration: [{ object_lock_enabled: 'Enabled', rule: [{ default_retention: [{ mode: 'GOVERNANCE', days: 1 }] }] }],
      ...extra,
    },
  });
  const split = (type: string, name: string, bucketName: string) => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    values: { bucket: bucketName },
  });
  const owner = { id: 'abc', permissions: ['FULL_CONTROL'], type: 'CanonicalUser', uri: '' };
  const model = modelFromDocument(
    {
      ...state,
      values: {
        root_module: {
          resources: [
            bucket('managed', { grant: [owner] }),
            split('aws_s3_bucket_versioning', 'v', 'managed'),
            split('aws_s3_bucket_policy', 'p', 'managed'),
            split('aws_s3_bucket_object_lock_configuration', 'l', 'managed'),
            bucket('inline', { grant: [owner, { id: '', permissions: ['READ'], type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }] }),
          ],
        },
      },
    },
    'terraform.tfstate',
  );
  const managed = model.get('aws_s3_bucket.managed')?.values ?? {};
  expect(Object.keys(managed).sort()).toEqual(['acl', 'bucket', 'object_lock_configuration']);
  expect(managed.object_lock_configuration).toEqual([{ object_lock_enabled: 'Enabled' }]);
  // Nothing manages the other bucket's settings: what S3 reports for it stays, a public grant included.
  const inline = model.get('aws_s3_bucket.inline')?.values ?? {};
  expect(Object.keys(inline).sort()).toEqual(['acl', 'bucket', 'grant', 'object_lock_configuration', 'policy', 'versioning']);
});
