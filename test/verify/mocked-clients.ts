/** verify's clients for tests: real SDK clients, whose `send` the aws-sdk-client-mock mocks of each test answer. */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import type { VerifyClients } from '../../verify/aws-clients';
import type { VerifyTarget } from '../../verify/target';

export function mockedClients(region = 'eu-central-1'): VerifyClients {
  return {
    s3: new S3Client({ region }),
    cloudTrail: new CloudTrailClient({ region }),
    cloudWatch: new CloudWatchClient({ region }),
    sns: new SNSClient({ region }),
    kms: new KMSClient({ region }),
    destroy: () => {},
  };
}

/** The prod example's names, as a target for the readers. */
export function prodTarget(overrides: Partial<VerifyTarget> = {}): VerifyTarget {
  return {
    environment: 'prod',
    tier: 'prod',
    region: 'eu-central-1',
    stackDir: 'cdktf.out/stacks/prod',
    names: {
      auditBucket: 'prod-audit-logs-333333333333-eu-central-1',
      accessLogBucket: 'prod-access-logs-333333333333-eu-central-1',
      trailArn: 'arn:aws:cloudtrail:eu-central-1:333333333333:trail/prod-audit-trail',
      topicArn: 'arn:aws:sns:eu-central-1:333333333333:prod-security-alarms',
      heartbeatAlarm: 'prod-log-delivery-heartbeat',
    },
    verifiers: [],
    ...overrides,
  };
}
