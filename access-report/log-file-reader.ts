import type { LogFileEntry } from '../log-validation/digest-file';
import type { LogFileListener, LogFileSink } from '../log-validation/log-file-check';
import { type FileResult, isValid } from '../log-validation/report';
import { AccessAggregate, type compileSettings } from './aggregate';
import { addLogFile } from './parse-log-file';
import type { ParseWorkers } from './parse-workers';
import type { TrailRecord } from './record-fields';
import { RecordSplitter } from './record-splitter';

/**
 * Reads every log file `validateLogs` checks, from the bytes it hashes, into the access report's
 * aggregate; a file's records count only when its verdict is valid. A buffered file (one piece: nearly
 * all) is held until its verdict, then parsed whole, on a parse worker when there are some; a streamed
 * one (many pieces: a file too large to hold) is split into records as it arrives, into an aggregate
 * of its own that joins the run's only on a valid verdict. A valid file that is not a CloudTrail log
 * file (not JSON, no `Records` array) is listed in `unreadable`: the report is then incomplete, and says so.
 */
export class AccessLogReader implements LogFileListener {
  readonly aggregate: AccessAggregate;
  /** Valid files whose records could not be read. */
  readonly unreadable: FileResult[] = [];

  constructor(
    readonly compiled: ReturnType<typeof compileSettings>,
    readonly workers: ParseWorkers | undefined,
  ) {
    this.aggregate = new AccessAggregate(compiled);
  }

  open(entry: LogFileEntry): LogFileSink {
    return new FileSink(entry, this);
  }

  /** The aggregate of every file, the workers' included; ends the workers. */
  async finish(): Promise<AccessAggregate> {
    if (this.workers) for (const data of await this.workers.collect()) this.aggregate.mergeData(data);
    return this.aggregate;
  }

  /** @internal a valid file whose records cannot be read. */
  markUnreadable(entry: LogFileEntry, error: string): void {
    this.unreadable.push({
      kind: 'log',
      bucket: entry.s3Bucket,
      key: entry.s3Object,
      problems: [{ reason: 'invalid format', detail: `valid, but not a CloudTrail log file: ${error}` }],
    });
  }
}

class FileSink implements LogFileSink {
  private first: Uint8Array | undefined;
  private streamed: { readonly splitter: RecordSplitter; readonly contribution: AccessAggregate } | undefined;
  private error: string | undefined;

  constructor(
    private readonly entry: LogFileEntry,
    private readonly reader: AccessLogReader,
  ) {}

  write(chunk: Buffer): void {
    if (this.error !== undefined) return;
    try {
      if (this.streamed) this.streamed.splitter.write(chunk);
      else if (this.first === undefined) this.first = chunk;
      else {
        const contribution = new AccessAggregate(this.reader.compiled);
        this.streamed = { splitter: new RecordSplitter((json) => contribution.add(JSON.parse(json) as TrailRecord)), contribution };
        this.streamed.splitter.write(Buffer.from(this.first.buffer, this.first.byteOffset, this.first.byteLength));
        this.first = undefined;
        this.streamed.splitter.write(chunk);
      }
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async close(result: FileResult): Promise<void> {
    const { first, streamed } = this;
    this.first = undefined;
    this.streamed = undefined;
    if (!isValid(result)) return;
    try {
      if (this.error !== undefined) throw new SyntaxError(this.error);
      if (streamed) {
        streamed.splitter.finish();
        this.reader.aggregate.merge(streamed.contribution);
      } else if (this.reader.workers) {
        await this.reader.workers.parse(first ?? new Uint8Array(0));
      } else {
        addLogFile(this.reader.aggregate, first ?? new Uint8Array(0));
      }
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      this.reader.markUnreadable(this.entry, err.message);
    }
  }
}
