import { ensureS3Server, publishConnection, S3_ENV } from '../../testkit/s3-server';

/**
 * Jest global setup of the suites that need the S3 server (*.s3.test.ts; jest runs it only when one of
 * them is selected): makes the server available. A server that cannot start does not abort the run:
 * the suites that need it fail with the reason.
 */
export default async function globalSetup(): Promise<void> {
  try {
    const server = await ensureS3Server();
    publishConnection(server.connection);
    // Only the run that started the server may stop it (see s3-global-teardown.ts).
    if (server.startedHere) process.env.AUDITREADY_S3_STARTED_BY_PID = String(process.pid);
  } catch (err) {
    process.env[S3_ENV.unavailable] = err instanceof Error ? err.message : String(err);
    process.stderr.write(`\n[global-setup] S3 server unavailable, the S3 tests will fail: ${process.env[S3_ENV.unavailable]}\n`);
  }
}
