/**
 * Evasion through the input itself: JSON that Terraform reads differently from JSON.parse, and plans and numbers
 * that are not what will be applied. Each class has adversarial variants and a compliant layout beside them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { check } from '../../policies/engine';
import { expandInputs, InputError, loadFile, modelFromDocument } from '../../policies/load';
import { clone, compliantEnvironment, type Json } from './fixtures/environment';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'auditready-evasion-input-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Writes `text` as a fresh `*.tf.json` file and loads it as check does. */
function load(text: string) {
  // One directory per file: a directory is one Terraform module.
  const module = join(dir, `m${n++}`);
  mkdirSync(module);
  const file = join(module, 'main.tf.json');
  writeFileSync(file, text);
  return { file, model: () => loadFile(file) };
}

const statusesOf = (text: string) => {
  const report = check([load(text).model()], { waivers: [], today: '2026-01-01' });
  return { ok: report.summary.ok, report };
};

/** A compliant document's text with `insert` placed right after the first occurrence of `anchor`. */
function insertAfter(doc: Json, anchor: string, insert: string): string {
  const text = JSON.stringify(doc);
  const at = text.indexOf(anchor);
  if (at < 0) throw new Error(`anchor ${anchor} not found`);
  return text.slice(0, at + anchor.length) + insert + text.slice(at + anchor.length);
}

