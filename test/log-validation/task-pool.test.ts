import { TaskPool } from '../../log-validation/task-pool';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 2));

describe('TaskPool', () => {
  test('never runs more than the limit at once, and runs everything', async () => {
    const pool = new TaskPool(3);
    let running = 0;
    let peak = 0;
    let done = 0;
    for (let i = 0; i < 20; i++) {
      pool.add(async () => {
        running++;
        peak = Math.max(peak, running);
        await tick();
        running--;
        done++;
      });
    }
    await pool.drain();
    expect(done).toBe(20);
    expect(peak).toBe(3);
  });

  test('drain rejects with the first failure and starts nothing after it', async () => {
    const pool = new TaskPool(1);
    let ranAfter = false;
    pool.add(async () => {
      await tick();
      throw new Error('first');
    });
    pool.add(async () => {
      ranAfter = true;
    });
    await expect(pool.drain()).rejects.toThrow('first');
    expect(ranAfter).toBe(false);
  });

  test('waitForRoom holds a producer back until fewer tasks than asked wait to start', async () => {
    const pool = new TaskPool(1);
    let started = 0;
    for (let i = 0; i < 5; i++) {
      pool.add(async () => {
        started++;
        await tick();
      });
    }
    await pool.waitForRoom(2);
    // one task runs at a time: with one left waiting, four have started
    expect(started).toBe(4);
    await pool.drain();
    expect(started).toBe(5);
  });

  test('refuses a limit below 1', () => {
    expect(() => new TaskPool(0)).toThrow(/positive integer, got 0/);
  });
});
