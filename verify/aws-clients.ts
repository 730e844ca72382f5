import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { silenceNodeVersionWarning } from '../log-validation/aws-clients';

/** The AWS clients verify uses for one environment's region. */
export interface VerifyClients {
  readonly s3: S3Client;
  readonly cloudTrail: CloudTrailClient;
  readonly cloudWatch: CloudWatchClient;
  readonly sns: SNSClient;
  readonly kms: KMSClient;
  destroy(): void;
}

export interface ClientSettings {
  readonly region: string;
  /** An S3 endpoint other than AWS's (an S3-compatible server): path-style addressing. */
  readonly s3Endpoint?: URL;
  /** Milliseconds to connect and to wait for an answer, per attempt. */
  readonly timeoutMs: number;
}

/**
 * Clients with the standard credential chain and the SDK's standard endpoint settings
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>), deadlines on the connection and the answer, and one
 * attempt each: awsCall (aws-call.ts) retries. Loaded only when verify runs.
 */
export async function createClients(settings: ClientSettings): Promise<VerifyClients> {
  silenceNodeVersionWarning();
  const [{ S3Client }, { CloudTrailClient }, { CloudWatchClient }, { SNSClient }, { KMSClient }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-cloudtrail'),
    import('@aws-sdk/client-cloudwatch'),
    import('@aws-sdk/client-sns'),
    import('@aws-sdk/client-kms'),
  ]);
  const common = {
    region: settings.region,
    maxAttempts: 1,
    // Without throwOnRequestTimeout the SDK only warns when requestTimeout passes, and goes on waiting.
    requestHandler: { connectionTimeout: settings.timeoutMs, requestTimeout: settings.timeoutMs, throwOnRequestTimeout: true },
  };
  const clients = {
    s3: new S3Client({
      ...common,
      followRegionRedirects: true,
      ...(settings.s3Endpoint ? { endpoint: settings.s3Endpoint.toString(), forcePathStyle: true } : {}),
    }),
    cloudTrail: new CloudTrailClient(common),
    cloudWatch: new CloudWatchClient(common),
    sns: new SNSClient(common),
    kms: new KMSClient(common),
  };
  return {
    ...clients,
    destroy: () => {
      for (const c of Object.values(clients)) c.destroy();
    },
  };
}
