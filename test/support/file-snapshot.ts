import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Compares `actual` with a committed file, as a jest snapshot would: `jest -u` rewrites the file, and a
 * missing file is written on first run (never under --ci). One file per snapshot keeps each diff to what
 * it is about, readable in review without jest.
 */
export function expectToMatchFile(path: string, actual: string): void {
  const state = expect.getState() as { snapshotState?: { _updateSnapshot?: 'all' | 'new' | 'none' } };
  const update = state.snapshotState?._updateSnapshot ?? 'none';
  if (update === 'all' || (update === 'new' && !existsSync(path))) {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`${basename(path)} is missing: run jest with -u to write it, then review and commit it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
