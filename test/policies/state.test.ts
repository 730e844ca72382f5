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
