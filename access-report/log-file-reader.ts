import type { LogFileEntry } from '../log-validation/digest-file';
import type { LogFileListener, LogFileSink } from '../log-validation/log-file-check';
import { type FileResult, isValid } from '../log-validation/report';
import { AccessAggregate, type compileSettings } from './aggregate';
import type { TrailRecord } from './record-fields';
import { RecordSplitter } from './record-splitter';

/**
 * Reads every log file `validateLogs` checks, from the bytes it hashes, into the access report's
 * aggregate: each file's records go into an aggregate of their own, which joins the run's only when
 * the file's verdict is valid. A file that is valid but not a CloudTrail log file (no `Records` array,
 * not JSON) is listed in `unreadable`: the report is then incomplete, and says so.
 */
export class AccessLogReader implements LogFileListener {
  readonly aggregate: AccessAggregate;
  /** Valid files whose records could not be read. */
  readonly unreadable: FileResult[] = [];
  /** Files whose records were left out: INVALID, or unreadable. */
  leftOut = 0;

  constructor(private readonly compiled: ReturnType<typeof compileSettings>) {
    this.aggregate = new AccessAggregate(compiled);
  }

  open(entry: LogFileEntry): LogFileSink {
    return new FileSink(entry, this.compiled, this);
  }

  /** @internal a file's verdict: its records join the report, or are dropped. */
  settle(entry: LogFileEntry, result: FileResult, contribution: AccessAggregate | undefined, parseError: string | undefined): void {
    if (!isValid(result)) {
      this.leftOut++;
      return;
    }
    if (parseError !== undefined || !contribution) {
      this.leftOut++;
      this.unreadable.push({
        kind: 'log',
        bucket: entry.s3Bucket,
        key: entry.s3Object,
        problems: [{ reason: 'invalid format', detail: `valid, but not a CloudTrail log file: ${parseError ?? 'no records'}` }],
      });
      return;
    }
    this.aggregate.merge(contribution);
  }
}

/**
 * One file's bytes: the engine writes a buffered file in one piece (parsed whole with JSON.parse, the
 * fastest way), a streamed one in many (split into records as they arrive, so memory stays flat).
 */
class FileSink implements LogFileSink {
  private readonly contribution: AccessAggregate;
  private first: Buffer | undefined;
  private splitter: RecordSplitter | undefined;
  private error: string | undefined;

  constructor(
    private readonly entry: LogFileEntry,
    compiled: ReturnType<typeof compileSettings>,
    private readonly reader: AccessLogReader,
  ) {
    this.contribution = new AccessAggregate(compiled);
  }

  write(chunk: Buffer): void {
    if (this.error !== undefined) return;
    try {
      if (this.splitter) this.splitter.write(chunk);
      else if (this.first === undefined) this.first = chunk;
      else {
        this.splitter = new RecordSplitter((json) => this.contribution.add(JSON.parse(json) as TrailRecord));
        this.splitter.write(this.first);
        this.first = undefined;
        this.splitter.write(chunk);
      }
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  close(result: FileResult): void {
    if (isValid(result) && this.error === undefined) {
      try {
        if (this.splitter) this.splitter.finish();
        else addAll(this.contribution, this.first ?? Buffer.alloc(0));
      } catch (err) {
        this.error = (err as Error).message;
      }
    }
    this.first = undefined;
    this.reader.settle(this.entry, result, this.contribution, this.error);
  }
}

/** Parses a whole log file and adds its records. */
function addAll(aggregate: AccessAggregate, bytes: Buffer): void {
  const parsed = JSON.parse(bytes.toString('utf8')) as { Records?: unknown };
  if (parsed === null || typeof parsed !== 'object' || !Array.isArray(parsed.Records)) throw new SyntaxError('no Records array');
  for (const record of parsed.Records) {
    if (record !== null && typeof record === 'object' && !Array.isArray(record)) aggregate.add(record as TrailRecord);
  }
}
