import { S3ServiceException } from '@aws-sdk/client-s3';
import { formatAwsError, summarizeAwsError } from '../../log-validation/aws-error';

describe('summarizeAwsError', () => {
  test.each([
    [
      'an S3 error with its message',
      new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'Access Denied' }),
      { code: 'AccessDenied', detail: 'Access Denied' },
    ],
    // Ceph sends an empty <Message>: the SDK then says UnknownError, which tells nothing.
    [
      'an S3 error without a message',
      new S3ServiceException({ name: 'NoSuchBucket', $fault: 'client', $metadata: {}, message: 'UnknownError' }),
      { code: 'NoSuchBucket' },
    ],
    [
      'a network error',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
      { code: 'ECONNREFUSED', detail: 'connect ECONNREFUSED 127.0.0.1:9' },
    ],
    [
      'an SDK timeout',
      Object.assign(new Error('socket timed out'), { name: 'TimeoutError', code: 'ETIMEDOUT' }),
      { code: 'TimeoutError', detail: 'socket timed out' },
    ],
    [
      'a deserialization error over several lines: the first only',
      new Error('@aws-sdk XML parse error: mismatched tags.\n  Deserialization error: to see the raw response, inspect $response'),
      { code: 'Error', detail: '@aws-sdk XML parse error: mismatched tags.' },
    ],
    ['something that is not an error', 'boom', { code: 'Error' }],
    ['nothing', undefined, { code: 'Error' }],
  ])('%s', (_name, err, summary) => {
    expect(summarizeAwsError(err)).toEqual(summary);
  });

  test('formats as code (detail), or the code alone', () => {
    expect(formatAwsError(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }))).toBe('AccessDenied (Access Denied)');
    expect(formatAwsError(Object.assign(new Error('AccessDenied'), { name: 'AccessDenied' }))).toBe('AccessDenied');
  });
});
