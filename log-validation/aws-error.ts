/** What a failed AWS call (or the network under it) amounts to, for one line of an error message. */
export interface AwsErrorSummary {
  /** The service's error code (`AccessDenied`, `NoSuchBucket`), or the SDK's or Node's (`TimeoutError`, `ECONNREFUSED`). */
  readonly code: string;
  /** The first line of the message, when it says more than the code. */
  readonly detail?: string;
}

/**
 * The one place an SDK or network error is turned into a code and a short detail. Some S3 servers
 * send errors without a message: the SDK then has only the code, in `name`, and `UnknownError` as
 * message. SDK messages can span lines (deserialization errors): only the first is kept, so the
 * first line of what the user sees is ours.
 */
export function summarizeAwsError(err: unknown): AwsErrorSummary {
  const e = (err ?? {}) as { name?: unknown; code?: unknown; Code?: unknown; message?: unknown };
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  // Node's network errors are all named Error and carry the code (ECONNREFUSED); the SDK names its errors.
  const name = text(e.name) === 'Error' ? undefined : text(e.name);
  const code = text(e.Code) ?? name ?? text(e.code) ?? 'Error';
  const firstLine = text(e.message)?.split('\n')[0]?.trim();
  const detail = firstLine && firstLine !== 'UnknownError' && firstLine !== code ? firstLine : undefined;
  return detail ? { code, detail } : { code };
}

/** `code (detail)`, or the code alone. */
export function formatAwsError(err: unknown): string {
  const { code, detail } = summarizeAwsError(err);
  return detail ? `${code} (${detail})` : code;
}
