import { type AddProblem, accountOf, principalProblems, retentionProblems } from './baseline-checks';
import { type EnvironmentConfig, type EnvironmentInput, environmentSchema } from './environment-schema';
import { readConfigFile } from './read-config-file';
import { validateList } from './validate-list';

/**
 * Validates a list of environments: the schema (types, unknown fields, ranges), then tier minimums
 * and cross-field rules, then unique names. Throws one ConfigError listing every problem.
 */
export function loadEnvironments(inputs: readonly unknown[], source = 'config/environments.ts'): EnvironmentConfig[] {
  return validateList('environment', environmentSchema, inputs, source, crossFieldProblems);
}

/** Reads environments from a JSON file holding an array of environments. */
export function loadEnvironmentsFile(path: string): EnvironmentConfig[] {
  return loadEnvironments(readConfigFile(path, 'environment'), path);
}

/** Identity helper for the config file: type-checks environments as they are written. */
export function defineEnvironments(environments: readonly EnvironmentInput[]): readonly EnvironmentInput[] {
  return environments;
}

function crossFieldProblems(env: EnvironmentConfig, add: AddProblem): void {
  retentionProblems(env, add);
  principalProblems(env.principals, env.region, add);
  for (const group of ['deployers', 'verifiers'] as const) {
    env.principals[group].forEach((arn, i) => {
      // The provider's allowed_account_ids refuses credentials of any other account; a canary writer elsewhere would be a cross-account grant.
      if (accountOf(arn) !== env.accountId) add(`principals.${group}[${i}]`, arn, `must be a role in the environment's account ${env.accountId}`);
    });
  }
}
