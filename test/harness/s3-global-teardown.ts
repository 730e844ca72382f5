import { stopS3Server } from '../../testkit/s3-server';

/**
 * Jest global teardown: stops the S3 server only when this run started it and CI is set;
 * developers keep it running between runs (the next start then takes no time).
 */
export default async function globalTeardown(): Promise<void> {
  if (process.env.CI && process.env.AUDITREADY_S3_STARTED_BY_PID === String(process.pid)) {
    await stopS3Server();
  }
}