const shortLifecycle = JSON.stringify({
  aws_s3_bucket_lifecycle_configuration: {
    evil: {
      bucket: '${aws_s3_bucket.audit.id}',
      rule: [{ id: 'x', status: 'Enabled', filter: [{}], expiration: [{ days: 1 }], noncurrent_version_expiration: [{ noncurrent_days: 1 }] }],
    },
  },
});
const publicPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::fixture-audit-logs/*' }],
});

describe('duplicate JSON keys (Terraform reads every copy, JSON.parse only the last)', () => {
  it('passes the compliant layout, compact and indented', () => {
    expect(statusesOf(JSON.stringify(compliantEnvironment())).ok).toBe(true);
    expect(statusesOf(JSON.stringify(compliantEnvironment(), null, 2)).ok).toBe(true);
  });

  // The hidden copy comes first, so JSON.parse keeps the compliant one and sees nothing wrong.
  const variants: [string, string, string][] = [
    ['a second top-level "resource" key', insertAfter(compliantEnvironment(), '{', `"resource":${shortLifecycle},`), '$.resource'],
    [
      'a second resource type key',
      insertAfter(
        compliantEnvironment(),
        '"resource":{',
        `"aws_s3_bucket_policy":{"evil":{"bucket":"\${aws_s3_bucket.audit.id}","policy":${JSON.stringify(publicPolicy)}}},`,
      ),
      '$.resource.aws_s3_bucket_policy',
    ],
    ['the key spelled with an escape', insertAfter(compliantEnvironment(), '{', `"resourc\\u0065":${shortLifecycle},`), '$.resource'],
    [
      'a second name under one type',
      insertAfter(
        compliantEnvironment(),
        '"aws_s3_bucket_lifecycle_configuration":{',
        `"audit":${JSON.stringify(JSON.parse(shortLifecycle).aws_s3_bucket_lifecycle_configuration.evil)},`,
      ),
      '$.resource.aws_s3_bucket_lifecycle_configuration.audit',
    ],
    ['a duplicated "data" key', insertAfter(compliantEnvironment(), '{', '"data":{"aws_iam_policy_document":{}},'), '$.data'],
  ];
  it.each(variants)('refuses %s, naming the file and the JSON path', (_name, text, path) => {
    const { file, model } = load(text);
    // JSON.parse alone would read a passing document.
    expect(check([modelFromDocument(JSON.parse(text), file)], { waivers: [], today: '2026-01-01' }).summary.ok).toBe(true);
    expect(model).toThrow(InputError);
    expect(model).toThrow(`${file}: ${path}: duplicate key`);
  });

  it('finds a duplicate inside a nested block and names its index', () => {
    const doc = compliantEnvironment();
    const text = JSON.stringify(doc).replace('"status":"Enabled","filter":[{}]', '"status":"Enabled","status":"Disabled","filter":[{}]');
    expect(load(text).model).toThrow(/\$\.resource\.aws_s3_bucket_lifecycle_configuration\.audit\.rule\[0\]\.status: duplicate key "status"/);
  });
});

it('reads a policy string with a duplicated key as unknown', () => {
  const doc = clone(compliantEnvironment());
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
  doc.resource.aws_s3_bucket_policy.audit.policy = `${policy.slice(0, -1)},"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`;
  const results = check([modelFromDocument(doc, 'fixture/cdk.tf.json')], { waivers: [], today: '2026-01-01' }).results;
  expect(results.find((r) => r.rule === 'bucket-no-public-principal')).toMatchObject({
    status: 'unknown',
    message: expect.stringContaining('duplicate key "Statement"'),
  });
});

describe('numbers and plans that are not what will be applied', () => {
  it('refuses a number beyond a double (1e400 reads as Infinity), naming its path', () => {
    const text = JSON.stringify(compliantEnvironment()).replace('"deletion_window_in_days":30', '"deletion_window_in_days":1e400');
    expect(load(text).model).toThrow(/\$\.resource\.aws_kms_key\.key\.deletion_window_in_days: number 1e400 is out of range/);
    const negative = JSON.stringify(compliantEnvironment()).replace('"max_session_duration":3600', `"max_session_duration":-${'9'.repeat(400)}`);
    expect(load(negative).model).toThrow(/max_session_duration: number -9+ is out of range/);
    // The same numbers in range load.
    expect(statusesOf(JSON.stringify(compliantEnvironment()).replace('"deletion_window_in_days":30', '"deletion_window_in_days":3e1')).ok).toBe(true);
  });

  it('does not read a numeric string beyond a double as a number of days', () => {
    const doc = clone(compliantEnvironment());
    doc.resource.aws_s3_bucket_object_lock_configuration.audit.rule.default_retention.days = '9'.repeat(400);
    const results = check([modelFromDocument(doc, 'fixture/cdk.tf.json')], { waivers: [], today: '2026-01-01' }).results;
    expect(results.find((r) => r.rule === 'bucket-object-lock')?.status).toBe('unknown');
    doc.resource.aws_kms_key.key.deletion_window_in_days = '9'.repeat(400);
    expect(
      check([modelFromDocument(doc, 'fixture/cdk.tf.json')], { waivers: [], today: '2026-01-01' }).results.find((r) => r.rule === 'kms-key-deletion-window')
        ?.status,
    ).toBe('unknown');
  });

  const plan = (extra: Record<string, unknown>) => ({ format_version: '1.2', terraform_version: '1.11.4', planned_values: { root_module: {} }, ...extra });
  it('refuses an errored or incomplete plan', () => {
    expect(() => modelFromDocument(plan({}), 'p.json')).not.toThrow();
    expect(() => modelFromDocument(plan({ errored: true }), 'p.json')).toThrow('p.json: the plan is errored');
    expect(() => modelFromDocument(plan({ complete: false }), 'p.json')).toThrow('p.json: the plan is incomplete');
    expect(() => modelFromDocument(plan({ complete: true, errored: false }), 'p.json')).not.toThrow();
  });
});

describe('dynamic blocks (content repeated per for_each element, which check does not expand)', () => {
  const dynamic = (label: string, content: Json) => ({ [label]: { for_each: ['x'], content } });
  const variants: [string, (d: Json) => void, string][] = [
    [
      'a lifecycle rule expiring logs after a day',
      (d) => {
        d.resource.aws_s3_bucket_lifecycle_configuration.audit.dynamic = dynamic('rule', {
          id: 'short',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: 1 }],
        });
      },
      'bucket-lifecycle-retention',
    ],
    [
      'a noncurrent expiration nested in the rule',
      (d) => {
        const rule = d.resource.aws_s3_bucket_lifecycle_configuration.audit.rule[0];
        delete rule.noncurrent_version_expiration;
        rule.dynamic = dynamic('noncurrent_version_expiration', { noncurrent_days: 1 });
      },
      'bucket-lifecycle-retention',
    ],
    [
      'a public statement in the bucket policy document',
      (d) => {
        d.data.aws_iam_policy_document.audit.dynamic = dynamic('statement', {
          effect: 'Allow',
          actions: ['s3:GetObject'],
          resources: ['${aws_s3_bucket.audit.arn}/*'],
          principals: [{ type: '*', identifiers: ['*'] }],
        });
      },
      'bucket-no-public-principal',
    ],
    [
      'a condition narrowing the TLS deny',
      (d) => {
        const deny = d.data.aws_iam_policy_document.audit.statement.find((s: Json) => s.effect === 'Deny');
        deny.dynamic = dynamic('condition', { test: 'StringEquals', variable: 'aws:PrincipalAccount', values: ['999999999999'] });
      },
      'bucket-tls-only',
    ],
    [
      'a public statement in the key policy document',
      (d) => {
        d.data.aws_iam_policy_document.key.dynamic = dynamic('statement', {
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          resources: ['*'],
          principals: [{ type: 'AWS', identifiers: ['*'] }],
        });
      },
      'kms-key-policy-no-public-principal',
    ],
    [
      'a field selector of the trail in a list of blocks',
      (d) => {
        const selector = d.resource.aws_cloudtrail.trail.advanced_event_selector[1];
        selector.dynamic = [dynamic('field_selector', { field: 'eventName', not_equals: ['GetObject'] })];
      },
      'trail-s3-data-events',
    ],
  ];
  it.each(variants)('makes the rules reading the resource unknown: %s', (_name, mutate, rule) => {
    const doc = clone(compliantEnvironment());
    mutate(doc);
    const results = check([modelFromDocument(doc, 'fixture/cdk.tf.json')], { waivers: [], today: '2026-01-01' }).results.filter((r) => r.rule === rule);
    expect(results.length).toBeGreaterThan(0);
    expect(results.some((r) => r.status === 'unknown' && /dynamic/.test(r.message))).toBe(true);
  });

  it('passes the compliant layout, where "dynamic" is only a tag name', () => {
    const doc = clone(compliantEnvironment());
    doc.resource.aws_s3_bucket.audit.tags = { dynamic: 'no' };
    expect(check([modelFromDocument(doc, 'fixture/cdk.tf.json')], { waivers: [], today: '2026-01-01' }).summary.ok).toBe(true);
  });
});

describe('a module is more than the file', () => {
  /** A folder holding `files` (name -> text); returns the path of the compliant stack in it. */
  function module(files: Record<string, string>): string {
    const folder = join(dir, `m${n++}`);
    mkdirSync(folder);
    writeFileSync(join(folder, 'main.tf.json'), JSON.stringify(compliantEnvironment()));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    return join(folder, 'main.tf.json');
  }
  const checkInputs = (paths: string[]) => check(expandInputs(paths).map(loadFile), { waivers: [], today: '2026-01-01' });
  const evilLifecycle = JSON.stringify({ resource: JSON.parse(shortLifecycle) });

  it('checks the files of a folder as one configuration, as Terraform does', () => {
    const main = module({ 'evil.tf.json': evilLifecycle });
    for (const input of [main, dirname(main)]) {
      const report = checkInputs([input]);
      expect(report.summary.environments).toBe(1);
      expect(report.results.find((r) => r.rule === 'bucket-lifecycle-retention')).toMatchObject({ status: 'fail' });
    }
    // Split the compliant stack over two files: it still passes.
    const doc = compliantEnvironment();
    const { aws_cloudtrail, ...rest } = doc.resource;
    const split = module({});
    writeFileSync(split, JSON.stringify({ ...doc, resource: rest }));
    writeFileSync(join(dirname(split), 'trail.tf.json'), JSON.stringify({ resource: { aws_cloudtrail } }));
    expect(checkInputs([dirname(split)]).summary).toMatchObject({ ok: true, environments: 1 });
  });

  it('refuses a resource declared in two files, or twice under one name', () => {
    const twice = module({ 'again.tf.json': JSON.stringify({ resource: { aws_s3_bucket_policy: { audit: { bucket: 'x', policy: '{}' } } } }) });
    expect(() => checkInputs([twice])).toThrow('aws_s3_bucket_policy.audit is declared twice');
    const doc = compliantEnvironment();
    doc.resource.aws_s3_bucket_policy.audit = [doc.resource.aws_s3_bucket_policy.audit, { bucket: '${aws_s3_bucket.audit.id}', policy: publicPolicy }];
    expect(() => modelFromDocument(doc, 'f.tf.json')).toThrow('aws_s3_bucket_policy.audit is declared twice');
  });

  it.each([
    ['an HCL file', 'evil.tf', /holds HCL configuration \(evil\.tf\), which is part of the module and which check cannot read; check the plan instead/],
    ['an override file', 'main_override.tf.json', /main_override\.tf\.json: an override file changes the configuration beside it/],
    ['override.tf.json', 'override.tf.json', /override\.tf\.json: an override file/],
    ['an HCL override', 'override.tf', /override\.tf: an override file/],
  ])('refuses a folder with %s, checked as a file or a folder', (_name, file, message) => {
    const main = module({
      [file]: file.endsWith('.json') ? JSON.stringify({ resource: { aws_cloudtrail: { trail: { enable_logging: false } } } }) : 'resource "x" "y" {}',
    });
    expect(() => checkInputs([main])).toThrow(message);
    expect(() => checkInputs([dirname(main)])).toThrow(message);
  });

  it('refuses a folder holding only HCL', () => {
    const folder = join(dir, `m${n++}`);
    mkdirSync(folder);
    writeFileSync(join(folder, 'main.tf'), 'resource "aws_s3_bucket" "b" {}');
    expect(() => checkInputs([folder])).toThrow(/holds HCL configuration \(main\.tf\)/);
  });

  it('makes the configurations a called module could also set unknown', () => {
    const doc = compliantEnvironment();
    doc.module = { logs: { source: './logs' } };
    const results = check([modelFromDocument(doc, 'f.tf.json')], { waivers: [], today: '2026-01-01' }).results;
    for (const rule of ['bucket-lifecycle-retention', 'bucket-no-public-principal', 'bucket-object-lock', 'iam-auditor-read-only']) {
      expect(results.find((r) => r.rule === rule)).toMatchObject({ status: 'unknown', message: expect.stringContaining('module logs') });
    }
  });
});

