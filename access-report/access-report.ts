import { availableParallelism } from 'node:os';
import type { LogFileListener } from '../log-validation/log-file-check';
import type { ValidationReport } from '../log-validation/report';
import { compileSettings } from './aggregate';
import { buildReport } from './build-report';
import type { ReportContext, ReportFilters } from './context';
import { AccessLogReader } from './log-file-reader';
import { ParseWorkers } from './parse-workers';
import type { AccessReport } from './report';

export interface AccessReportSettings {
  readonly start: Date;
  readonly end: Date;
  readonly context: ReportContext;
  readonly filters: ReportFilters;
  /**
   * Threads that parse log files beside the calling thread.
   * @default one per core but one, which is left to hashing and requests (at least one)
   */
  readonly parseThreads?: number;
}

/** A report in the making: give `logFiles` to `validateLogs`, then `complete` with its verdict (or `abort`). */
export interface AccessReportRun {
  readonly logFiles: LogFileListener;
  complete(validation: ValidationReport): Promise<AccessReport>;
  /** Ends the parse threads of a run that will not complete. */
  abort(): Promise<void>;
}

/**
 * Starts an access report over the log files `validateLogs` will check, in the same pass: each file's
 * records are read from the bytes it hashes, and count only if the file is valid. Throws
 * FilterPatternError when a change alarm's pattern cannot be read (the report would miss its matches).
 */
export function startAccessReport(settings: AccessReportSettings): AccessReportRun {
  // CloudTrail's eventTime has whole seconds: compare as strings of the same shape.
  const aggregateSettings = { start: isoSeconds(settings.start), end: isoSeconds(settings.end), context: settings.context, filters: settings.filters };
  const compiled = compileSettings(aggregateSettings);
  const workers = ParseWorkers.start(aggregateSettings, settings.parseThreads ?? Math.max(1, availableParallelism() - 1));
  const reader = new AccessLogReader(compiled, workers);
  return {
    logFiles: reader,
    async complete(validation) {
      const aggregate = await reader.finish();
      const unreadable = reader.unreadable.length;
      const withUnreadable: ValidationReport = {
        ...validation,
        results: [...validation.results, ...reader.unreadable],
        summary: {
          ...validation.summary,
          logFilesValid: validation.summary.logFilesValid - unreadable,
          logFilesInvalid: validation.summary.logFilesInvalid + unreadable,
        },
      };
      return buildReport(aggregate, withUnreadable, {
        context: settings.context,
        filters: settings.filters,
        start: aggregateSettings.start,
        end: aggregateSettings.end,
      });
    },
    abort: async () => {
      await workers?.close();
    },
  };
}

function isoSeconds(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
