import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';

/**
 * One AWS request as verify makes it: a deadline on every attempt, retries of throttling and transient
 * errors with capped exponential backoff and jitter (classified by the SDK's own rules), and any other
 * failure turned into an AwsCallError that names the operation, the resource and the AWS error code.
 * The clients themselves make one attempt each (maxAttempts 1), so this is the one retry policy.
 */

/** How verify calls AWS: the deadline of one attempt and how many attempts a throttled or transient call gets. */
export interface CallPolicy {
  /** Milliseconds one attempt may take, connection included. */
  readonly attemptTimeoutMs: number;
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
  /** Delay before the n-th retry (1-based), in milliseconds. */
  backoffMs(retry: number): number;
  /** Waits; replaced in tests. */
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_CALL_POLICY: CallPolicy = {
  attemptTimeoutMs: 20_000,
  maxAttempts: 5,
  // Full jitter over 200 ms, 400 ms, ... capped at 5 s: throttled callers spread out.
  backoffMs: (retry) => Math.random() * Math.min(5_000, 100 * 2 ** retry),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What an AWS error says, without anything secret: the code, HTTP status and request ids, and the message. */
export interface AwsErrorFacts {
  readonly code: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly extendedRequestId?: string;
  readonly message: string;
}

/** An AWS request that failed for good (after retries): access, credentials, a missing resource, the network. */
export class AwsCallError extends Error {
  constructor(
    readonly operation: string,
    readonly resource: string,
    readonly facts: AwsErrorFacts,
  ) {
    super(`${operation} on ${resource} failed: ${describeAwsError(facts)}`);
    this.name = 'AwsCallError';
  }
}

type SdkErrorLike = Error & {
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string; readonly extendedRequestId?: string };
  readonly Code?: string;
  readonly code?: string;
};

/** The facts of any error an SDK call throws. The SDK shows an S3 error's code as `name`; messages can be empty. */
export function awsErrorFacts(err: unknown): AwsErrorFacts {
  const e = err as SdkErrorLike;
  const code = e?.Code ?? (e?.name && e.name !== 'Error' ? e.name : undefined) ?? e?.code ?? 'Error';
  const m = e?.$metadata ?? {};
  const message = e?.message && e.message !== 'UnknownError' ? e.message : '';
  return {
    code,
    ...(m.httpStatusCode !== undefined ? { httpStatus: m.httpStatusCode } : {}),
    ...(m.requestId ? { requestId: m.requestId } : {}),
    ...(m.extendedRequestId ? { extendedRequestId: m.extendedRequestId } : {}),
    message,
  };
}

export function describeAwsError(f: AwsErrorFacts): string {
  const ids = [f.requestId ? `request id ${f.requestId}` : '', f.extendedRequestId ? `extended request id ${f.extendedRequestId}` : ''].filter(Boolean);
  return `${f.code}${f.httpStatus ? ` (HTTP ${f.httpStatus})` : ''}${ids.length ? `, ${ids.join(', ')}` : ''}${f.message ? `: ${f.message}` : ''}`;
}

function retryable(err: unknown): boolean {
  const e = err as Parameters<typeof isThrottlingError>[0];
  if ((err as Error)?.name === 'TimeoutError' || (err as Error)?.name === 'AbortError') return true;
  try {
    return isThrottlingError(e) || isTransientError(e) || isServerError(e);
  } catch {
    return false;
  }
}

/**
 * Runs `attempt` (given an AbortSignal that fires at the attempt's deadline) until it succeeds, fails
 * with an error that is not retryable, or runs out of attempts; then throws AwsCallError.
 */
export async function awsCall<T>(
  operation: string,
  resource: string,
  attempt: (signal: AbortSignal) => Promise<T>,
  policy: CallPolicy = DEFAULT_CALL_POLICY,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(AbortSignal.timeout(policy.attemptTimeoutMs));
    } catch (err) {
      if (n >= policy.maxAttempts || !retryable(err)) {
        const facts = awsErrorFacts(err);
        const timedOut = (err as Error)?.name === 'TimeoutError' || (err as Error)?.name === 'AbortError';
        throw new AwsCallError(
          operation,
          resource,
          timedOut ? { ...facts, code: 'Timeout', message: `no answer within ${policy.attemptTimeoutMs} ms (${n} attempt(s))` } : facts,
        );
      }
      await policy.sleep(policy.backoffMs(n));
    }
  }
}
