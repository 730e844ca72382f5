import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Replaces the directory `target` all or nothing: `fill` writes a fresh sibling directory, which is
 * swapped in only when `fill` returns, so a failure leaves the previous output, never a partial one.
 */
export function replaceDirectory(target: string, fill: (staging: string) => void): void {
  const absolute = resolve(target);
  mkdirSync(dirname(absolute), { recursive: true });
  const staging = mkdtempSync(join(dirname(absolute), `.${basename(absolute)}.staging-`));
  try {
    fill(staging);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  chmodSync(staging, 0o755); // mkdtemp creates 0700
  rmSync(absolute, { recursive: true, force: true });
  renameSync(staging, absolute);
}
