import { tmpdir } from 'node:os';
import type { ChangeAlarm, ReportContext } from '../../access-report/context';
import type { EnvironmentConfig } from '../../config/environment-schema';
import { CIS_MONITORING_CONTROLS, type MonitoringControl, metricNameOf } from '../../constructs/cis-monitoring-controls';
import { UsageError } from '../usage-error';

/** The config default of `accessContext.sessionTagKey`, for runs without --env. */
export const DEFAULT_TICKET_TAG_KEY = 'ticket';

/** The change alarms of a list of monitoring controls, as the report evaluates them. */
function changeAlarms(controls: readonly MonitoringControl[], resolve: (pattern: string) => string): ChangeAlarm[] {
  return controls
    .filter((c) => c.watches === 'change')
    .map((c) => ({
      name: metricNameOf(c),
      description: c.description,
      pattern: resolve(c.pattern),
    }));
}

/**
 * The context of an environment: its ticket tag, the ARNs of its auditor, log-admin and break-glass
 * roles, its audit and access-log buckets, and the patterns of the change alarms its stack deploys,
 * read from the stack built in memory (nothing is written) so that they are the deployed ones.
 */
export function contextFromEnvironment(env: EnvironmentConfig): ReportContext {
  // Loaded only with --env: the stack needs cdktf, which takes a moment to load.
  const { App } = require('cdktf') as typeof import('cdktf');
  const { AuditLoggingStack } = require('../../stacks/audit-logging-stack') as typeof import('../../stacks/audit-logging-stack');
  const { withoutTokenCreationStacks } = require('../../stacks/without-token-creation-stacks') as typeof import('../../stacks/without-token-creation-stacks');
  const { AccessRoles } = require('../../constructs/access-roles') as typeof import('../../constructs/access-roles');
  const { roleArnOf } = require('../../constructs/aws-account') as typeof import('../../constructs/aws-account');
  const { partitionOf } = require('../../config/regions') as typeof import('../../config/regions');
  const app = new App({ outdir: tmpdir(), skipBackendValidation: true });
  const stack = withoutTokenCreationStacks(() => new AuditLoggingStack(app, env));
  const account = { accountId: env.accountId, region: env.region, partition: partitionOf(env.region) };
  const names = AccessRoles.roleNames(env.name);
  const { bucketArn } = stack.auditBucket;
  return {
    source: `environment ${env.name}`,
    ticketTagKey: env.accessContext.sessionTagKey,
    auditorRoleArns: [roleArnOf(account, names.auditor)],
    breakGlassRoleArns: [roleArnOf(account, names.breakGlass)],
    humanRoleArns: stack.roles.logAdmin ? [roleArnOf(account, names.logAdmin)] : [],
    auditBuckets: [bucketArn.slice(bucketArn.indexOf(':::') + 3)],
    // The key's ARN is a token until deploy (${TfToken[...]}): it matches any value there.
    changeAlarms: changeAlarms(stack.alarms.controls, (p) => p.replace(/\$\{TfToken\[[^\]]*\]\}/g, '*')),
  };
}

/** The context from flags, for logs of an account auditready does not describe: CIS change alarms only. */
export function contextFromFlags(flags: {
  readonly tagKey?: string;
  readonly auditorRole?: readonly string[];
  readonly breakGlassRole?: readonly string[];
  readonly auditBucket?: readonly string[];
  readonly s3Bucket: string;
}): ReportContext {
  return {
    source: 'flags',
    ticketTagKey: flags.tagKey ?? DEFAULT_TICKET_TAG_KEY,
    auditorRoleArns: flags.auditorRole ?? [],
    breakGlassRoleArns: flags.breakGlassRole ?? [],
    humanRoleArns: [],
    auditBuckets: flags.auditBucket ?? [flags.s3Bucket],
    changeAlarms: changeAlarms(CIS_MONITORING_CONTROLS, (p) => p),
  };
}

/** The environment `name` among the configured ones; an unknown name is a usage error naming the known ones. */
export function selectEnvironment(environments: readonly EnvironmentConfig[], name: string): EnvironmentConfig {
  const env = environments.find((e) => e.name === name);
  if (!env) throw new UsageError(`--env ${name}: no such environment; configured: ${environments.map((e) => e.name).join(', ')}`);
  return env;
}