const run = (doc: Json, externals: string[] = []) =>
  check([modelFromDocument(doc, 'fixture/cdk.tf.json')], { waivers: [], today: '2026-01-01', ...(externals.length > 0 ? { externals } : {}) });
const statusOf = (doc: Json, rule: string, externals: string[] = []) => {
  const results = run(doc, externals).results.filter((r) => r.rule === rule);
  return results.some((r) => r.status === 'unknown') ? 'unknown' : results.some((r) => r.status === 'fail') ? 'fail' : results[0]?.status;
};

describe('only identity attributes tie a reference to a resource', () => {
  const variants: [string, (d: Json) => void, string][] = [
    [
      'a lock configuration through a tag',
      (d) => {
        d.resource.aws_s3_bucket_object_lock_configuration.audit.bucket = '${aws_s3_bucket.audit.tags_all.x}';
      },
      'bucket-object-lock',
    ],
    [
      'a versioning configuration through a tag',
      (d) => {
        d.resource.aws_s3_bucket_versioning.audit.bucket = '${aws_s3_bucket.audit.tags.name}';
      },
      'bucket-versioning',
    ],
    [
      'the trail bucket through its region',
      (d) => {
        d.resource.aws_cloudtrail.trail.s3_bucket_name = '${aws_s3_bucket.audit.region}';
      },
      'bucket-versioning',
    ],
    [
      'the trail key through its policy',
      (d) => {
        d.resource.aws_cloudtrail.trail.kms_key_id = '${aws_kms_key.key.description}';
      },
      'trail-kms-cmk',
    ],
    [
      'the topic key through its tags',
      (d) => {
        d.resource.aws_sns_topic.alarms.kms_master_key_id = '${aws_kms_key.key.tags_all.k}';
      },
      'cis-5-01-unauthorized-api-calls',
    ],
    [
      'a bucket data source through its tags',
      (d) => {
        d.data.aws_s3_bucket = { audit: { bucket: 'fixture-audit-logs' } };
        d.resource.aws_s3_bucket_lifecycle_configuration.audit.bucket = '${data.aws_s3_bucket.audit.tags.x}';
      },
      'bucket-lifecycle-retention',
    ],
  ];
  it.each(variants)('reads %s as unknown', (_name, mutate, rule) => {
    const doc = clone(compliantEnvironment());
    mutate(doc);
    expect(statusOf(doc, rule)).toBe('unknown');
  });

  it('passes the compliant layout with every identity attribute', () => {
    const doc = clone(compliantEnvironment());
    doc.resource.aws_s3_bucket_object_lock_configuration.audit.bucket = '${aws_s3_bucket.audit.bucket}';
    doc.resource.aws_cloudtrail.trail.kms_key_id = '${aws_kms_key.key.key_id}';
    doc.data.aws_s3_bucket = { audit: { bucket: 'fixture-audit-logs' } };
    doc.resource.aws_s3_bucket_lifecycle_configuration.audit.bucket = '${data.aws_s3_bucket.audit.id}';
    expect(run(doc).summary.ok).toBe(true);
  });
});

