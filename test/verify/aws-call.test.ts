/** awsCall: a deadline on every attempt, retries of what the SDK classes as transient, and errors that say what failed. */
import { AwsCallError, awsCall, type CallPolicy } from '../../verify/aws-call';

const policy = (over: Partial<CallPolicy> = {}): CallPolicy => ({ attemptTimeoutMs: 20, maxAttempts: 3, backoffMs: () => 0, sleep: async () => {}, ...over });

/** An endpoint that accepts the request and never answers: only the attempt's signal ends it. */
const hanging = (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));

test('an endpoint that never answers: every attempt times out, then the call fails as a Timeout naming the operation', async () => {
  let attempts = 0;
  const err = await awsCall(
    'sns:ListSubscriptionsByTopic',
    'arn:aws:sns:eu-central-1:333333333333:t',
    (signal) => {
      attempts++;
      return hanging(signal);
    },
    policy(),
  ).catch((e: unknown) => e);
  expect(attempts).toBe(3);
  expect(err).toBeInstanceOf(AwsCallError);
  expect((err as Error).message).toBe(
    'sns:ListSubscriptionsByTopic on arn:aws:sns:eu-central-1:333333333333:t failed: Timeout: no answer within 20 ms (3 attempt(s))',
  );
});

test('a server error is retried; a client error is not', async () => {
  const server = Object.assign(new Error('We encountered an internal error'), { name: 'InternalError', $metadata: { httpStatusCode: 500 }, $fault: 'server' });
  const client = Object.assign(new Error('The specified bucket does not exist'), {
    name: 'NoSuchBucket',
    $metadata: { httpStatusCode: 404 },
    $fault: 'client',
  });
  const calls = { server: 0, client: 0 };
  await expect(awsCall('s3:GetBucketVersioning', 'b', async () => (calls.server++ < 1 ? Promise.reject(server) : 'ok'), policy())).resolves.toBe('ok');
  await expect(
    awsCall(
      's3:GetBucketVersioning',
      'b',
      async () => {
        calls.client++;
        throw client;
      },
      policy(),
    ),
  ).rejects.toThrow('s3:GetBucketVersioning on b failed: NoSuchBucket (HTTP 404): The specified bucket does not exist');
  expect(calls).toEqual({ server: 2, client: 1 });
});
