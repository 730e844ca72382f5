/**
 * auditready's own evaluator (policies/access/organization-matrix.ts, which `auditready diff` and `report`
 * use for an organization's stacks) against the independent one: on the example organization and a
 * GovCloud one it decides every cell of the organization access matrix as organization-matrix.ts expects
 * (which organization-matrix.test.ts checks with @cloud-copilot/iam-simulate); on adversarial variants of
 * the guardrails (an exception widened, an attachment removed, a statement dropped) both evaluators are
 * run and must agree on every cell.
 */
import { COLUMN_OF_TYPE } from '../../policies/access/catalogue';
import type { AccessMatrix } from '../../policies/access/matrix';
import type { OrganizationCallerSpec } from '../../policies/access/organization-catalogue';
import { stackAccessMatrix } from '../../policies/access/stack-matrix';
import { modelFromDocument } from '../../policies/load';
import type { Model } from '../../policies/model';
import { logArchiveNamesUsedByManagement } from '../../stacks/organization-names';
import { clone, type Json } from '../policies/fixtures/environment';
import { organizationAccess, organizationCallers } from '../support/organization-access';
import { exampleOrganization, govCloudOrganization, type OrganizationStacks, synthOrganizations } from '../support/organization-stacks';
import type { Decision } from './access-matrix';
import { ORGANIZATION_ASSUME_MATRIX, ORGANIZATION_CALLERS, ORGANIZATION_MATRIX, type OrganizationCallerName } from './organization-matrix';
import { decideOrganizationSteps, organizationSteps } from './organization-requests';

type Matrix = Extract<AccessMatrix, { kind: 'matrix' }>;
const TRUSTED_TYPES = Object.values(COLUMN_OF_TYPE);

/** Both stacks' shipped matrices, the log archive's names declared external as check declares them. */
function shipped(s: OrganizationStacks): { logArchive: Matrix; management: Matrix } {
  const la = modelFromDocument(s.logArchive, `cdktf.out/stacks/${s.org.name}-log-archive/cdk.tf.json`);
  const mg = modelFromDocument(s.management, `cdktf.out/stacks/${s.org.name}-management/cdk.tf.json`);
  const externals = logArchiveNamesUsedByManagement(s.org);
  const of = (m: Model): Matrix => {
    const matrix = stackAccessMatrix(m, [la, mg], externals);
    if (matrix.kind !== 'matrix') throw new Error(`${m.source}: ${matrix.reason}`);
    return matrix;
  };
  return { logArchive: of(la), management: of(mg) };
}

/** The shipped decisions of one row, by the test's caller names (each deployer column under its account's name; all must agree). */
function shippedRow(m: { logArchive: Matrix; management: Matrix }, id: string): Partial<Record<OrganizationCallerName, Decision | 'unknown' | 'disagree'>> {
  const matrix = m.logArchive.rows.some((r) => r.row.id === id) ? m.logArchive : m.management;
  const row = matrix.rows.find((r) => r.row.id === id);
  if (!row) throw new Error(`no shipped row ${id}`);
  const out: Partial<Record<OrganizationCallerName, Decision | 'unknown' | 'disagree'>> = {};
  for (const c of matrix.columns) {
    const cell = row.cells[c.id];
    if (cell === undefined) continue;
    const spec = c.spec as OrganizationCallerSpec;
    const name = (spec.kind === 'named' ? `deployer (${spec.account === 'log-archive' ? 'log archive' : 'management'})` : c.id) as OrganizationCallerName;
    out[name] = out[name] === undefined || out[name] === cell ? cell : 'disagree';
  }
  return out;
}

describe.each([
  ['example', exampleOrganization()],
  ['GovCloud', govCloudOrganization()],
])('%s organization: the shipped matrix decides as the table expects', (_name, input) => {
  const [stacks] = synthOrganizations([input]);
  const m = shipped(stacks as OrganizationStacks);

  test('every row of the table is asked of the stack that holds its resource, with no unknown cell', () => {
    expect([...m.logArchive.rows, ...m.management.rows].map((r) => r.row.id).sort()).toEqual(ORGANIZATION_MATRIX.map((r) => r.id).sort());
    expect([...m.logArchive.notes, ...m.management.notes]).toEqual([]);
  });

  test.each(ORGANIZATION_MATRIX.map((r) => [r.id, r] as const))('%s', (_what, row) => {
    const actual = shippedRow(m, row.id);
    expect(Object.fromEntries(Object.entries(actual).filter(([k]) => row.expected[k as OrganizationCallerName] !== undefined))).toEqual(row.expected);
    // A caller the table leaves out is one the question does not apply to: the shipped matrix asks it of no one else.
    expect(Object.keys(actual).sort()).toEqual(Object.keys(row.expected).sort());
  });

  test.each(ORGANIZATION_ASSUME_MATRIX.map((r) => [r.role, r] as const))('who can assume %s', (role, row) => {
    const [kind, where] = role.replace(')', '').split(' (') as [string, string];
    const cells = (where === 'log archive' ? m.logArchive : m.management).assume.filter((c) => c.roleKind === kind && c.row.id === 'well-formed');
    // The principals the role's trust policy names, each asking as its sessions can.
    const trusted = cells.filter((c) => (TRUSTED_TYPES as readonly string[]).includes(c.caller));
    expect(trusted.length).toBeGreaterThan(0);
    expect(trusted.every((c) => c.cell === 'allow') ? 'allow' : 'deny').toBe(row.expected['configured principals']);
    const admin = cells.find((c) => c.caller === 'account admin (*)');
    expect(admin?.cell).toBe(row.expected[where === 'log archive' ? 'log-archive admin (*)' : 'management admin (*)']);
  });
});

