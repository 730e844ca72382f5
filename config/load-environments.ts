import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { THRESHOLDS } from '../standard/thresholds';
import { ConfigError, type ConfigProblem } from './config-error';
import { type EnvironmentConfig, type EnvironmentInput, environmentSchema, IDENTITY_CENTER_ROLE, PRINCIPAL_TYPES } from './environment-schema';
import { partitionOf } from './regions';

type Issue = v.BaseIssue<unknown>;

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
      for (const issue of parsed.issues) problems.push(describeIssue(label, input, issue));
      return;
    }
    const env = parsed.output;
    problems.push(...crossFieldProblems(env));
    const first = seen.get(env.name);
    if (first !== undefined) {
      problems.push({
        environment: env.name,
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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, [{ environment: '-', field: '(file)', value: JSON.stringify(path), allowed: `cannot be read: ${(err as Error).message}` }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, [{ environment: '-', field: '(file)', value: JSON.stringify(path), allowed: `is not valid JSON: ${(err as Error).message}` }]);
  }
  if (!Array.isArray(data)) {
    throw new ConfigError(path, [{ environment: '-', field: '(root)', value: typeOf(data), allowed: 'must be a JSON array of environments' }]);
  }
  return loadEnvironments(data, path);
}

/** Identity helper for the config file: type-checks environments as they are written. */
export function defineEnvironments(environments: readonly EnvironmentInput[]): readonly EnvironmentInput[] {
  return environments;
}

function crossFieldProblems(env: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (field: string, value: unknown, allowed: string) => problems.push({ environment: env.name, field, value: JSON.stringify(value), allowed });
  // The logging standard's thresholds: config that loads is config that passes `auditready check`.
  const tier = THRESHOLDS[env.tier];
  const { retentionDays, mode } = env.objectLock;
  const { expirationDays, transitions } = env.lifecycle;

  if (!tier.objectLockModes.includes(mode)) {
    add('objectLock.mode', mode, `tier ${env.tier} allows only ${tier.objectLockModes.join(' | ')}`);
  }
  if (retentionDays < tier.minRetentionDays) {
    add('objectLock.retentionDays', retentionDays, `tier ${env.tier} requires at least ${tier.minRetentionDays} days`);
  }
  if (env.logGroupRetentionDays < tier.minLogGroupRetentionDays) {
    add('logGroupRetentionDays', env.logGroupRetentionDays, `tier ${env.tier} requires at least ${tier.minLogGroupRetentionDays} days`);
  }
  if (expirationDays < retentionDays) {
    add('lifecycle.expirationDays', expirationDays, `must be >= objectLock.retentionDays (${retentionDays}): S3 cannot expire a locked version`);
  }
  const noncurrent = env.lifecycle.noncurrentVersionExpirationDays;
  if (noncurrent !== undefined && noncurrent < retentionDays) {
    add('lifecycle.noncurrentVersionExpirationDays', noncurrent, `must be >= objectLock.retentionDays (${retentionDays})`);
  }
  transitions.forEach((t, i) => {
    const field = `lifecycle.transitions[${i}].days`;
    if (t.days >= expirationDays) add(field, t.days, `must be < lifecycle.expirationDays (${expirationDays}): transitions come before expiration`);
    if (i > 0 && t.days <= transitions[i - 1].days) add(field, t.days, `must be > the previous transition's days (${transitions[i - 1].days})`);
    if ((t.storageClass === 'STANDARD_IA' || t.storageClass === 'INTELLIGENT_TIERING') && t.days < 30) {
      add(field, t.days, `${t.storageClass} transitions need at least 30 days (S3 minimum)`);
    }
    if ((t.storageClass === 'GLACIER' || t.storageClass === 'DEEP_ARCHIVE') && t.days < 90) {
      add(field, t.days, `${t.storageClass} is not immediately readable: at least 90 days, so 3 months stay available (PCI DSS 10.5.1)`);
    }
  });
  if (env.principals.auditors.length === 0) {
    add('principals.auditors', env.principals.auditors, 'at least one auditor principal is required');
  }
  if (env.principals.breakGlass.length === 0) {
    add('principals.breakGlass', env.principals.breakGlass, 'at least one break-glass principal is required: it is the only way to repair the baseline');
  }
  if (env.principals.deployers.length === 0) {
    add(
      'principals.deployers',
      env.principals.deployers,
      'at least one deployer role is required: the key and bucket policies let only the deployers change settings, and KMS refuses a key policy that would lock out the role creating the key',
    );
  }
  const partition = partitionOf(env.region);
  const inPartition = (field: string, arn: string) => {
    if (arn.split(':')[1] !== partition) add(field, arn, `must be in partition "${partition}" of region ${env.region}`);
  };
  for (const group of ['auditors', 'administrators', 'breakGlass'] as const) {
    env.principals[group].forEach((p, i) => {
      const field = `principals.${group}[${i}].arn`;
      inPartition(field, p.arn);
      if (p.type === 'mfa-role' && IDENTITY_CENTER_ROLE.test(p.arn)) {
        add(field, p.arn, 'is an IAM Identity Center role, whose sessions carry no MFA: use type "sso-role"');
      }
    });
  }
  for (const group of ['deployers', 'verifiers'] as const) {
    env.principals[group].forEach((arn, i) => {
      inPartition(`principals.${group}[${i}]`, arn);
      // The provider's allowed_account_ids refuses credentials of any other account; a canary writer elsewhere would be a cross-account grant.
      if (arn.split(':')[4] !== env.accountId) add(`principals.${group}[${i}]`, arn, `must be a role in the environment's account ${env.accountId}`);
    });
  }
  env.principals.verifiers.forEach((arn, i) => {
    if (env.principals.deployers.includes(arn)) {
      add(`principals.verifiers[${i}]`, arn, 'must not also be a deployer: a verifier runs unattended and may only read and write the canary');
    }
  });
  return problems;
}

function describeIssue(environment: string, input: unknown, issue: Issue): ConfigProblem {
  const path = (issue.path ?? []).map((p) => String(p.key));
  const value = valueAt(input, path);
  const unknownKey = issue.type === 'strict_object' && issue.expected === 'never';
  return {
    environment,
    field: joinPath(path),
    value: value === undefined ? '(missing)' : JSON.stringify(value),
    allowed: unknownKey ? `unknown field; allowed fields: ${allowedKeysAt(path.slice(0, -1)).join(', ')}` : allowedOf(issue, path, value),
  };
}

function allowedOf(issue: Issue, path: readonly string[], value: unknown): string {
  if (issue.kind === 'schema') {
    if (value === undefined) return 'required field is missing';
    if (issue.type === 'variant') {
      const types = `${PRINCIPAL_TYPES.map((t) => `"${t}"`).join(' | ')}`;
      return path.at(-1) === 'type' ? `allowed: ${types}` : `must be an object { "type": ..., "arn": ... } with type ${types}`;
    }
    if (issue.type === 'picklist') {
      const values = (issue.expected ?? '').replace(/^\(|\)$/g, '');
      return path.at(-1) === 'logGroupRetentionDays'
        ? `allowed: one of the CloudWatch Logs retention values (${values.split(' | ').join(', ')})`
        : `allowed: ${values}`;
    }
    if (issue.type === 'strict_object' || issue.type === 'object') return 'required field is missing';
    return `expected ${issue.expected}`;
  }
  switch (issue.type) {
    case 'min_value':
      return `must be at least ${String(issue.requirement)}`;
    case 'max_value':
      return `must be at most ${String(issue.requirement)}`;
    case 'min_length':
      return `must have at least ${String(issue.requirement)} ${typeof issue.input === 'string' ? 'characters' : 'items'}`;
    case 'max_length':
      return `must have at most ${String(issue.requirement)} ${typeof issue.input === 'string' ? 'characters' : 'items'}`;
    case 'integer':
      return 'must be a whole number';
    default:
      return issue.message;
  }
}

function allowedKeysAt(path: readonly string[]): string[] {
  let schema: AnySchema | undefined = environmentSchema as AnySchema;
  for (const part of path) {
    schema = unwrap(schema);
    if (schema.entries) schema = schema.entries[part];
    else if (schema.item) schema = schema.item;
    else if (schema.value) schema = schema.value;
    if (!schema) return [];
  }
  schema = unwrap(schema);
  return schema.entries ? Object.keys(schema.entries) : [];
}

/** The parts of a valibot schema that lead to nested schemas. */
interface AnySchema {
  readonly type: string;
  readonly wrapped?: AnySchema;
  readonly entries?: Record<string, AnySchema>;
  readonly item?: AnySchema;
  readonly value?: AnySchema;
}

/** Optional and default wrappers hide the schema inside; a pipe keeps its root schema's fields. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  while (s.wrapped) s = s.wrapped;
  return s;
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let v: unknown = input;
  for (const part of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function joinPath(path: readonly string[]): string {
  return path.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '') || '(environment)';
}

function labelOf(input: unknown, index: number): string {
  const name = (input as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.length > 0 ? name : `#${index}`;
}

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}
