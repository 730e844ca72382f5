/** One thing wrong with one field of one environment. */
export interface ConfigProblem {
  /** The environment's name, or its position in the list when it has no valid name. */
  readonly environment: string;
  /** Dotted path of the field, e.g. "objectLock.retentionDays". */
  readonly field: string;
  /** The value found (JSON), or "(missing)". */
  readonly value: string;
  /** What is wrong and what is allowed. */
  readonly allowed: string;
}

/** Invalid environment config: every problem found, each naming environment, field, value and what is allowed. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `invalid environment config (${source}): ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  - environment "${p.environment}": ${p.field} = ${p.value}: ${p.allowed}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
