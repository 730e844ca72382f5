import { type DigestLoad, loadDigest } from './digest-file';
import type { ObjectSource } from './object-source';

/**
 * Loads digests for the chain walk, and fetches ahead the ones it will most likely ask for next
 * (the next older ones in the listing): each digest names the one before it, so without reading
 * ahead the walk waits for one round trip per hour of the period.
 */
/** Digests held ahead at most: each can list thousands of log files. */
const MAX_AHEAD = 16;

export class DigestLoader {
  private readonly pending = new Map<string, Promise<DigestLoad>>();

  constructor(private readonly source: ObjectSource) {}

  /** The digest at bucket/key, taken from what was fetched ahead when it was. */
  load(bucket: string, key: string): Promise<DigestLoad> {
    const id = `${bucket}/${key}`;
    const ahead = this.pending.get(id);
    if (ahead) {
      this.pending.delete(id);
      return ahead;
    }
    return loadDigest(this.source, bucket, key);
  }

  /** Starts loading these digests; an error surfaces when (and if) the walk asks for one of them. */
  fetchAhead(bucket: string, keys: readonly string[]): void {
    for (const key of keys) {
      const id = `${bucket}/${key}`;
      if (this.pending.has(id)) continue;
      if (this.pending.size >= MAX_AHEAD) return;
      const load = loadDigest(this.source, bucket, key);
      load.catch(() => undefined);
      this.pending.set(id, load);
    }
  }
}
