import type { AccessAggregate } from './aggregate';
import type { TrailRecord } from './record-fields';

/**
 * Adds the records of one whole log file to `aggregate`, all or nothing: a file that is not JSON with
 * a `Records` array throws SyntaxError before any record is added.
 */
export function addLogFile(aggregate: AccessAggregate, bytes: Uint8Array): void {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const parsed = JSON.parse(text) as { Records?: unknown };
  if (parsed === null || typeof parsed !== 'object' || !Array.isArray(parsed.Records)) throw new SyntaxError('no Records array');
  for (const record of parsed.Records) {
    if (record !== null && typeof record === 'object' && !Array.isArray(record)) aggregate.add(record as TrailRecord);
  }
}
