import * as v from 'valibot';
import { type AddProblem, accountOf, principalProblems, retentionProblems } from './baseline-checks';
import { ConfigError, type ConfigProblem } from './config-error';
import { type AnySchema, describeIssue, labelOf } from './describe-issue';
import { type EnvironmentConfig, type EnvironmentInput, environmentSchema } from './environment-schema';
import { readConfigFile } from './read-config-file';

/**
 * Validates a list of environments: the schema (types, unknown fields, ranges), then tier minimums
 * and cross-field rules, then unique names. Throws one ConfigError listing every problem.
 */
export function loadEnvironments(inputs: readonly unknown[], source = 'config/environments.ts'): EnvironmentConfig[] {
  const problems: ConfigProblem[] = [];
  const environments: EnvironmentConfig[] = [];
  const seen = new Map<string, number>();
  inputs.forEach((input, index) => {
    const label = labelOf(input, index);
    const parsed = v.safeParse(environmentSchema, input);
    if (!parsed.success) {
      for (const issue of parsed.issues) problems.push(describeIssue('environment', label, input, issue, environmentSchema as AnySchema));
      return;
    }
    const env = parsed.output;
    problems.push(...crossFieldProblems(env));
    const first = seen.get(env.name);
    if (first !== undefined) {
      problems.push({
        subject: env.name,
        field: 'name',
        value: JSON.stringify(env.name),
        allowed: `duplicate environment name (also at index ${first}); names must be unique`,
      });
    } else {
      seen.set(env.name, index);
    }
    environments.push(env);
  });
  if (problems.length > 0) throw new ConfigError(source, problems);
  return environments;
}

/** Reads environments from a JSON file holding an array of environments. */
export function loadEnvironmentsFile(path: string): EnvironmentConfig[] {
  return loadEnvironments(readConfigFile(path, 'environment'), path);
}

/** Identity helper for the config file: type-checks environments as they are written. */
export function defineEnvironments(environments: readonly EnvironmentInput[]): readonly EnvironmentInput[] {
  return environments;
}

function crossFieldProblems(env: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add: AddProblem = (field, value, allowed) => problems.push({ subject: env.name, field, value: JSON.stringify(value), allowed });
  retentionProblems(env, add);
  principalProblems(env.principals, env.region, add);
  env.principals.deployers.forEach((arn, i) => {
    // The provider's allowed_account_ids refuses credentials of any other account.
    if (accountOf(arn) !== env.accountId) add(`principals.deployers[${i}]`, arn, `must be a role in the environment's account ${env.accountId}`);
  });
  return problems;
}
