/** Loading, references, policy documents, unknown values, tiers and waivers. */
import { check } from '../../policies/engine';
import { parseJsonencode, parseTemplate, singleReference } from '../../policies/expression';
import { detectKind, InputError, modelFromDocument } from '../../policies/load';
import { readPolicy } from '../../policies/policy-document';
import { RULES } from '../../policies/registry';
import { formatReport } from '../../policies/report';
import { validateWaivers, type Waiver } from '../../policies/waivers';
import { WAIVERS } from '../../policies/waivers/index';
import { clone, compliantEnvironment } from './fixtures/environment';
import { MUTATIONS } from './mutations';
import { checkDocument, findings, nonPassingRules } from './support';

describe('expressions', () => {
  it('splits templates and finds a single reference with text around it', () => {
    expect(parseTemplate('${aws_s3_bucket.a.arn}/*')).toEqual([{ expression: 'aws_s3_bucket.a.arn' }, { literal: '/*' }]);
    expect(parseTemplate('$${literal}')).toEqual([{ literal: '${literal}' }]);
    expect(singleReference('${aws_cloudwatch_log_group.g.arn}:*')).toEqual({
      ref: { mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'g', address: 'aws_cloudwatch_log_group.g', attribute: 'arn' },
      prefix: '',
      suffix: ':*',
    });
    expect(singleReference('${data.aws_iam_policy_document.d.json}')?.ref.address).toBe('data.aws_iam_policy_document.d');
    expect(singleReference('${var.bucket}')).toBeUndefined();
    expect(singleReference('${aws_s3_bucket.a.arn}${aws_s3_bucket.b.arn}')).toBeUndefined();
  });

  it('reads jsonencode literals with references, and refuses function calls', () => {
    expect(parseJsonencode('jsonencode({"A" = [aws_s3_bucket.a.arn, "${aws_s3_bucket.a.arn}/*"], B = {C: true, D = 3}})')).toEqual({
      A: ['${aws_s3_bucket.a.arn}', '${aws_s3_bucket.a.arn}/*'],
      B: { C: true, D: 3 },
    });
    expect(() => parseJsonencode('jsonencode({"A" = format("%s", var.x)})')).toThrow(/function call format\(\)/);
  });
});

