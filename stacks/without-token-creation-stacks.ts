/**
 * Runs `fn` with cdktf's token creation stacks left empty. cdktf records a full stack trace for every
 * token it creates, thousands per synthesis, only to word the error about a token it cannot resolve;
 * formatting them takes about a tenth of synthesis time. cdktf captures them on plain objects, which is
 * how they are told apart: errors keep their stack traces.
 */
export function withoutTokenCreationStacks<T>(fn: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target: Error, frames: NodeJS.CallSite[]) => {
    if (!(target instanceof Error)) return '';
    return previous ? previous(target, frames) : `${target}${frames.map((frame) => `\n    at ${frame}`).join('')}`;
  };
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
