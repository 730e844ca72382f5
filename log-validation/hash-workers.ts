import { Worker } from 'node:worker_threads';
import { type BufferHashOutcome, gzipProblem, hashGzipBuffer } from './log-file-hasher';

interface Job {
  readonly compressed: Uint8Array;
  readonly keepOutput: boolean;
  readonly resolve: (outcome: BufferHashOutcome) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The body of each worker: hashGzipBuffer on every file posted to it. It runs from source text, so it
 * gets that function as a parameter (an imported name would not resolve there).
 */
function workerMain(hash: typeof hashGzipBuffer): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  parentPort?.on('message', (job: { compressed: Uint8Array; keepOutput: boolean }) => {
    try {
      const outcome = hash(job.compressed, workerData.maxUncompressedBytes, job.keepOutput);
      const output = outcome.status === 'hashed' ? outcome.output : undefined;
      // Only a buffer that owns its whole memory is handed over; a small one may share Node's pool.
      const own = output && output.byteOffset === 0 && output.byteLength === output.buffer.byteLength;
      parentPort.postMessage({ outcome }, own ? [output.buffer as ArrayBuffer] : []);
    } catch (err) {
      parentPort.postMessage({ error: String((err as Error)?.message ?? err) });
    }
  });
}

// The worker runs from source text rather than a file: the same code then works compiled (dist/) and
// under jest, which transforms TypeScript on the fly and has no .js file to start a worker from.
// hashGzipBuffer calls gzipProblem by name: both are declared in the source, under their own names.
const WORKER_SOURCE = `${gzipProblem.toString()}\n${hashGzipBuffer.toString()}\n(${workerMain.toString()})(${hashGzipBuffer.name});\n`;

/**
 * Threads that gunzip and hash whole log files held in memory (hashGzipBuffer), so every core works
 * on log files while the main thread keeps the requests going. Files are taken in arrival order by
 * whichever thread is free. Threads start when first needed (a run of only large, streamed files
 * starts none); until one is up, and if none can run, files are hashed on the calling thread.
 */
export class HashWorkers {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly running = new Set<Worker>();
  private started = false;
  private closed = false;

  constructor(
    private readonly count: number,
    private readonly maxUncompressedBytes: number,
  ) {}

  /** Gunzips and hashes one file; the buffer is handed over to a worker (it is unusable afterwards). */
  hash(compressed: Uint8Array, keepOutput: boolean): Promise<BufferHashOutcome> {
    if (this.closed) return Promise.reject(new Error('hash workers closed'));
    this.start();
    // Starting a thread takes tens of milliseconds: the first files do not wait for it.
    if (this.running.size === 0) return Promise.resolve(hashGzipBuffer(compressed, this.maxUncompressedBytes, keepOutput));
    return new Promise((resolve, reject) => {
      this.queue.push({ compressed, keepOutput, resolve, reject });
      this.next();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('hash workers closed'));
    await Promise.all([...this.running].map((w) => w.terminate()));
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    for (let i = 0; i < this.count; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { maxUncompressedBytes: this.maxUncompressedBytes } });
      worker.unref();
      worker.once('online', () => {
        if (this.closed) return;
        this.running.add(worker);
        this.idle.push(worker);
        this.next();
      });
      worker.on('message', (message: { outcome?: BufferHashOutcome; error?: string }) => {
        const job = this.busy.get(worker);
        this.busy.delete(worker);
        if (message.outcome) job?.resolve(message.outcome);
        else job?.reject(new Error(`hash worker: ${message.error}`));
        this.idle.push(worker);
        this.next();
      });
      worker.on('error', (err) => {
        const job = this.busy.get(worker);
        this.busy.delete(worker);
        this.running.delete(worker);
        const at = this.idle.indexOf(worker);
        if (at >= 0) this.idle.splice(at, 1);
        job?.reject(err);
        // Without a thread left, what is queued is hashed here.
        if (this.running.size === 0) for (const queued of this.queue.splice(0)) this.hashHere(queued);
      });
    }
  }

  private hashHere(job: Job): void {
    try {
      job.resolve(hashGzipBuffer(job.compressed, this.maxUncompressedBytes, job.keepOutput));
    } catch (err) {
      job.reject(err as Error);
    }
  }

  private next(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const job = this.queue.shift() as Job;
      this.busy.set(worker, job);
      const transferable = job.compressed.byteOffset === 0 && job.compressed.byteLength === job.compressed.buffer.byteLength;
      worker.postMessage({ compressed: job.compressed, keepOutput: job.keepOutput }, transferable ? [job.compressed.buffer as ArrayBuffer] : []);
    }
  }
}
