import type { EnvironmentInput } from '../../config/environment-schema';
import { ENVIRONMENTS } from '../../config/environments';
import { loadEnvironments } from '../../config/load-environments';
import { synthesizeStacks } from '../../stacks/build-app';

/** The parts of a synthesized cdk.tf.json the tests read. */
export interface TerraformJson {
  readonly resource: Record<string, Record<string, Record<string, any>>>;
  readonly data?: Record<string, Record<string, Record<string, any>>>;
  readonly provider: Record<string, Record<string, any>[]>;
  readonly terraform: Record<string, any>;
}

/** A policy statement as `data.aws_iam_policy_document` holds it. */
export interface Statement {
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: string[];
  readonly resources?: string[];
  readonly not_resources?: string[];
  readonly principals?: { type: string; identifiers: string[] }[];
  readonly condition?: { test: string; variable: string; values: string[] }[];
}

/** The embedded example environment of that name, as written. */
export function exampleEnvironment(name: 'dev' | 'staging' | 'prod'): EnvironmentInput {
  const env = ENVIRONMENTS.find((e) => e.name === name);
  if (!env) throw new Error(`no example environment ${name}`);
  return env;
}

/** Synthesizes one environment (an example, with overrides) in memory. */
export function synthEnvironment(base: 'dev' | 'staging' | 'prod', overrides: Partial<EnvironmentInput> = {}): TerraformJson {
  const [env] = loadEnvironments([{ ...exampleEnvironment(base), ...overrides }]);
  return synthesizeStacks([env])[0].terraform as unknown as TerraformJson;
}

/** Resources of one type, by logical id. */
export function resourcesOf(tf: TerraformJson, type: string): Record<string, Record<string, any>> {
  return tf.resource[type] ?? {};
}

/** The one resource of a type whose logical id is `id`; fails loudly when absent. */
export function resource(tf: TerraformJson, type: string, id: string): Record<string, any> {
  const r = resourcesOf(tf, type)[id];
  if (!r) throw new Error(`no ${type}.${id}; have: ${Object.keys(resourcesOf(tf, type)).join(', ')}`);
  return r;
}

/** The statements behind a `${data.aws_iam_policy_document.<id>.json}` reference. */
export function statementsOf(tf: TerraformJson, reference: string): Statement[] {
  const m = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.(?:json|minified_json)\}$/.exec(reference);
  if (!m) throw new Error(`not a policy document reference: ${reference}`);
  const doc = tf.data?.aws_iam_policy_document?.[m[1]];
  if (!doc) throw new Error(`no data.aws_iam_policy_document.${m[1]}`);
  return doc.statement as Statement[];
}

/** The statement with that Sid; fails loudly when absent. */
export function statement(statements: readonly Statement[], sid: string): Statement {
  const s = statements.find((x) => x.sid === sid);
  if (!s) throw new Error(`no statement ${sid}; have: ${statements.map((x) => x.sid).join(', ')}`);
  return s;
}

/** The values of the condition on `variable` with operator `test`, or undefined. */
export function conditionValues(s: Statement, test: string, variable: string): string[] | undefined {
  return s.condition?.find((c) => c.test === test && c.variable === variable)?.values;
}
