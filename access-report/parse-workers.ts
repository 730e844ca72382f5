import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AggregateData, AggregateSettings } from './aggregate';

type FromWorker = { readonly type: 'parsed'; readonly id: number; readonly error?: string } | { readonly type: 'collected'; readonly data: AggregateData };

/**
 * Young-generation space of each parse worker: a parsed log file's records all live until the file is
 * added up; with room for them they die young instead of being promoted to the old generation, whose
 * collector costs more. 32 MB used the CPU time 64 MB did, with less memory (measured on the benchmark's 1 GB).
 */
const YOUNG_GENERATION_MB = 32;

/**
 * Threads that parse log files into aggregates of their own, so that parsing (the costliest part of
 * the report) runs on every core beside hashing; their aggregates are merged at the end. They run the
 * compiled worker (dist/); from TypeScript sources (under jest) there is none, and `start` returns
 * undefined: files are then parsed on the calling thread, by the same code.
 */
export class ParseWorkers {
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly inFlight: number[];
  private nextId = 0;
  private failure: Error | undefined;

  private constructor(private readonly workers: readonly Worker[]) {
    this.inFlight = workers.map(() => 0);
    workers.forEach((worker, i) => {
      worker.on('message', (message: FromWorker) => {
        if (message.type !== 'parsed') return;
        this.inFlight[i] = (this.inFlight[i] as number) - 1;
        const job = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error !== undefined) job?.reject(new SyntaxError(message.error));
        else job?.resolve();
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`parse worker exited with code ${code}`));
      });
    });
  }

  /** `count` workers with the report's settings, or undefined when no compiled worker exists. */
  static start(settings: AggregateSettings, count: number): ParseWorkers | undefined {
    const script = join(__dirname, 'log-file-worker.js');
    if (!existsSync(script) || count < 1) return undefined;
    const workers = Array.from(
      { length: count },
      () => new Worker(script, { workerData: { accessReport: settings }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }),
    );
    for (const w of workers) w.unref();
    return new ParseWorkers(workers);
  }

  /** Parses one whole log file on the least busy worker; rejects with SyntaxError when it is not a CloudTrail log file. */
  parse(bytes: Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const i = this.inFlight.indexOf(Math.min(...this.inFlight));
    const id = this.nextId++;
    this.inFlight[i] = (this.inFlight[i] as number) + 1;
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.workers[i] as Worker).postMessage({ type: 'file', id, bytes }, own ? [bytes.buffer as ArrayBuffer] : []);
    });
  }

  /** Every worker's aggregate, once the files sent have been parsed; the workers then end. */
  async collect(): Promise<AggregateData[]> {
    try {
      return await Promise.all(
        this.workers.map(
          (worker) =>
            new Promise<AggregateData>((resolve, reject) => {
              if (this.failure) return reject(this.failure);
              const onMessage = (message: FromWorker) => {
                if (message.type !== 'collected') return;
                worker.off('message', onMessage);
                resolve(message.data);
              };
              worker.on('message', onMessage);
              worker.once('error', reject);
              worker.postMessage({ type: 'collect' });
            }),
        ),
      );
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}
