/** What a config file describes: the subject of every problem in it. */
export type ConfigKind = 'environment' | 'organization';

/** One thing wrong with one field of one environment or organization. */
export interface ConfigProblem {
  /** The environment's or organization's name, or its position in the list when it has no valid name. */
  readonly subject: string;
  /** Dotted path of the field, e.g. "objectLock.retentionDays". */
  readonly field: string;
  /** The value found (JSON), or "(missing)". */
  readonly value: string;
  /** What is wrong and what is allowed. */
  readonly allowed: string;
}

/** Invalid config: every problem found, each naming the environment or organization, field, value and what is allowed. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
    readonly kind: ConfigKind = 'environment',
  ) {
    super(
      `invalid ${kind} config (${source}): ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  - ${kind} "${p.subject}": ${p.field} = ${p.value}: ${p.allowed}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