describe('a literal name not in the file is unknown unless declared external', () => {
  const writes = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 'cloudtrail:StopLogging'], Resource: '*' }],
  });
  const variants: [string, string, (d: Json) => void, string][] = [
    [
      'a role policy for a role elsewhere',
      'some-external-role',
      (d) => {
        d.resource.aws_iam_role_policy.x = { role: 'some-external-role', policy: writes };
      },
      'iam-auditor-read-only',
    ],
    [
      'a role policy naming a role in another case',
      'FIXTURE-AUDITOR',
      (d) => {
        d.resource.aws_iam_role_policy.x = { role: 'FIXTURE-AUDITOR', policy: writes };
      },
      'iam-auditor-read-only',
    ],
    [
      'a policy attachment for a role elsewhere',
      'ops',
      (d) => {
        d.resource.aws_iam_role_policy_attachment.x = { role: 'ops', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' };
      },
      'iam-auditor-read-only',
    ],
    [
      'a bucket policy for a bucket elsewhere',
      'other-bucket',
      (d) => {
        d.resource.aws_s3_bucket_policy.x = { bucket: 'other-bucket', policy: publicPolicy };
      },
      'bucket-no-public-principal',
    ],
  ];
  it.each(variants)('reads %s as unknown, and as declared with --external', (_name, literal, mutate, rule) => {
    const doc = clone(compliantEnvironment());
    mutate(doc);
    const unknown = run(doc).results.find((r) => r.rule === rule && r.status === 'unknown');
    expect(unknown?.message).toContain(`names ${literal}, which is not defined in this file; if it lives elsewhere, declare it with --external ${literal}`);
    const declared = run(doc, [literal]);
    expect(declared.results.filter((r) => r.rule === rule).map((r) => r.status)).not.toContain('unknown');
    expect(declared.externals?.find((e) => e.name === literal)?.uses.length).toBeGreaterThan(0);
  });
});

