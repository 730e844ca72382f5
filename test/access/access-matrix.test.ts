/**
 * Who can do what, decided by an independent IAM evaluator over each environment's synthesized bucket,
 * key, topic, trust and role policies and the permissions boundary, against the one table of expected
 * decisions in access-matrix.ts; and auditready's own evaluator (policies/access/matrix.ts, which diff and
 * report use) must decide every cell as the independent one does. docs/access-matrix.md is rendered from
 * the table; the last test keeps it current (`npm run docs:access-matrix` rewrites it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironments } from '../../config/load-environments';
import { RESOURCE_CALLERS, RESOURCE_ROWS } from '../../policies/access/catalogue';
import { type AccessMatrix, accessMatrix, type Cell } from '../../policies/access/matrix';
import { modelFromDocument } from '../../policies/load';
import { synthesizeStacks } from '../../stacks/build-app';
import {
  ALLOW_EVERYTHING,
  type AssumeRequest,
  assumeRequest,
  type EnvironmentAccess,
  environmentAccess,
  type HumanRoleKind,
  OTHER_ACCOUNT,
  resourceCallers,
  untrustedAssumeCallers,
} from '../support/environment-access';
import { PARTITION_ENVIRONMENTS } from '../support/partition-environments';
import type { TerraformJson } from '../support/terraform-json';
import { exampleEnvironment } from '../support/terraform-json';
import { ASSUME_MATRIX, type Decision, RESOURCE_MATRIX, type ResourceCaller } from './access-matrix';
import { renderAccessMatrix } from './access-matrix-doc';
import { assumeDecision, decideAll, stepsOf, VARIANTS } from './requests';

const environments = loadEnvironments([exampleEnvironment('dev'), exampleEnvironment('staging'), exampleEnvironment('prod'), ...PARTITION_ENVIRONMENTS]);
const stacks = synthesizeStacks(environments);
const access = new Map<string, EnvironmentAccess>(
  stacks.map((s, i) => [s.environment, environmentAccess(environments[i]!, s.terraform as unknown as TerraformJson)]),
);
const ours = new Map<string, Extract<AccessMatrix, { kind: 'matrix' }>>(
  stacks.map((s) => {
    const m = accessMatrix(modelFromDocument(s.terraform, `${s.environment}.tf.json`));
    if (m.kind !== 'matrix') throw new Error(`${s.environment}: no access matrix: ${m.reason}`);
    return [s.environment, m];
  }),
);
const asDecision = (c: Cell | undefined): Decision | Cell | undefined => c;

test('the table asks every question of the catalogue, in its order', () => {
  expect(RESOURCE_MATRIX.map((r) => r.id)).toEqual(RESOURCE_ROWS.map((r) => r.id));
});

describe.each([...access.keys()])('access matrix: %s', (name) => {
  const a = access.get(name) as EnvironmentAccess;
  const m = ours.get(name)!;
  const callers = resourceCallers(a);

  test("auditready's evaluator finds the deployers and verifiers the config names, and no other principal, in the bucket, key and topic policies", () => {
    const named = (arns: readonly string[], role: string) => arns.map((arn) => [arn, `${role} ${arn.slice(arn.lastIndexOf('/') + 1)}`]);
    expect(m.columns.filter((c) => c.principal !== undefined).map((c) => [c.principal, c.label])).toEqual([
      ...named([...a.env.principals.deployers].sort(), 'deployer'),
      ...named([...a.env.principals.verifiers].sort(), 'verifier'),
    ]);
  });

  test.each(RESOURCE_MATRIX.map((r) => [r.id, r] as const))('%s', async (_id, row) => {
    const independent: Partial<Record<ResourceCaller, Decision>> = {};
    const expected: Partial<Record<ResourceCaller, Decision>> = {};
    // auditready's evaluator sees only the files: like a deployer, a verifier holds `*` in IAM there, so its
    // column is checked against the independent evaluator's decision for the verifier with `*`.
    const fileView: Partial<Record<ResourceCaller, Decision>> = {};
    const auditready: Partial<Record<ResourceCaller, Decision | Cell | undefined>> = {};
    const cells = m.rows.find((r) => r.row.id === row.id)!.cells;
    const verifier = a.env.principals.verifiers[0];
    for (const { label: who } of RESOURCE_CALLERS) {
      const caller = callers[who];
      if (!caller) continue; // no log-admin role in this environment
      independent[who] = await decideAll(stepsOf(row.id, a, caller), caller);
      expected[who] = (verifier !== undefined ? row.expected : (row.withoutVerifiers ?? row.expected))[who];
      if (who !== 'verifier') {
        fileView[who] = independent[who];
        auditready[who] = asDecision(who === 'deployer' ? cells[`named:${a.env.principals.deployers[0]}`] : cells[who]);
      } else if (verifier !== undefined) {
        const withAll = { ...caller, identityPolicies: [ALLOW_EVERYTHING] };
        fileView[who] = await decideAll(stepsOf(row.id, a, withAll), withAll);
        auditready[who] = asDecision(cells[`named:${verifier}`]);
      }
    }
    expect(independent).toEqual(expected);
    expect(auditready).toEqual(fileView);
  });
});

/** Every (row, column) the environments exercised; each cell of the table must be exercised somewhere. */
const exercised = new Set<string>();

