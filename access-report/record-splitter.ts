/**
 * Splits a CloudTrail log file (`{"Records":[{...},{...}]}`) into its records as the bytes stream in,
 * so that a log file too large to hold is read record by record: memory stays that of one record.
 * Only objects directly in the top-level `Records` array are records. JSON's syntax is not otherwise
 * checked here: each record is parsed with JSON.parse, and bytes that are not a well-formed log file
 * end in `finish()` throwing.
 */
export class RecordSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The last string at depth 1 (a top-level key), as its bytes. */
  private lastTopString: number[] = [];
  private collectingTopString = false;
  private inRecords = false;
  private sawRecords = false;
  /** The bytes of the record being read, from earlier chunks. */
  private pending: Buffer[] = [];
  private recordStart = -1;

  constructor(private readonly onRecord: (json: string) => void) {}

  write(chunk: Buffer): void {
    let start = this.recordStart >= 0 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (this.inString) {
        if (this.collectingTopString) this.lastTopString.push(c);
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.collectingTopString) {
            this.lastTopString.pop();
            this.collectingTopString = false;
          }
        }
        continue;
      }
      if (c === 0x22) {
        this.inString = true;
        if (this.depth === 1) {
          this.collectingTopString = true;
          this.lastTopString = [];
        }
      } else if (c === 0x7b || c === 0x5b) {
        if (this.depth === 1 && c === 0x5b) {
          this.inRecords = Buffer.from(this.lastTopString).toString('utf8') === 'Records';
          this.sawRecords ||= this.inRecords;
        }
        if (this.depth === 2 && this.inRecords && c === 0x7b) {
          start = i;
          this.recordStart = i;
        }
        this.depth++;
      } else if (c === 0x7d || c === 0x5d) {
        this.depth--;
        if (this.depth < 0) throw new SyntaxError('unbalanced brackets in log file');
        if (this.depth === 2 && this.inRecords && c === 0x7d && start >= 0) {
          const tail = chunk.subarray(start, i + 1);
          const bytes = this.pending.length > 0 ? Buffer.concat([...this.pending, tail]) : tail;
          this.pending = [];
          this.recordStart = -1;
          start = -1;
          this.onRecord(bytes.toString('utf8'));
        }
        if (this.depth === 1) this.inRecords = false;
      }
    }
    if (start >= 0) this.pending.push(Buffer.from(chunk.subarray(start)));
  }

  /** Throws when the bytes did not end as a complete log file with a `Records` array. */
  finish(): void {
    if (this.depth !== 0 || this.inString || !this.sawRecords) throw new SyntaxError('not a complete CloudTrail log file (no Records array, or cut short)');
  }
}
