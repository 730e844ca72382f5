/**
 * Who can do what, decided by an independent IAM evaluator over each environment's synthesized bucket,
 * key, topic, trust and role policies and the permissions boundary, against the one table of expected
 * decisions in access-matrix.ts. docs/access-matrix.md is rendered from that table; the last test keeps
 * it current (`npm run docs:access-matrix` rewrites it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HumanPrincipal } from '../../config/environment-schema';
import { loadEnvironments } from '../../config/load-environments';
import { synthesizeStacks } from '../../stacks/build-app';
import {
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
import { ASSUME_MATRIX, type AssumeCaller, type Decision, RESOURCE_CALLERS, RESOURCE_MATRIX, type ResourceCaller } from './access-matrix';
import { renderAccessMatrix } from './access-matrix-doc';
import { assumeDecision, COLUMN_OF, decideAll, stepsOf, VARIANTS } from './requests';

const environments = loadEnvironments([exampleEnvironment('dev'), exampleEnvironment('staging'), exampleEnvironment('prod'), ...PARTITION_ENVIRONMENTS]);
const access = new Map<string, EnvironmentAccess>(
  synthesizeStacks(environments).map((s, i) => [s.environment, environmentAccess(environments[i]!, s.terraform as unknown as TerraformJson)]),
);

describe.each([...access.keys()])('access matrix: %s', (name) => {
  const a = access.get(name) as EnvironmentAccess;
  const callers = resourceCallers(a);

  test.each(RESOURCE_MATRIX.map((r) => [r.what, r] as const))('%s', async (_what, row) => {
    const actual: Partial<Record<ResourceCaller, Decision>> = {};
    const expected: Partial<Record<ResourceCaller, Decision>> = {};
    for (const who of RESOURCE_CALLERS) {
      const caller = callers[who];
      if (!caller) continue; // no log-admin role in this environment
      actual[who] = await decideAll(stepsOf(row.id, a, caller), caller);
      expected[who] = (a.env.principals.verifiers.length > 0 ? row.expected : (row.withoutVerifiers ?? row.expected))[who];
    }
    expect(actual).toEqual(expected);
  });
});

/** Every (row, column) the environments exercised; each cell of the table must be exercised somewhere. */
const exercised = new Set<string>();

describe.each([...access.keys()])('who can assume a human role: %s', (name) => {
  const a = access.get(name) as EnvironmentAccess;
  const kinds = (Object.keys(a.arns.roles) as HumanRoleKind[]).filter((k) => a.arns.roles[k]);
  const groupOf: Record<HumanRoleKind, 'auditors' | 'administrators' | 'breakGlass'> = {
    auditor: 'auditors',
    'log-admin': 'administrators',
    'break-glass': 'breakGlass',
  };

  test.each(ASSUME_MATRIX.map((r) => [r.what, r] as const))('%s', async (_what, row) => {
    const actual: Record<string, Decision> = {};
    const expected: Record<string, Decision> = {};
    const record = (cell: string, column: AssumeCaller, decision: Decision) => {
      actual[cell] = decision;
      expected[cell] = row.expected[column] as Decision;
      exercised.add(`${row.id}|${column}`);
    };
    for (const kind of kinds) {
      const principals = a.env.principals[groupOf[kind]];
      for (const type of Object.keys(COLUMN_OF) as HumanPrincipal['type'][]) {
        const principal = principals.find((p) => p.type === type);
        const column = COLUMN_OF[type];
        if (!principal || row.expected[column] === undefined) continue;
        record(`${kind} <- ${column}`, column, await assumeDecision(a, kind, assumeRequest(a, principal, VARIANTS[row.id])));
      }
      if (row.expected['same principal, another account'] !== undefined) {
        for (const principal of principals) {
          const column = 'same principal, another account';
          record(`${kind} <- ${principal.type} in ${OTHER_ACCOUNT}`, column, await assumeDecision(a, kind, assumeRequest(a, principal, {}, OTHER_ACCOUNT)));
        }
      }
      for (const [column, request] of Object.entries(untrustedAssumeCallers(a)) as [AssumeCaller, AssumeRequest][]) {
        if (row.expected[column] === undefined) continue;
        record(`${kind} <- ${column}`, column, await assumeDecision(a, kind, request));
      }
    }
    expect(actual).toEqual(expected);
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