describe.each([...access.keys()])('who can assume a human role: %s', (name) => {
  const a = access.get(name) as EnvironmentAccess;
  const m = ours.get(name)!;
  const kinds = (Object.keys(a.arns.roles) as HumanRoleKind[]).filter((k) => a.arns.roles[k]);
  const groupOf: Record<HumanRoleKind, 'auditors' | 'administrators' | 'breakGlass'> = {
    auditor: 'auditors',
    'log-admin': 'administrators',
    'break-glass': 'breakGlass',
  };

  test("auditready's evaluator finds each role's trusted principals, and asks as each of them", () => {
    for (const kind of kinds) {
      const asked = new Set(
        m.assume.filter((c) => c.roleKind === kind && c.row.id === 'well-formed' && c.caller !== 'same principal, another account').map((c) => c.principal),
      );
      for (const p of a.env.principals[groupOf[kind]])
        expect({ kind, principal: p.arn, asked: asked.has(p.arn) }).toEqual({ kind, principal: p.arn, asked: true });
    }
  });

  test.each(ASSUME_MATRIX.map((r) => [r.id, r] as const))('%s', async (_id, row) => {
    const independent: Record<string, Decision> = {};
    const expected: Record<string, Decision> = {};
    const auditready: Record<string, Cell> = {};
    for (const c of m.assume.filter((x) => x.row.id === row.id)) {
      const kind = c.roleKind;
      const cell = `${kind} <- ${c.caller} ${c.principal}`;
      let request: AssumeRequest;
      if (c.caller === 'same principal, another account') {
        const principal = a.env.principals[groupOf[kind]].find((p) => p.arn.replace(/:\d{12}:/, `:${OTHER_ACCOUNT}:`) === c.principal)!;
        request = assumeRequest(a, principal, VARIANTS[row.id], OTHER_ACCOUNT);
      } else if (c.caller === 'account admin (*)' || c.caller === 'deployer' || c.caller === 'auditor session') {
        if (c.caller === 'deployer') expect(c.principal).toBe(a.env.principals.deployers[0]);
        request = untrustedAssumeCallers(a)[c.caller] as AssumeRequest;
      } else {
        const principal = a.env.principals[groupOf[kind]].find((p) => p.arn === c.principal)!;
        request = assumeRequest(a, principal, VARIANTS[row.id]);
      }
      independent[cell] = await assumeDecision(a, kind, request);
      expected[cell] = row.expected[c.caller] as Decision;
      auditready[cell] = c.cell;
      exercised.add(`${row.id}|${c.caller}`);
    }
    expect(independent).toEqual(expected);
    expect(auditready).toEqual(independent);
  });
});

test('every expected assume decision was exercised by at least one environment', () => {
  const expectedCells = ASSUME_MATRIX.flatMap((r) => Object.keys(r.expected).map((column) => `${r.id}|${column}`));
  expect(expectedCells.filter((cell) => !exercised.has(cell))).toEqual([]);
});

describe('docs/access-matrix.md', () => {
  const path = join(__dirname, '../../docs/access-matrix.md');
  test('is rendered from the table (regenerate with `npm run docs:access-matrix`)', () => {
    if (process.env.AUDITREADY_WRITE_DOCS === '1') writeFileSync(path, renderAccessMatrix());
    expect(readFileSync(path, 'utf8')).toBe(renderAccessMatrix());
  });
});
