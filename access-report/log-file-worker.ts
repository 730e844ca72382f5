/**
 * The body of a parse worker (see ParseWorkers): parses each log file it is sent into its own running
 * aggregate, and hands the aggregate over when asked. Files arrive only once their verdict is valid,
 * so every file it parses counts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AccessAggregate, type AggregateSettings, compileSettings } from './aggregate';
import { addLogFile } from './parse-log-file';

/** Messages to a parse worker. */
export type ToWorker = { readonly type: 'file'; readonly id: number; readonly bytes: Uint8Array } | { readonly type: 'collect' };

if (parentPort && (workerData as { accessReport?: AggregateSettings } | undefined)?.accessReport) {
  const port = parentPort;
  const aggregate = new AccessAggregate(compileSettings((workerData as { accessReport: AggregateSettings }).accessReport));
  port.on('message', (message: ToWorker) => {
    if (message.type === 'collect') {
      port.postMessage({ type: 'collected', data: aggregate.toData() });
      return;
    }
    try {
      addLogFile(aggregate, message.bytes);
      port.postMessage({ type: 'parsed', id: message.id });
    } catch (err) {
      port.postMessage({ type: 'parsed', id: message.id, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
