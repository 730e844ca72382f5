/**
 * Snapshots of every example environment and organization stack, one file per stack and kind, in
 * test/stacks/__snapshots__/:
 * - `<env>.posture.md`: the effective settings of every resource on one line each, and every result of
 *   `auditready check`. Review this first: a change here is a change of the security posture.
 * - `<env>.cdk.tf.json`: byte for byte what `cdktf synth` writes to cdktf.out/stacks/<env>/cdk.tf.json.
 *
 * `npx jest test/stacks/snapshots -u` rewrites them. That is legitimate only for an intended change, after
 * reading both diffs: the posture diff shows the settings and results you meant to change and no other,
 * and the full diff shows nothing beyond them. Never run it to make a failing test pass.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEnvironments } from '../../config/configured-environments';
import { defaultOrganizations } from '../../config/configured-organizations';
import { synthesizeStacks, synthesizeToDirectory } from '../../stacks/build-app';
import { logArchiveNamesUsedByManagement, organizationNames } from '../../stacks/organization-names';
import { expectToMatchFile } from '../support/file-snapshot';
import { postureOf } from '../support/posture';

const SNAPSHOTS = join(__dirname, '__snapshots__');
const environments = defaultEnvironments();
const organizations = defaultOrganizations();
const stacks = synthesizeStacks(environments, organizations);

test('every example environment and organization stack has a snapshot', () => {
  expect(stacks.map((s) => s.environment)).toEqual(['dev', 'staging', 'prod', 'example-org-log-archive', 'example-org-management']);
});

/** What `auditready check` declares external for each stack: the log archive's names in its management stack. */
const externalsOf = (id: string): string[] =>
  organizations.filter((o) => organizationNames(o).stackIds.management === id).flatMap(logArchiveNamesUsedByManagement);

test.each(stacks.map((s) => [s.environment, s] as const))('%s: posture (effective settings and check results) as committed', (name, stack) => {
  expectToMatchFile(join(SNAPSHOTS, `${name}.posture.md`), postureOf(stack, externalsOf(name)));
});

describe('cdktf output', () => {
  const out = mkdtempSync(join(tmpdir(), 'auditready-snapshots-'));
  beforeAll(() => synthesizeToDirectory(join(out, 'cdktf.out'), environments, organizations));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test.each(stacks.map((s) => s.environment))('%s: cdk.tf.json as committed', (name) => {
    expectToMatchFile(join(SNAPSHOTS, `${name}.cdk.tf.json`), readFileSync(join(out, 'cdktf.out', 'stacks', name, 'cdk.tf.json'), 'utf8'));
  });
});
