import { ensureS3Server, S3_ENV, s3Connection } from '../../testkit/s3-server';

describe('S3 server harness', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('an external server given in the environment is used as is, and never counted as started here', async () => {
    process.env[S3_ENV.endpoint] = 'http://s3.example.test:9000';
    process.env[S3_ENV.accessKeyId] = 'AKIAEXTERNAL';
    process.env[S3_ENV.secretAccessKey] = 'secret';
    delete process.env[S3_ENV.region];

    await expect(ensureS3Server()).resolves.toEqual({
      connection: { endpoint: 'http://s3.example.test:9000', accessKeyId: 'AKIAEXTERNAL', secretAccessKey: 'secret', region: 'us-east-1' },
      startedHere: false,
    });
  });

  test('without a server, a test asking for one fails with the reason global setup recorded', () => {
    delete process.env[S3_ENV.endpoint];
    process.env[S3_ENV.unavailable] = 'scripts/s3-server/start-rgw.sh failed (exit 1): mmdebstrap: not found';

    expect(() => s3Connection()).toThrow(
      /^no S3 server for this test: scripts\/s3-server\/start-rgw\.sh failed \(exit 1\): mmdebstrap: not found\. Run scripts\/s3-server\/start-rgw\.sh as root/,
    );
  });
});
