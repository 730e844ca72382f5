import { tmpdir } from 'node:os';
import { App, type TerraformStack } from 'cdktf';
import { ConfigError, type ConfigProblem } from '../config/config-error';
import { defaultEnvironments } from '../config/configured-environments';
import type { EnvironmentConfig } from '../config/environment-schema';
import type { OrganizationConfig } from '../config/organization-schema';
import type { Tier } from '../standard/tiers';
import { AuditLoggingStack, type StackNames } from './audit-logging-stack';
import { LogArchiveStack } from './log-archive-stack';
import { ManagementStack } from './management-stack';
import { organizationNames } from './organization-names';
import { replaceDirectory } from './replace-directory';
import { withoutTokenCreationStacks } from './without-token-creation-stacks';

export interface BuildAppOptions {
  /**
   * Where `app.synth()` writes.
   * @default - $CDKTF_OUTDIR, else "cdktf.out"
   */
  readonly outdir?: string;
  /**
   * Validated environments.
   * @default - the embedded environments (config/environments.ts)
   */
  readonly environments?: readonly EnvironmentConfig[];
  /**
   * Validated organizations.
   * @default - none
   */
  readonly organizations?: readonly OrganizationConfig[];
}

/** The cdktf app: one AuditLoggingStack per environment, a LogArchiveStack and a ManagementStack per organization. */
export function buildApp(options: BuildAppOptions = {}): App {
  const app = new App({ outdir: options.outdir, skipBackendValidation: true });
  withoutTokenCreationStacks(() => addStacks(app, options.environments ?? defaultEnvironments(), options.organizations ?? []));
  return app;
}

/** One synthesized stack, in memory. */
export interface SynthesizedStack {
  /** The stack id: an environment's name, or `<organization>-log-archive` / `<organization>-management`. */
  readonly environment: string;
  readonly tier: Tier;
  /** The same object cdktf writes to cdktf.out/stacks/<id>/cdk.tf.json. */
  readonly terraform: Record<string, unknown>;
  /** Names and ARNs of the environment's resources; undefined for an organization's stacks. */
  readonly names?: StackNames;
}

/** Synthesizes every environment's, then every organization's stacks in memory, with construct validations; writes nothing. */
export function synthesizeStacks(
  environments: readonly EnvironmentConfig[] = defaultEnvironments(),
  organizations: readonly OrganizationConfig[] = [],
): SynthesizedStack[] {
  // App's constructor creates its outdir when missing; an existing directory keeps this write-free.
  const app = new App({ outdir: tmpdir(), skipBackendValidation: true });
  return withoutTokenCreationStacks(() =>
    addStacks(app, environments, organizations).map(({ stack, tier }) => {
      stack.runAllValidations();
      return {
        environment: stack.node.id,
        tier,
        terraform: stack.toTerraform(),
        ...(stack instanceof AuditLoggingStack ? { names: stack.names } : {}),
      };
    }),
  );
}

/**
 * Synthesizes to `outdir` all or nothing: into a fresh sibling directory first, swapped in only when
 * every stack synthesized and validated, so a failure leaves no partial output behind.
 */
export function synthesizeToDirectory(
  outdir: string,
  environments: readonly EnvironmentConfig[] = defaultEnvironments(),
  organizations: readonly OrganizationConfig[] = [],
): void {
  replaceDirectory(outdir, (staging) => {
    const app = buildApp({ outdir: staging, environments, organizations });
    withoutTokenCreationStacks(() => app.synth());
  });
}

function addStacks(
  app: App,
  environments: readonly EnvironmentConfig[],
  organizations: readonly OrganizationConfig[],
): { stack: TerraformStack; tier: Tier }[] {
  assertDistinctStackIds(environments, organizations);
  return [
    ...environments.map((env) => ({ stack: new AuditLoggingStack(app, env) as TerraformStack, tier: env.tier })),
    ...organizations.flatMap((org) => {
      const logArchive = new LogArchiveStack(app, org);
      return [
        { stack: logArchive, tier: org.tier },
        { stack: new ManagementStack(app, org, logArchive), tier: org.tier },
      ];
    }),
  ];
}

/** Stack ids name directories and state files: an organization's must not collide with an environment's or another organization's. */
function assertDistinctStackIds(environments: readonly EnvironmentConfig[], organizations: readonly OrganizationConfig[]): void {
  const owners = new Map<string, string>(environments.map((e) => [e.name, `environment "${e.name}"`]));
  const problems: ConfigProblem[] = [];
  for (const org of organizations) {
    const { stackIds } = organizationNames(org);
    for (const id of [stackIds.logArchive, stackIds.management]) {
      const owner = owners.get(id);
      if (owner)
        problems.push({
          subject: org.name,
          field: 'name',
          value: JSON.stringify(org.name),
          allowed: `its stack id "${id}" is also the stack of ${owner}: choose another name`,
        });
      else owners.set(id, `organization "${org.name}"`);
    }
  }
  if (problems.length > 0) throw new ConfigError('config/organizations.ts', problems, 'organization');
}
