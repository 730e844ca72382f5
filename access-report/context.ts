/** An alarm whose events count as changes to the audit baseline: its CloudWatch Logs filter pattern. */
export interface ChangeAlarm {
  /** The alarm's metric name, e.g. `baseline-bucket-changes` or `cis-5-4-iam-policy-changes`. */
  readonly name: string;
  readonly description: string;
  /** The metric filter pattern, as deployed (values known only after deploy, such as a key ARN, as `*`). */
  readonly pattern: string;
}

/**
 * What the report needs to know about the environment beyond the logs: the "why" tag, the roles that
 * may read the logs and the break-glass roles, the buckets holding the logs, and the alarms that watch
 * baseline changes. `auditready access-report --env NAME` takes it from the environment config and its
 * stack; without --env, from flags (see docs/access-report.md).
 */
export interface ReportContext {
  /** Where this context came from, for the report's header, e.g. `environment prod`. */
  readonly source: string;
  /** The session tag that carries the reason for a session (the environment's `accessContext.sessionTagKey`). */
  readonly ticketTagKey: string;
  /** Roles whose sessions may read the audit bucket. */
  readonly auditorRoleArns: readonly string[];
  readonly breakGlassRoleArns: readonly string[];
  /** Other roles only people assume (e.g. log-admin): their sessions are human sessions. */
  readonly humanRoleArns: readonly string[];
  /** Buckets whose object reads only auditors may make. */
  readonly auditBuckets: readonly string[];
  readonly changeAlarms: readonly ChangeAlarm[];
}

/** Which sessions the report shows: every one, or those of a principal or touching a resource. */
export interface ReportFilters {
  /** A glob matched against a session's source identity, user, principal ARN and role ARN. */
  readonly principal?: string;
  /** An ARN glob matched against every resource a session's events name. */
  readonly resource?: string;
}
