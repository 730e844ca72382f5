/**
 * Waivers are code: each names one rule, one resource address and one environment, with a reason, an expiry
 * date and an approver. Waived results are reported as `waived`, never hidden. Expired, reasonless,
 * unknown-rule or wildcard waivers are errors.
 */
export interface Waiver {
  /** Rule id, exactly (no wildcards). */
  readonly rule: string;
  /** Terraform address of the resource, exactly (e.g. `aws_s3_bucket.audit-bucket_bucket`). */
  readonly resource: string;
  /** Environment name, exactly. */
  readonly environment: string;
  /** Why the deviation is acceptable: at least 20 characters. */
  readonly reason: string;
  /** Last day the waiver applies, `YYYY-MM-DD` (UTC). */
  readonly expires: string;
  /** Who approved it. */
  readonly approver: string;
}

export const MIN_REASON_LENGTH = 20;

/** Problems with a waiver list; empty when every waiver is valid on `today` (`YYYY-MM-DD`). */
export function validateWaivers(waivers: readonly Waiver[], knownRules: ReadonlySet<string>, today: string): string[] {
  const errors: string[] = [];
  waivers.forEach((w, i) => {
    const label = `waiver ${i + 1} (rule ${w.rule}, resource ${w.resource}, environment ${w.environment})`;
    for (const key of ['rule', 'resource', 'environment'] as const) {
      const v = w[key];
      if (typeof v !== 'string' || v.trim() === '') errors.push(`${label}: ${key} is empty`);
      else if (/[*?]/.test(v)) errors.push(`${label}: ${key} contains a wildcard; a waiver names exactly one ${key}`);
    }
    if (typeof w.rule === 'string' && !/[*?]/.test(w.rule) && !knownRules.has(w.rule)) errors.push(`${label}: unknown rule ${w.rule}`);
    if (typeof w.reason !== 'string' || w.reason.trim().length < MIN_REASON_LENGTH)
      errors.push(`${label}: reason must be at least ${MIN_REASON_LENGTH} characters`);
    if (typeof w.approver !== 'string' || w.approver.trim() === '') errors.push(`${label}: approver is empty`);
    if (typeof w.expires !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(w.expires) || Number.isNaN(Date.parse(`${w.expires}T00:00:00Z`)))
      errors.push(`${label}: expires must be a date YYYY-MM-DD`);
    else if (w.expires < today) errors.push(`${label}: expired on ${w.expires}`);
  });
  return errors;
}

/** The waiver covering a result, if any. */
export function findWaiver(waivers: readonly Waiver[], rule: string, resource: string | undefined, environment: string): Waiver | undefined {
  if (resource === undefined) return undefined;
  return waivers.find((w) => w.rule === rule && w.resource === resource && w.environment === environment);
}
