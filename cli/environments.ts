import type { EnvironmentConfig } from '../config/environment-schema';
import { UsageError } from './usage-error';

/** The environments as synthesis reads them: $AUDITREADY_ENVIRONMENTS_FILE, else config/environments.ts. Bad config is a UsageError. */
export function configuredEnvironments(): EnvironmentConfig[] {
  // Loaded lazily: commands that read files only do not need cdktf.
  const { defaultEnvironments } = require('../stacks/build-app') as typeof import('../stacks/build-app');
  const { loadEnvironmentsFile } = require('../config/load-environments') as typeof import('../config/load-environments');
  const file = process.env.AUDITREADY_ENVIRONMENTS_FILE;
  try {
    return file ? loadEnvironmentsFile(file) : defaultEnvironments();
  } catch (err) {
    throw new UsageError(`${file ?? 'config/environments.ts'}: ${(err as Error).message}`);
  }
}
