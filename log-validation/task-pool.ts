/**
 * Runs async tasks with at most `limit` at a time. The first failure stops new tasks from starting
 * and is what `drain` rejects with.
 */
export class TaskPool {
  private running = 0;
  private readonly queue: Array<() => Promise<void>> = [];
  private failure: { readonly error: unknown } | undefined;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly roomWaiters: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  }

  add(task: () => Promise<void>): void {
    this.queue.push(task);
    this.startQueued();
  }

  /**
   * Resolves once fewer than `maxQueued` tasks wait to start (or a task failed): lets a producer
   * of many tasks keep its queue, and memory, bounded.
   */
  async waitForRoom(maxQueued: number): Promise<void> {
    while (this.queue.length >= maxQueued && !this.failure) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
  }

  /** Resolves when every task added so far (and any they add) has finished. */
  async drain(): Promise<void> {
    while (this.running > 0 || (this.queue.length > 0 && !this.failure)) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
    if (this.failure) throw this.failure.error;
  }

  private startQueued(): void {
    while (this.running < this.limit && this.queue.length > 0 && !this.failure) {
      const task = this.queue.shift() as () => Promise<void>;
      this.running++;
      task()
        .catch((error: unknown) => {
          this.failure ??= { error };
        })
        .finally(() => {
          this.running--;
          this.startQueued();
          for (const wake of this.roomWaiters.splice(0)) wake();
          if (this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
        });
    }
  }
}