describe('policy documents', () => {
  const model = modelFromDocument(compliantEnvironment(), 'fixture');
  const statementIn = (value: unknown) => {
    const read = readPolicy(model, value);
    return read.kind === 'document' ? read.statements : read;
  };

  it('reads the three forms into the same statements', () => {
    const json = JSON.stringify({
      Statement: [
        { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '${aws_s3_bucket.audit.arn}', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    });
    const encoded =
      '${jsonencode({"Statement" = [{"Effect" = "Deny", "Principal" = "*", "Action" = "s3:*", "Resource" = aws_s3_bucket.audit.arn, "Condition" = {"Bool" = {"aws:SecureTransport" = "false"}}}]})}';
    const expected = [
      {
        effect: 'Deny',
        actions: ['s3:*'],
        notActions: [],
        resources: ['${aws_s3_bucket.audit.arn}'],
        notResources: [],
        principals: [{ type: '*', identifiers: ['*'] }],
        notPrincipals: [],
        conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ];
    expect(statementIn(json)).toEqual(expected);
    expect(statementIn(encoded)).toEqual(expected);
    const fromData = statementIn('${data.aws_iam_policy_document.audit.json}') as unknown as { sid?: string; principals: unknown; conditions: unknown }[];
    expect(fromData[0]).toMatchObject({
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      conditions: expected[0]!.conditions,
    });
  });

  it('reports a policy it cannot read as unknown, and an absent one as absent', () => {
    expect(readPolicy(model, '${var.policy}')).toEqual({ kind: 'unknown', expression: '${var.policy}' });
    expect(readPolicy(model, '${data.aws_iam_policy_document.missing.json}')).toEqual({
      kind: 'unknown',
      expression: '${data.aws_iam_policy_document.missing.json}',
    });
    expect(readPolicy(model, undefined)).toEqual({ kind: 'absent' });
  });
});

describe('relational reading', () => {
  it('follows split resources referenced by .bucket as well as .id, and literal bucket ARNs in data events', () => {
    const doc = clone(compliantEnvironment());
    doc.resource.aws_s3_bucket_public_access_block.audit.bucket = '${aws_s3_bucket.audit.bucket}';
    doc.resource.aws_cloudtrail.trail.event_selector[0].data_resource[0].values = ['arn:aws:s3:::fixture-audit-logs/'];
    expect(nonPassingRules(checkDocument(doc))).toEqual([]);
  });

  it('understands advanced event selectors', () => {
    const doc = clone(compliantEnvironment());
    const trail = doc.resource.aws_cloudtrail.trail;
    delete trail.event_selector;
    trail.advanced_event_selector = [
      { name: 'management', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] },
      {
        name: 'audit-bucket-objects',
        field_selector: [
          { field: 'eventCategory', equals: ['Data'] },
          { field: 'resources.type', equals: ['AWS::S3::Object'] },
          { field: 'resources.ARN', starts_with: ['${aws_s3_bucket.audit.arn}/'] },
        ],
      },
    ];
    expect(nonPassingRules(checkDocument(doc))).toEqual([]);
    trail.advanced_event_selector[1].field_selector.push({ field: 'readOnly', equals: ['false'] });
    expect(findings(checkDocument(doc), 'trail-s3-data-events', 'fail')).toEqual([
      ['aws_cloudtrail.trail', 'read S3 data events on aws_s3_bucket.audit are not recorded'],
    ]);
  });

  it('finds the roles of buckets from the trail, not from names', () => {
    const doc = clone(compliantEnvironment());
    doc.resource.aws_s3_bucket.unrelated = { bucket: 'other', force_destroy: true };
    expect(nonPassingRules(checkDocument(doc))).toEqual([]);
  });
});

describe('input kinds and tiers', () => {
  it('recognizes cdktf, plain Terraform JSON and plan JSON, and rejects anything else', () => {
    expect(detectKind(compliantEnvironment())).toBe('cdktf');
    const plain = clone(compliantEnvironment());
    delete plain['//'];
    expect(detectKind(plain)).toBe('terraform-json');
    expect(detectKind({ format_version: '1.2', planned_values: {} })).toBe('plan');
    expect(() => modelFromDocument({ hello: 1 }, 'x.json')).toThrow(
      new InputError('x.json: not a cdktf stack, Terraform JSON configuration or terraform show -json plan'),
    );
  });

  it('takes the tier from --tier over the declared tier, and refuses a file that states none', () => {
    const doc = clone(compliantEnvironment('dev'));
    doc.resource.aws_s3_bucket_object_lock_configuration.audit.rule.default_retention = { mode: 'GOVERNANCE', days: 100 };
    expect(nonPassingRules(checkDocument(doc))).toEqual([]);
    expect(findings(checkDocument(doc, { tier: 'prod' }), 'bucket-object-lock', 'fail')).toEqual([
      ['aws_s3_bucket.audit', 'default retention mode GOVERNANCE is not allowed for tier prod (allowed: COMPLIANCE)'],
    ]);
    delete doc.provider.aws[0].default_tags;
    expect(() => checkDocument(doc, { source: 'plain.tf.json' })).toThrow(
      'plain.tf.json: the file declares no tier (provider default tag auditready:tier); pass --tier dev|staging|prod',
    );
    expect(checkDocument(doc, { tier: 'staging', source: 'plain.tf.json' }).results[0]?.environment).toBe('plain');
  });

  it('reports a warn-level failure as warn, which does not fail the check', () => {
    const doc = clone(compliantEnvironment('dev'));
    MUTATIONS['log-resources-prevent-destroy']!.apply(doc);
    const report = checkDocument(doc);
    expect(report.results.filter((r) => r.status === 'warn').map((r) => r.rule)).toEqual(['log-resources-prevent-destroy']);
    expect(report.summary.ok).toBe(true);
  });
});

describe('waivers', () => {
  const known = new Set(RULES.map((r) => r.id));
  const good: Waiver = {
    rule: 'trail-multi-region',
    resource: 'aws_cloudtrail.trail',
    environment: 'fixture',
    reason: 'single-region trail until the org trail lands (SEC-1234)',
    expires: '2026-03-31',
    approver: 'ciso@example.com',
  };

  it('the project waiver list is valid', () => {
    expect(validateWaivers(WAIVERS, known, new Date().toISOString().slice(0, 10))).toEqual([]);
  });

  it('rejects expired, reasonless, unknown-rule and wildcard waivers', () => {
    expect(validateWaivers([good], known, '2026-01-01')).toEqual([]);
    const label = (w: Waiver, i = 1) => `waiver ${i} (rule ${w.rule}, resource ${w.resource}, environment ${w.environment})`;
    const expired = { ...good, expires: '2025-12-31' };
    expect(validateWaivers([expired], known, '2026-01-01')).toEqual([`${label(expired)}: expired on 2025-12-31`]);
    const short = { ...good, reason: 'temporary' };
    expect(validateWaivers([short], known, '2026-01-01')).toEqual([`${label(short)}: reason must be at least 20 characters`]);
    const unknownRule = { ...good, rule: 'no-such-rule' };
    expect(validateWaivers([unknownRule], known, '2026-01-01')).toEqual([`${label(unknownRule)}: unknown rule no-such-rule`]);
    const wildcard = { ...good, resource: 'aws_cloudtrail.*' };
    expect(validateWaivers([wildcard], known, '2026-01-01')).toEqual([`${label(wildcard)}: resource contains a wildcard; a waiver names exactly one resource`]);
    const noApprover = { ...good, approver: ' ', expires: 'soon' };
    expect(validateWaivers([noApprover], known, '2026-01-01')).toEqual([
      `${label(noApprover)}: approver is empty`,
      `${label(noApprover)}: expires must be a date YYYY-MM-DD`,
    ]);
  });

  it('reports waived results as waived, with the waiver, and an invalid waiver list is an input error', () => {
    const doc = clone(compliantEnvironment());
    MUTATIONS['trail-multi-region']!.apply(doc);
    const report = checkDocument(doc, { waivers: [good] });
    const waived = report.results.filter((r) => r.status === 'waived');
    expect(waived.map((r) => [r.rule, r.resource, r.outcome, r.waiver?.approver])).toEqual([
      ['trail-multi-region', 'aws_cloudtrail.trail', 'fail', 'ciso@example.com'],
    ]);
    expect(report.summary).toMatchObject({ fail: 0, waived: 1, ok: true });
    expect(() => check([modelFromDocument(doc, 'f')], { waivers: [{ ...good, expires: '2020-01-01' }], today: '2026-01-01' })).toThrow(
      /^invalid waivers: waiver 1 .*expired on 2020-01-01$/,
    );
  });

  it('does not waive another environment or resource', () => {
    const doc = clone(compliantEnvironment());
    MUTATIONS['trail-multi-region']!.apply(doc);
    expect(checkDocument(doc, { waivers: [{ ...good, environment: 'prod' }] }).summary).toMatchObject({ fail: 1, waived: 0 });
  });
});

describe('alarms and topics', () => {
  it('fails a CIS control whose alarm has no action, or notifies an unencrypted topic', () => {
    const noAction = clone(compliantEnvironment());
    noAction.resource.aws_cloudwatch_metric_alarm['cis-5-3'].alarm_actions = [];
    expect(findings(checkDocument(noAction), 'cis-5-03-root-account-usage', 'fail')).toEqual([
      ['aws_cloudwatch_metric_alarm.cis-5-3', 'alarm for CIS 5.3 (uses of the root account) has no enabled action to a KMS-encrypted SNS topic'],
    ]);
    const plainTopic = clone(compliantEnvironment());
    delete plainTopic.resource.aws_sns_topic.alarms.kms_master_key_id;
    const report = checkDocument(plainTopic);
    expect(nonPassingRules(report)).toEqual(
      RULES.filter((r) => r.id.startsWith('cis-'))
        .map((r) => r.id)
        .sort(),
    );
  });

  it('fails a CIS control whose filter metric no alarm watches', () => {
    const doc = clone(compliantEnvironment());
    delete doc.resource.aws_cloudwatch_metric_alarm['cis-5-7'];
    expect(findings(checkDocument(doc), 'cis-5-07-cmk-disable-or-deletion', 'fail')).toEqual([
      [
        'aws_cloudwatch_log_metric_filter.cis-5-7',
        'no alarm watches the metric of this CIS 5.7 filter (disabled or scheduled-for-deletion customer-managed keys)',
      ],
    ]);
  });

  it('accepts an alarm that names its filter by reference, and a trail key given through an alias', () => {
    const doc = clone(compliantEnvironment());
    doc.resource.aws_cloudwatch_metric_alarm['cis-5-1'].metric_name = '${aws_cloudwatch_log_metric_filter.cis-5-1.metric_transformation[0].name}';
    doc.resource.aws_kms_alias = { audit: { name: 'alias/audit', target_key_id: '${aws_kms_key.key.key_id}' } };
    doc.resource.aws_cloudtrail.trail.kms_key_id = '${aws_kms_alias.audit.arn}';
    const report = checkDocument(doc);
    expect(nonPassingRules(report)).toEqual([]);
    expect(findings(report, 'log-resources-prevent-destroy', 'pass').map(([r]) => r)).toContain('aws_kms_key.key');
  });
});

describe('IAM inline policies', () => {
  it('finds "*" in a role inline_policy block', () => {
    const doc = clone(compliantEnvironment());
    doc.resource.aws_iam_role.delivery.inline_policy = [
      { name: 'all', policy: JSON.stringify({ Statement: [{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }] }) },
    ];
    expect(findings(checkDocument(doc), 'iam-no-wildcard-actions', 'fail')).toEqual([['aws_iam_role.delivery', 'statement All allows action "*"']]);
  });
});

describe('object lock retention', () => {
  it('counts years as 365 days and treats an unresolvable mode as unknown', () => {
    const years = clone(compliantEnvironment());
    years.resource.aws_s3_bucket_object_lock_configuration.audit.rule.default_retention = { mode: 'COMPLIANCE', years: 2 };
    expect(findings(checkDocument(years), 'bucket-object-lock', 'pass')).toEqual([['aws_s3_bucket.audit', 'Object Lock COMPLIANCE retention of 730 days']]);
    const variable = clone(compliantEnvironment());
    variable.resource.aws_s3_bucket_object_lock_configuration.audit.rule.default_retention = { mode: '${var.mode}', days: 400 };
    expect(findings(checkDocument(variable), 'bucket-object-lock', 'unknown')).toEqual([
      ['aws_s3_bucket.audit', 'default_retention cannot be resolved ({"mode":"${var.mode}","days":400}); unknown values fail closed'],
    ]);
  });
});

describe('levels', () => {
  it('fails an unknown value even in a rule at level warn', () => {
    const doc = clone(compliantEnvironment('dev'));
    doc.resource.aws_s3_bucket.audit.lifecycle = { prevent_destroy: '${var.protect}' };
    const report = checkDocument(doc);
    expect(report.results.filter((r) => r.rule === 'log-resources-prevent-destroy' && r.status === 'unknown').map((r) => [r.level, r.resource])).toEqual([
      ['warn', 'aws_s3_bucket.audit'],
    ]);
    expect(report.summary.ok).toBe(false);
  });
});

describe('unused waivers', () => {
  it('lists waivers of checked environments that matched nothing, in the report and the text and json formats', () => {
    const stale: Waiver = {
      rule: 'bucket-sse-kms',
      resource: 'aws_s3_bucket.audit',
      environment: 'fixture',
      reason: 'kept from before the key migration (SEC-99)',
      expires: '2026-12-31',
      approver: 'ciso@example.com',
    };
    const elsewhere: Waiver = { ...stale, environment: 'not-checked-here' };
    const report = checkDocument(compliantEnvironment(), { waivers: [stale, elsewhere] });
    expect(report.unusedWaivers).toEqual([stale]);
    expect(formatReport(report, 'text', { colour: false, toolVersion: '0' })).toContain(
      'note: waiver for bucket-sse-kms on aws_s3_bucket.audit in fixture (expires 2026-12-31) matched no failing result; remove it\n',
    );
    expect(JSON.parse(formatReport(report, 'json', { colour: false, toolVersion: '0' })).unusedWaivers).toEqual([stale]);
  });
});
