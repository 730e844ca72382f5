import { tmpdir } from 'node:os';
import { App } from 'cdktf';
import { defaultEnvironments } from '../config/configured-environments';
import type { EnvironmentConfig } from '../config/environment-schema';
import type { Tier } from '../standard/tiers';
import { AuditLoggingStack, type StackNames } from './audit-logging-stack';
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
}

/** The cdktf app: one AuditLoggingStack per environment. */
export function buildApp(options: BuildAppOptions = {}): App {
  const environments = options.environments ?? defaultEnvironments();
  const app = new App({ outdir: options.outdir, skipBackendValidation: true });
  withoutTokenCreationStacks(() => {
    for (const env of environments) new AuditLoggingStack(app, env);
  });
  return app;
}

/** One synthesized environment, in memory. */
export interface SynthesizedStack {
  readonly environment: string;
  readonly tier: Tier;
  /** The same object cdktf writes to cdktf.out/stacks/<environment>/cdk.tf.json. */
  readonly terraform: Record<string, unknown>;
  /** Names and ARNs of the environment's resources. */
  readonly names: StackNames;
}

/** Synthesizes every environment in memory, with construct validations; writes nothing. */
export function synthesizeStacks(environments: readonly EnvironmentConfig[] = defaultEnvironments()): SynthesizedStack[] {
  // App's constructor creates its outdir when missing; an existing directory keeps this write-free.
  const app = new App({ outdir: tmpdir(), skipBackendValidation: true });
  return withoutTokenCreationStacks(() =>
    environments
      .map((env) => new AuditLoggingStack(app, env))
      .map((stack) => {
        stack.runAllValidations();
        return { environment: stack.environment.name, tier: stack.environment.tier, terraform: stack.toTerraform(), names: stack.names };
      }),
  );
}

/**
 * Synthesizes to `outdir` all or nothing: into a fresh sibling directory first, swapped in only when
 * every stack synthesized and validated, so a failure leaves no partial output behind.
 */
export function synthesizeToDirectory(outdir: string, environments: readonly EnvironmentConfig[] = defaultEnvironments()): void {
  replaceDirectory(outdir, (staging) => {
    const app = buildApp({ outdir: staging, environments });
    withoutTokenCreationStacks(() => app.synth());
  });
}
