import type { LogFileListener } from '../log-validation/log-file-check';
import type { ValidationReport } from '../log-validation/report';
import { compileSettings } from './aggregate';
import { buildReport } from './build-report';
import type { ReportContext, ReportFilters } from './context';
import { AccessLogReader } from './log-file-reader';
import type { AccessReport } from './report';

export interface AccessReportSettings {
  readonly start: Date;
  readonly end: Date;
  readonly context: ReportContext;
  readonly filters: ReportFilters;
}

/** A report in the making: give `logFiles` to `validateLogs`, then `complete` its verdict. */
export interface AccessReportRun {
  readonly logFiles: LogFileListener;
  complete(validation: ValidationReport): AccessReport;
}

/**
 * Starts an access report over the log files `validateLogs` will check, in the same pass: each file's
 * records are read from the bytes it hashes, and count only if the file is valid. Throws
 * FilterPatternError when a change alarm's pattern cannot be read (the report would miss its matches).
 */
export function startAccessReport(settings: AccessReportSettings): AccessReportRun {
  // CloudTrail's eventTime has whole seconds: compare as strings of the same shape.
  const start = isoSeconds(settings.start);
  const end = isoSeconds(settings.end);
  const reader = new AccessLogReader(compileSettings({ start, end, context: settings.context, filters: settings.filters }));
  return {
    logFiles: reader,
    complete(validation) {
      const withUnreadable: ValidationReport = {
        ...validation,
        results: [...validation.results, ...reader.unreadable],
        summary: {
          ...validation.summary,
          logFilesValid: validation.summary.logFilesValid - reader.unreadable.length,
          logFilesInvalid: validation.summary.logFilesInvalid + reader.unreadable.length,
        },
      };
      return buildReport(reader.aggregate, withUnreadable, { context: settings.context, filters: settings.filters, start, end });
    },
  };
}

function isoSeconds(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
