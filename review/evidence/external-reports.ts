/**
 * The reports of `auditready verify --format json` and `auditready validate-logs --format json`, read back as
 * evidence. Each is checked field by field: a file that is not such a report is refused with the file,
 * the field and what was expected, never half read.
 */

import { isReportValid, type ValidationReport } from '../../log-validation/report';
import { InputError } from '../../policies/load';
import type { Status } from '../../policies/types';

/** One result of a verify report (the shape `auditready check --format json` writes). */
export interface VerifyResult {
  readonly rule: string;
  readonly status: Status;
  readonly environment: string;
  readonly resource: string | null;
  readonly message: string;
}

export interface VerifyEvidence {
  readonly results: readonly VerifyResult[];
  readonly ok: boolean;
}

export interface ValidateLogsEvidence {
  readonly report: ValidationReport;
  /** Every file valid, and something validated. */
  readonly valid: boolean;
}

const STATUSES: readonly Status[] = ['pass', 'fail', 'unknown', 'warn', 'waived', 'not_applicable'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${what}: invalid JSON (${(err as Error).message.split('\n')[0]})`);
  }
}

/** Reads a verify report (`auditready verify --format json`). `what` names the file in messages. */
export function readVerifyReport(text: string, what: string): VerifyEvidence {
  const doc = parse(text, what);
  const expected = 'expected the JSON report of auditready verify --format json';
  if (!isObject(doc) || !Array.isArray(doc.results) || !isObject(doc.summary))
    throw new InputError(`${what}: ${expected} ({"results": [...], "summary": {...}})`);
  const results = doc.results.map((r, i): VerifyResult => {
    const at = `${what}: results[${i}]`;
    if (!isObject(r)) throw new InputError(`${at}: not an object`);
    for (const field of ['rule', 'environment', 'message'] as const)
      if (typeof r[field] !== 'string') throw new InputError(`${at}.${field}: expected a string, got ${JSON.stringify(r[field])}`);
    if (!STATUSES.includes(r.status as Status)) throw new InputError(`${at}.status: ${JSON.stringify(r.status)} is not one of ${STATUSES.join(', ')}`);
    if (r.resource !== null && r.resource !== undefined && typeof r.resource !== 'string') throw new InputError(`${at}.resource: expected a string or null`);
    return {
      rule: r.rule as string,
      status: r.status as Status,
      environment: r.environment as string,
      resource: (r.resource as string | undefined) ?? null,
      message: r.message as string,
    };
  });
  if (typeof doc.summary.ok !== 'boolean') throw new InputError(`${what}: summary.ok: expected true or false`);
  return { results, ok: doc.summary.ok };
}

const SUMMARY_FIELDS = [
  'digestsValid',
  'digestsInvalid',
  'backfillDigestsValid',
  'backfillDigestsInvalid',
  'logFilesValid',
  'logFilesInvalid',
  'logFilesNotChecked',
  'uncompressedBytesHashed',
] as const;

/** Reads a validate-logs report (`auditready validate-logs --format json`). */
export function readValidateLogsReport(text: string, what: string): ValidateLogsEvidence {
  const doc = parse(text, what);
  if (!isObject(doc)) throw new InputError(`${what}: expected the JSON report of auditready validate-logs --format json`);
  for (const field of ['trailArn', 'startTime', 'endTime', 'regionsFrom'] as const)
    if (typeof doc[field] !== 'string')
      throw new InputError(`${what}: ${field}: expected a string, got ${JSON.stringify(doc[field])} (is this a validate-logs --format json report?)`);
  if (!Array.isArray(doc.regions) || !doc.regions.every((r) => typeof r === 'string'))
    throw new InputError(`${what}: regions: expected a list of region names`);
  if (!Array.isArray(doc.results)) throw new InputError(`${what}: results: expected a list`);
  doc.results.forEach((r, i) => {
    if (!isObject(r) || typeof r.kind !== 'string' || typeof r.bucket !== 'string' || !Array.isArray(r.problems))
      throw new InputError(`${what}: results[${i}]: expected {kind, bucket, key?, problems: [...]}`);
  });
  if (!isObject(doc.summary)) throw new InputError(`${what}: summary: expected an object`);
  const summary = doc.summary;
  for (const field of SUMMARY_FIELDS)
    if (typeof summary[field] !== 'number' || !Number.isInteger(summary[field]) || (summary[field] as number) < 0)
      throw new InputError(`${what}: summary.${field}: expected a count, got ${JSON.stringify(summary[field])}`);
  const report = doc as unknown as ValidationReport;
  return { report, valid: isReportValid(report) };
}