/** A statement of a policy document of the management or log-archive stack. */
const statementOf = (tf: Json, doc: string, sid: string): Json => {
  const s = (tf.data.aws_iam_policy_document[doc].statement as Json[]).find((x) => x.sid === sid);
  if (!s) throw new Error(`no statement ${sid} in ${doc}`);
  return s;
};
const dropStatement = (tf: Json, doc: string, sid: string) => {
  const d = tf.data.aws_iam_policy_document[doc];
  d.statement = (d.statement as Json[]).filter((x) => x.sid !== sid);
};
const SCP = 'guardrails_scp_document';
const RCP = 'guardrails_rcp_document';

/** Variants of the guardrails and the policies they back, and whether some decision changes. */
const VARIANTS: readonly [string, (la: Json, mg: Json) => void, boolean][] = [
  [
    "the SCP's trail exception widened to every account's Administrator role (ArnNotLike with a wildcard)",
    (_la, mg) => {
      const c = statementOf(mg, SCP, 'DenyChangingTheOrganizationTrail').condition[0];
      c.test = 'ArnNotLike';
      c.values.push('arn:aws:iam::*:role/Administrator');
    },
    true,
  ],
  [
    'the SCP detached from the log-archive account',
    (_la, mg) => {
      delete mg.resource.aws_organizations_policy_attachment['guardrails_scp_attachment-666666666666'];
    },
    true,
  ],
  ['the RCP detached', (_la, mg) => delete mg.resource.aws_organizations_policy_attachment['guardrails_rcp_attachment-666666666666'], true],
  [
    "the RCP's evidence exception widened to the log archive's deployer",
    (_la, mg) => statementOf(mg, RCP, 'DenyDestroyingEvidence').condition[0].values.push('arn:aws:iam::666666666666:role/auditready-deployer'),
    true,
  ],
  ["the RCP's data perimeter dropped", (_la, mg) => dropStatement(mg, RCP, 'DenyAccessFromOutsideTheOrganization'), true],
  [
    "the RCP's data perimeter admitting another organization",
    (_la, mg) => statementOf(mg, RCP, 'DenyAccessFromOutsideTheOrganization').condition[0].values.push('o-zzzzzzzzzz'),
    true,
  ],
  ["the SCP's DenyLeavingTheOrganization dropped", (_la, mg) => dropStatement(mg, SCP, 'DenyLeavingTheOrganization'), true],
  [
    "the bucket policy's evidence exception widened to the deployer: the RCP still holds",
    (la) =>
      statementOf(la, 'audit-bucket_policy-document', 'DenyDestroyingEvidenceExceptBreakGlass').condition[0].values.push(
        'arn:aws:iam::666666666666:role/auditready-deployer',
      ),
    false,
  ],
];

describe('adversarial variants of the example organization: both evaluators decide every cell alike', () => {
  const [base] = synthOrganizations([exampleOrganization()]) as [OrganizationStacks];
  const baseline = shipped(base);

  test.each(VARIANTS)('%s', async (_what, change, changes) => {
    const la = clone(base.logArchive as Json);
    const mg = clone(base.management as Json);
    change(la, mg);
    const variant = { ...base, logArchive: la, management: mg } as OrganizationStacks;
    const mine = shipped(variant);
    const a = organizationAccess(base.org, la as never, mg as never);
    const callers = organizationCallers(a);
    let changed = false;
    for (const row of ORGANIZATION_MATRIX) {
      const expected: Partial<Record<OrganizationCallerName, Decision>> = {};
      for (const who of ORGANIZATION_CALLERS) {
        const caller = callers[who];
        if (!caller || row.expected[who] === undefined) continue;
        expected[who] = await decideOrganizationSteps(a, organizationSteps(row.id, a, caller), caller);
      }
      const actual = shippedRow(mine, row.id);
      expect({ row: row.id, decisions: actual }).toEqual({ row: row.id, decisions: expected });
      if (JSON.stringify(actual) !== JSON.stringify(shippedRow(baseline, row.id))) changed = true;
    }
    expect(changed).toBe(changes);
  });
});
