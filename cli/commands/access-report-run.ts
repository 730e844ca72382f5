import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { startAccessReport } from '../../access-report/access-report';
import type { ReportContext } from '../../access-report/context';
import { formatAccessReport } from '../../access-report/formats';
import { FilterPatternError } from '../../policies/filter-pattern';
import type { CliIo } from '../io';
import { UsageError } from '../usage-error';
import { toolVersion } from '../version';
import type { AccessReportOptions } from './access-report';
import { contextFromEnvironment, contextFromFlags, selectEnvironment } from './access-report-context';
import { writeAtomically } from './check';
import { validateTrailLogs } from './validate-logs-run';

/**
 * Validates the logs and builds the access report in one pass, then writes it to --output or stdout.
 * Returns 0 when every file of the window is valid, 1 when one is INVALID or missing (the report says
 * which, at the top); throws UsageError (exit 2, nothing written) for bad flags, config or access.
 */
export async function runAccessReport(options: AccessReportOptions, output: CliIo): Promise<number> {
  if (options.endTime <= options.startTime) {
    throw new UsageError(`--end-time ${options.endTime.toISOString()} must be after --start-time ${options.startTime.toISOString()}`);
  }
  if (options.output !== undefined && !existsSync(dirname(options.output))) {
    throw new UsageError(`--output ${options.output}: directory ${dirname(options.output)} does not exist`);
  }
  const context = reportContext(options);
  let run: ReturnType<typeof startAccessReport>;
  try {
    run = startAccessReport({
      start: options.startTime,
      end: options.endTime,
      context,
      filters: {
        ...(options.principal !== undefined ? { principal: options.principal } : {}),
        ...(options.resource !== undefined ? { resource: options.resource } : {}),
      },
    });
  } catch (err) {
    if (err instanceof FilterPatternError) throw new UsageError(`a change alarm's filter pattern cannot be read (${context.source}): ${err.message}`);
    throw err;
  }
  let report: Awaited<ReturnType<typeof run.complete>>;
  try {
    report = await run.complete(await validateTrailLogs(options, output, run.logFiles));
  } catch (err) {
    await run.abort();
    throw err;
  }
  const text = formatAccessReport(report, options.format, toolVersion());
  if (options.output !== undefined) writeAtomically(options.output, text);
  else output.stdout.write(text);
  return report.integrity.valid ? 0 : 1;
}

/** The context from --env (the environment's config and stack), or from the flags; never both. */
function reportContext(options: AccessReportOptions): ReportContext {
  const flags = ['--tag-key', '--auditor-role', '--break-glass-role', '--audit-bucket'].filter((f) => {
    const key = f.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof AccessReportOptions;
    return options[key] !== undefined;
  });
  if (options.env === undefined) {
    return contextFromFlags({
      ...(options.tagKey !== undefined ? { tagKey: options.tagKey } : {}),
      ...(options.auditorRole ? { auditorRole: options.auditorRole } : {}),
      ...(options.breakGlassRole ? { breakGlassRole: options.breakGlassRole } : {}),
      ...(options.auditBucket ? { auditBucket: options.auditBucket } : {}),
      s3Bucket: options.s3Bucket,
    });
  }
  if (flags.length > 0) throw new UsageError(`--env ${options.env} gives the context; ${flags.join(', ')} cannot be combined with it`);
  const { configuredEnvironments } = require('../../config/configured-environments') as typeof import('../../config/configured-environments');
  const { ConfigError } = require('../../config/config-error') as typeof import('../../config/config-error');
  try {
    return contextFromEnvironment(selectEnvironment(configuredEnvironments(process.env), options.env));
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}
