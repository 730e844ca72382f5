import type { EnvironmentConfig } from './environment-schema';
import { ENVIRONMENTS } from './environments';
import { loadEnvironments, loadEnvironmentsFile } from './load-environments';

/** Where the environments may come from instead of config/environments.ts; `process.env` in production. */
export interface EnvironmentsSource {
  /** A JSON file holding the array of environments. @default - the embedded environments */
  readonly AUDITREADY_ENVIRONMENTS_FILE?: string;
}

/** The embedded environments (config/environments.ts), validated. */
export function defaultEnvironments(): EnvironmentConfig[] {
  return loadEnvironments(ENVIRONMENTS);
}

/**
 * The environments synth and check work on: the file AUDITREADY_ENVIRONMENTS_FILE names, else the
 * embedded ones. Validated: throws one ConfigError listing every problem.
 */
export function configuredEnvironments(source: EnvironmentsSource): EnvironmentConfig[] {
  const file = source.AUDITREADY_ENVIRONMENTS_FILE;
  return file ? loadEnvironmentsFile(file) : defaultEnvironments();
}
