import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { EnvironmentConfig } from '../../config/environment-schema';
import { RULES } from '../../policies/registry';
import { FORMATS, type Format, formatReport } from '../../policies/report';
import { WAIVERS } from '../../policies/waivers/index';
import type { StackNames } from '../../stacks/audit-logging-stack';
import type { VerifyTarget } from '../../verify/target';
import type { CommandContext } from '../io';
import { UsageError } from '../usage-error';
import { toolVersion } from '../version';
import { writeAtomically } from './check';

/** The parsed flags of `auditready verify`. */
export interface VerifyCommandOptions {
  readonly env?: string[];
  readonly proveWorm?: boolean;
  readonly format: Format;
  readonly output?: string;
  readonly verbose?: boolean;
  readonly endpointUrl?: URL;
  readonly stacksDir?: string;
  readonly printIamPolicy?: boolean;
  /** Resources the state names that live elsewhere (`--external`, repeatable), as for check. */
  readonly external?: readonly string[];
}

export function registerVerify(program: Command, context: CommandContext): void {
  program
    .command('verify')
    .description(
      'Prove that each deployed environment meets the standard, from the account itself: drift and the refreshed state through the ' +
        "standard's rules (terraform, in each synthesized stack directory), trail, alarm, key and bucket health (AWS SDK), and with " +
        '--prove-worm that a locked canary cannot be deleted. Exit 0 all pass, 1 any failure, drift or unhealthy runtime, 2 usage, setup or access error.',
    )
    .option('--env <name...>', 'environments to verify (default: every configured environment)')
    .option('--prove-worm', 'write a canary under auditready-verify-canary/ of the audit bucket and prove it cannot be deleted or unlocked')
    .addOption(new Option('--format <format>', 'report format').choices([...FORMATS]).default('text'))
    .option('--output <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--verbose', 'text format: list passing and not-applicable results too')
    .option(
      '--endpoint-url <url>',
      'S3 endpoint (an S3-compatible server; path-style addressing). Other services: AWS_ENDPOINT_URL_<SERVICE>',
      parseEndpointUrl,
    )
    .option('--stacks-dir <dir>', 'where the synthesized stacks are (default: $CDKTF_OUTDIR/stacks, else cdktf.out/stacks)')
    .option(
      '--external <name-or-arn>',
      "a resource the state names that lives elsewhere (e.g. an organization trail's key): as for check; repeatable",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--print-iam-policy', 'print the IAM policy the role running verify needs (with --prove-worm: and the canary grant), for one --env, and exit')
    .action(async (options: VerifyCommandOptions) => {
      const code = await runVerify(options, context);
      if (code !== 0) context.setExitCode(code);
    });
}

function parseEndpointUrl(value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new InvalidArgumentError('--endpoint-url expects an http:// or https:// URL.');
  return url;
}

/** The names of an environment's stack (every environment stack has them; organization stacks do not). */
function namesOf(stack: { readonly environment: string; readonly names?: StackNames } | undefined): StackNames {
  if (!stack?.names) throw new Error(`no names for stack ${stack?.environment}: not an environment's stack`);
  return stack.names;
}

/** Selects the environments by --env: every name must be configured. */
function selected(environments: readonly EnvironmentConfig[], names: readonly string[] | undefined): EnvironmentConfig[] {
  if (!names || names.length === 0) return [...environments];
  const known = environments.map((e) => e.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new UsageError(`--env ${unknown.join(', ')}: no such environment; configured: ${known.join(', ')}`);
  return environments.filter((e) => names.includes(e.name));
}

/** The environments synthesis uses ($AUDITREADY_ENVIRONMENTS_FILE, else config/environments.ts); bad config is a usage error. */
function configured(): EnvironmentConfig[] {
  const { configuredEnvironments } = require('../../config/configured-environments') as typeof import('../../config/configured-environments');
  const { ConfigError } = require('../../config/config-error') as typeof import('../../config/config-error');
  try {
    return configuredEnvironments(process.env);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

export async function runVerify(options: VerifyCommandOptions, context: CommandContext): Promise<number> {
  const environments = selected(configured(), options.env);
  const { synthesizeStacks } = require('../../stacks/build-app') as typeof import('../../stacks/build-app');
  const stacks = synthesizeStacks(environments);
  const stacksDir = resolve(options.stacksDir ?? join(process.env.CDKTF_OUTDIR ?? 'cdktf.out', 'stacks'));
  const targets: VerifyTarget[] = environments.map((env, i) => {
    const names = namesOf(stacks[i]);
    return {
      environment: env.name,
      tier: env.tier,
      region: env.region,
      stackDir: join(stacksDir, env.name),
      names,
      verifiers: env.principals.verifiers,
    };
  });

  if (options.printIamPolicy) {
    const { verifyIamPolicy } = require('../../verify/iam-policy') as typeof import('../../verify/iam-policy');
    if (targets.length !== 1)
      throw new UsageError(
        `--print-iam-policy needs exactly one --env (the policy names its resources); configured: ${environments.map((e) => e.name).join(', ')}`,
      );
    const env = environments[0] as EnvironmentConfig;
    const names = namesOf(stacks[0]);
    const subject = {
      partition: names.partition,
      accountId: env.accountId,
      region: env.region,
      names,
      ...(env.backend ? { stateBackend: { bucket: env.backend.bucket, key: env.backend.key } } : {}),
    };
    context.stdout.write(`${JSON.stringify(verifyIamPolicy(subject, { proveWorm: options.proveWorm === true }), null, 2)}\n`);
    return 0;
  }
  if (options.proveWorm) {
    const without = targets.filter((t) => t.verifiers.length === 0).map((t) => t.environment);
    if (without.length > 0) {
      throw new UsageError(
        `--prove-worm: ${without.join(', ')} name(s) no principals.verifiers, so the audit bucket admits no canary: add the role that runs verify ` +
          'to principals.verifiers in the environment config and deploy (README "Verifying a deployed environment")',
      );
    }
  }

  // Loaded only now: the SDK clients and terraform are needed by verify alone.
  const { verifyEnvironments } = require('../../verify/verify') as typeof import('../../verify/verify');
  const { refreshStack, VerifySetupError } = require('../../verify/terraform') as typeof import('../../verify/terraform');
  const { createClients } = require('../../verify/aws-clients') as typeof import('../../verify/aws-clients');
  const { AwsCallError, DEFAULT_CALL_POLICY } = require('../../verify/aws-call') as typeof import('../../verify/aws-call');
  const { VERIFY_CHECKS } = require('../../verify/checks') as typeof import('../../verify/checks');
  const { InputError } = require('../../policies/load') as typeof import('../../policies/load');
  try {
    const report = await verifyEnvironments(
      targets,
      {
        refresh: (t) => refreshStack(t.environment, t.stackDir),
        clients: (t) =>
          createClients({
            region: t.region,
            timeoutMs: DEFAULT_CALL_POLICY.attemptTimeoutMs,
            ...(options.endpointUrl ? { s3Endpoint: options.endpointUrl } : {}),
          }),
      },
      { proveWorm: options.proveWorm === true, waivers: WAIVERS, externals: options.external ?? [] },
    );
    const text = formatReport(report, options.format, {
      colour: options.output === undefined && context.stdout.isTTY === true && process.env.NO_COLOR === undefined,
      ...(options.verbose !== undefined ? { verbose: options.verbose } : {}),
      toolVersion: toolVersion(),
      title: 'auditready verify',
      rules: [...RULES, ...Object.values(VERIFY_CHECKS)],
    });
    if (options.output !== undefined) writeAtomically(options.output, text);
    else context.stdout.write(text);
    return report.summary.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof VerifySetupError || err instanceof InputError) throw new UsageError(err.message);
    if (err instanceof AwsCallError) throw new UsageError(`cannot verify: ${err.message}`);
    throw err;
  }
}
