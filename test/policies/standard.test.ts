/** The standard's shape: rule files, metadata, the pinned rule list and levels, and the framework mappings. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FRAMEWORKS } from '../../policies/frameworks';
import { RULES } from '../../policies/registry';
import { STANDARD } from '../../policies/standard';
import { FRAMEWORK_IDS } from '../../policies/types';
import { THRESHOLDS } from '../../standard/thresholds';

const POLICIES = join(__dirname, '../../policies');
const RULE_DIR = join(POLICIES, 'rules');

describe('rule files', () => {
  const files = readdirSync(RULE_DIR).filter((f) => f.endsWith('.ts'));

  it('hold one rule each, whose id is the file name', () => {
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const f of files) {
      const mod = require(join(RULE_DIR, f)) as { rule?: { id: string } };
      expect(Object.keys(mod)).toEqual(['rule']);
      expect(mod.rule?.id).toBe(f.replace(/\.ts$/, ''));
    }
  });

  it('import nothing from cdktf, constructs or the provider bindings anywhere in policies/', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const offenders = walk(POLICIES).filter((f) =>
      /from ['"](cdktf|constructs|@cdktf\/[^'"]+)['"]|require\(['"](cdktf|constructs|@cdktf)/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});

describe('rule metadata', () => {
  it.each(RULES.map((r) => [r.id, r] as const))(
    '%s has a title stating the condition, rationale, remediation with a cdktf snippet, and controls',
    (_id, rule) => {
      expect(rule.title).not.toMatch(/^ensure/i);
      expect(rule.title.length).toBeGreaterThan(15);
      expect(['critical', 'high', 'medium', 'low']).toContain(rule.severity);
      expect(rule.rationale.length).toBeGreaterThan(30);
      expect(rule.remediation.text.length).toBeGreaterThan(10);
      expect(rule.remediation.cdktf).toMatch(/new [A-Z]\w+\(|\w+: \[?\{|\w+: \[/);
      expect(rule.absentMeans.length).toBeGreaterThan(10);
      expect(rule.controls.length).toBeGreaterThan(0);
    },
  );
});

describe('the standard', () => {
  it('pins the rule list and the level of each rule in each tier', () => {
    const levels = Object.fromEntries(Object.entries(STANDARD).map(([id, l]) => [id, `${l.dev}/${l.staging}/${l.prod}`]));
    expect(levels).toEqual({
      'trail-present': 'error/error/error',
      'trail-multi-region': 'error/error/error',
      'trail-global-service-events': 'error/error/error',
      'trail-logging-enabled': 'error/error/error',
      'trail-log-file-validation': 'error/error/error',
      'trail-kms-cmk': 'error/error/error',
      'trail-cloudwatch-logs': 'error/error/error',
      'trail-management-events': 'error/error/error',
      'trail-s3-data-events': 'error/error/error',
      'bucket-object-lock': 'error/error/error',
      'bucket-versioning': 'error/error/error',
      'bucket-sse-kms': 'error/error/error',
      'bucket-public-access-block': 'error/error/error',
      'bucket-acls-disabled': 'error/error/error',
      'bucket-tls-only': 'error/error/error',
      'bucket-no-public-principal': 'error/error/error',
      'bucket-cloudtrail-source-arn': 'error/error/error',
      'bucket-access-logging': 'error/error/error',
      'bucket-access-log-target-deliverable': 'error/error/error',
      'bucket-lifecycle-retention': 'error/error/error',
      'bucket-force-destroy': 'error/error/error',
      'log-resources-prevent-destroy': 'warn/error/error',
      'kms-key-rotation': 'error/error/error',
      'kms-key-deletion-window': 'error/error/error',
      'kms-key-policy-no-public-principal': 'error/error/error',
      'log-group-kms': 'error/error/error',
      'log-group-retention': 'error/error/error',
      'cis-5-01-unauthorized-api-calls': 'error/error/error',
      'cis-5-02-console-signin-without-mfa': 'error/error/error',
      'cis-5-03-root-account-usage': 'error/error/error',
      'cis-5-04-iam-policy-changes': 'error/error/error',
      'cis-5-05-cloudtrail-config-changes': 'error/error/error',
      'cis-5-06-console-auth-failures': 'error/error/error',
      'cis-5-07-cmk-disable-or-deletion': 'error/error/error',
      'cis-5-08-s3-bucket-policy-changes': 'error/error/error',
      'cis-5-09-config-changes': 'error/error/error',
      'cis-5-10-security-group-changes': 'warn/error/error',
      'cis-5-11-nacl-changes': 'warn/error/error',
      'cis-5-12-network-gateway-changes': 'warn/error/error',
      'cis-5-13-route-table-changes': 'warn/error/error',
      'cis-5-14-vpc-changes': 'warn/error/error',
      'cis-5-15-organizations-changes': 'warn/warn/error',
      'iam-no-wildcard-actions': 'error/error/error',
      'iam-auditor-read-only': 'error/error/error',
      'iam-human-mfa': 'error/error/error',
      'iam-human-access-context': 'warn/error/error',
      'iam-human-session-length': 'error/error/error',
      'iam-human-permissions-boundary': 'error/error/error',
      'iam-human-trust-scope': 'error/error/error',
      'plan-no-baseline-destroy': 'error/error/error',
      'org-trail-organization-wide': 'error/error/error',
      'org-scp-protects-trail': 'error/error/error',
      'org-rcp-protects-log-archive': 'error/error/error',
      'org-bucket-policy-organization-scoped': 'error/error/error',
    });
    expect(Object.keys(STANDARD).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it('makes prod at least as strict as staging, and staging as dev', () => {
    const rank = { off: 0, warn: 1, error: 2 } as const;
    for (const levels of Object.values(STANDARD)) {
      expect(rank[levels.prod]).toBeGreaterThanOrEqual(rank[levels.staging]);
      expect(rank[levels.staging]).toBeGreaterThanOrEqual(rank[levels.dev]);
    }
    expect(THRESHOLDS.prod.minRetentionDays).toBeGreaterThanOrEqual(THRESHOLDS.staging.minRetentionDays);
    expect(THRESHOLDS.prod.objectLockModes).toEqual(['COMPLIANCE']);
    expect(THRESHOLDS.prod.maxSessionSeconds).toBeLessThanOrEqual(THRESHOLDS.dev.maxSessionSeconds);
  });
});

describe('framework mappings', () => {
  const ruleIds = new Set(RULES.map((r) => r.id));

  it('cover the six frameworks, requirement-first, with unique requirement ids', () => {
    expect(FRAMEWORKS.map((f) => f.id).sort()).toEqual([...FRAMEWORK_IDS].sort());
    for (const f of FRAMEWORKS) {
      const ids = f.requirements.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const req of f.requirements) expect(req.rules.length).toBeGreaterThan(0);
    }
  });

  it('map only rules that exist', () => {
    const unknown = FRAMEWORKS.flatMap((f) =>
      f.requirements.flatMap((req) => req.rules.filter((id) => !ruleIds.has(id)).map((id) => `${f.id} ${req.id}: ${id}`)),
    );
    expect(unknown).toEqual([]);
  });

  it('map every rule to at least one requirement, and expose the mapping on the rule', () => {
    const mapped = new Set(FRAMEWORKS.flatMap((f) => f.requirements.flatMap((req) => req.rules)));
    expect([...ruleIds].filter((id) => !mapped.has(id))).toEqual([]);
    const trail = RULES.find((r) => r.id === 'trail-log-file-validation');
    expect(trail?.controls).toEqual(
      expect.arrayContaining([
        { framework: 'cis-aws-v7.0', id: '4.2' },
        { framework: 'aws-fsbp', id: 'CloudTrail.4' },
        { framework: 'pci-dss-v4.0', id: '10.3.4' },
        { framework: 'nist-800-53-r5', id: 'AU-9(3)' },
      ]),
    );
  });

  it('map every CIS 5.1-5.15 requirement and PCI DSS only within requirement 10', () => {
    const cis = FRAMEWORKS.find((f) => f.id === 'cis-aws-v7.0');
    for (let i = 1; i <= 15; i++) expect(cis?.requirements.map((r) => r.id)).toContain(`5.${i}`);
    const pci = FRAMEWORKS.find((f) => f.id === 'pci-dss-v4.0');
    for (const r of pci?.requirements ?? []) expect(r.id).toMatch(/^10\./);
  });
});