describe('compliant layouts that must pass', () => {
  const withAlias = (): Json => {
    const doc = clone(compliantEnvironment());
    doc.resource.aws_kms_alias = { key: { name: 'alias/fixture-audit', target_key_id: '${aws_kms_key.key.key_id}' } };
    return doc;
  };
  it.each([
    [
      'the trail key as the alias name',
      (d: Json) => {
        d.resource.aws_cloudtrail.trail.kms_key_id = 'alias/fixture-audit';
      },
    ],
    [
      'the trail key as the alias ARN',
      (d: Json) => {
        d.resource.aws_cloudtrail.trail.kms_key_id = 'arn:aws:kms:eu-west-1:111122223333:alias/fixture-audit';
      },
    ],
    [
      'the trail key as a reference to the alias ARN',
      (d: Json) => {
        d.resource.aws_cloudtrail.trail.kms_key_id = '${aws_kms_alias.key.arn}';
      },
    ],
    [
      'the topic key as a reference to the alias name',
      (d: Json) => {
        d.resource.aws_sns_topic.alarms.kms_master_key_id = '${aws_kms_alias.key.name}';
      },
    ],
  ])('resolves %s to the key', (_name, mutate) => {
    const doc = withAlias();
    mutate(doc);
    expect(run(doc).summary.ok).toBe(true);
  });

  it('does not take an alias to another key, an alias elsewhere or an alias that may not exist for the key', () => {
    const other = withAlias();
    other.resource.aws_kms_alias.key.target_key_id = 'alias/aws/s3';
    other.resource.aws_cloudtrail.trail.kms_key_id = 'alias/fixture-audit';
    expect(statusOf(other, 'trail-kms-cmk')).toBe('fail');
    const elsewhere = withAlias();
    elsewhere.resource.aws_cloudtrail.trail.kms_key_id = 'alias/fixture-other';
    expect(statusOf(elsewhere, 'trail-kms-cmk')).toBe('unknown');
    const maybe = withAlias();
    maybe.resource.aws_kms_alias.key.count = '${var.n}';
    maybe.resource.aws_cloudtrail.trail.kms_key_id = 'alias/fixture-audit';
    expect(statusOf(maybe, 'trail-kms-cmk')).toBe('unknown');
    maybe.resource.aws_cloudtrail.trail.kms_key_id = '${aws_kms_alias.key.arn}';
    expect(statusOf(maybe, 'trail-kms-cmk')).toBe('unknown');
  });

  it('takes Object Lock enabled by the lock configuration on a bucket without object_lock_enabled', () => {
    const doc = clone(compliantEnvironment());
    delete doc.resource.aws_s3_bucket.audit.object_lock_enabled;
    expect(statusOf(doc, 'bucket-object-lock')).toBe('pass');
    doc.resource.aws_s3_bucket_object_lock_configuration.audit.object_lock_enabled = 'Enabled';
    expect(statusOf(doc, 'bucket-object-lock')).toBe('pass');
    doc.resource.aws_s3_bucket_object_lock_configuration.audit.object_lock_enabled = '${var.lock}';
    expect(statusOf(doc, 'bucket-object-lock')).toBe('unknown');
    delete doc.resource.aws_s3_bucket_object_lock_configuration;
    expect(statusOf(doc, 'bucket-object-lock')).toBe('fail');
  });
});
