import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error';
import { environmentSchema, type EnvironmentConfig, type EnvironmentInput } from './environment-schema';
import { partitionOf } from './regions';
import { TIER_REQUIREMENTS } from './tier-requirements';

type Issue = z.core.$ZodIssue;

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
    const parsed = environmentSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(describeIssue(label, input, issue));
      return;
    }
    const env = parsed.data;
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
    throw new ConfigError(path, [
      { environment: '-', field: '(file)', value: JSON.stringify(path), allowed: `cannot be read: ${(err as Error).message}` },
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, [
      { environment: '-', field: '(file)', value: JSON.stringify(path), allowed: `is not valid JSON: ${(err as Error).message}` },
    ]);
  }
  if (!Array.isArray(data)) {
    throw new ConfigError(path, [
      { environment: '-', field: '(root)', value: typeOf(data), allowed: 'must be a JSON array of environments' },
    ]);
  }
  return loadEnvironments(data, path);
}

/** Identity helper for the config file: type-checks environments as they are written. */
export function defineEnvironments(environments: readonly EnvironmentInput[]): readonly EnvironmentInput[] {
  return environments;
}

function crossFieldProblems(env: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (field: string, value: unknown, allowed: string) =>
    problems.push({ environment: env.name, field, value: JSON.stringify(value), allowed });
  const tier = TIER_REQUIREMENTS[env.tier];
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
  const partition = partitionOf(env.region);
  for (const group of ['auditors', 'administrators', 'breakGlass'] as const) {
    env.principals[group].forEach((arn, i) => {
      if (arn.split(':')[1] !== partition) {
        add(`principals.${group}[${i}]`, arn, `must be in partition "${partition}" of region ${env.region}`);
      }
    });
  }
  return problems;
}

function describeIssue(environment: string, input: unknown, issue: Issue): ConfigProblem {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return {
      environment,
      field: joinPath([...path, issue.keys[0]]),
      value: JSON.stringify(valueAt(input, [...path, issue.keys[0]])),
      allowed: `unknown field${issue.keys.length > 1 ? `s ${issue.keys.map((k) => `"${k}"`).join(', ')}` : ''}; allowed fields: ${allowedKeysAt(path).join(', ')}`,
    };
  }
  const value = valueAt(input, path);
  return {
    environment,
    field: joinPath(path),
    value: value === undefined ? '(missing)' : JSON.stringify(value),
    allowed: allowedOf(issue),
  };
}

function allowedOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `allowed: ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
    case 'invalid_union':
      return issue.path.at(-1) === 'logGroupRetentionDays'
        ? `allowed: one of the CloudWatch Logs retention values (${listLiterals(issue)})`
        : 'does not match any allowed form';
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_key':
      return issue.issues.map((i) => i.message).join('; ');
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : ''}`;
    default:
      return issue.message;
  }
}

function listLiterals(issue: z.core.$ZodIssueInvalidUnion): string {
  const values = issue.errors.flat().flatMap((e) => (e.code === 'invalid_value' ? e.values : []));
  return values.join(', ');
}

function allowedKeysAt(path: readonly string[]): string[] {
  let schema: z.core.$ZodType = environmentSchema;
  for (const part of path) {
    schema = unwrap(schema);
    const def = schema._zod.def;
    if (def.type === 'object') schema = (def as z.core.$ZodObjectDef).shape[part];
    else if (def.type === 'array') schema = (def as z.core.$ZodArrayDef).element;
    else if (def.type === 'record') schema = (def as z.core.$ZodRecordDef).valueType;
    if (!schema) return [];
  }
  schema = unwrap(schema);
  const def = schema._zod.def;
  return def.type === 'object' ? Object.keys((def as z.core.$ZodObjectDef).shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let s = schema;
  for (;;) {
    const def = s._zod.def as { type: string; innerType?: z.core.$ZodType };
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) s = def.innerType;
    else return s;
  }
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
