/** Why a file is INVALID. */
export type InvalidReason = 'hash mismatch' | 'not found' | 'signature invalid' | 'key not found' | 'invalid format' | 'moved' | 'chain broken';

export interface Problem {
  readonly reason: InvalidReason;
  readonly detail: string;
}

/** The outcome for one digest or log file: valid when it has no problems. */
export interface FileResult {
  /** Backfill digests list log files that missed their hourly digest, in a chain of their own. */
  readonly kind: 'digest' | 'backfill digest' | 'log';
  readonly bucket: string;
  /** Absent for a missing digest whose name cannot be known (one of several missing in a row). */
  readonly key?: string;
  /** What the file is when it has no key, e.g. the period a missing digest would cover. */
  readonly description?: string;
  readonly problems: readonly Problem[];
}

export interface ValidationSummary {
  readonly digestsValid: number;
  readonly digestsInvalid: number;
  readonly backfillDigestsValid: number;
  readonly backfillDigestsInvalid: number;
  readonly logFilesValid: number;
  readonly logFilesInvalid: number;
  /** Log files listed by digests that failed validation: not checked, since their list cannot be trusted. */
  readonly logFilesNotChecked: number;
  readonly uncompressedBytesHashed: number;
}

export interface ValidationReport {
  readonly trailArn: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly regions: readonly string[];
  /** Where the list of regions came from: the auditor, CloudTrail, or the digest folders. */
  readonly regionsFrom: string;
  readonly results: readonly FileResult[];
  readonly summary: ValidationSummary;
}

export function isValid(result: FileResult): boolean {
  return result.problems.length === 0;
}

/** True when every file is valid and there was something to validate. */
export function isReportValid(report: ValidationReport): boolean {
  const { digestsInvalid, backfillDigestsInvalid, logFilesInvalid, logFilesNotChecked, digestsValid } = report.summary;
  return digestsInvalid === 0 && backfillDigestsInvalid === 0 && logFilesInvalid === 0 && logFilesNotChecked === 0 && digestsValid > 0;
}

export function summarize(results: readonly FileResult[], logFilesNotChecked: number, uncompressedBytesHashed: number): ValidationSummary {
  const count = (kind: FileResult['kind'], valid: boolean) => results.filter((r) => r.kind === kind && isValid(r) === valid).length;
  return {
    digestsValid: count('digest', true),
    digestsInvalid: count('digest', false),
    backfillDigestsValid: count('backfill digest', true),
    backfillDigestsInvalid: count('backfill digest', false),
    logFilesValid: count('log', true),
    logFilesInvalid: count('log', false),
    logFilesNotChecked,
    uncompressedBytesHashed,
  };
}
