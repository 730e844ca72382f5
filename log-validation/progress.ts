/** Told about every log file checked; drives the progress line of long runs. */
export interface ProgressListener {
  fileChecked(uncompressedBytes: number): void;
}

const REDRAW_INTERVAL_MS = 250;

/** A one-line progress display (files checked, bytes hashed, rate) for an interactive terminal. */
export class TerminalProgress implements ProgressListener {
  private files = 0;
  private bytes = 0;
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly terminal: NodeJS.WritableStream) {
    this.timer = setInterval(() => this.draw(), REDRAW_INTERVAL_MS);
    this.timer.unref();
  }

  fileChecked(uncompressedBytes: number): void {
    this.files++;
    this.bytes += uncompressedBytes;
  }

  /** Clears the line so the report starts on a clean one. */
  stop(): void {
    clearInterval(this.timer);
    this.terminal.write('\r\x1b[K');
  }

  private draw(): void {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const mb = this.bytes / 1e6;
    this.terminal.write(`\r\x1b[K${this.files} log files checked, ${mb.toFixed(1)} MB hashed (${(mb / seconds).toFixed(1)} MB/s)`);
  }
}
