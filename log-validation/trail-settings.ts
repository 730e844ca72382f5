import { type CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';

/** Where a trail delivers its logs, as CloudTrail describes it. */
export interface TrailDelivery {
  readonly bucket: string;
  /** Without a trailing slash; absent when the trail has no prefix. */
  readonly prefix?: string;
}

export class TrailNotFoundError extends Error {
  constructor(
    readonly trailArn: string,
    detail: string,
  ) {
    super(`trail ${trailArn}: ${detail}`);
    this.name = 'TrailNotFoundError';
  }
}

/** The bucket and prefix of a trail (DescribeTrails), the defaults of --s3-bucket and --s3-prefix. */
export async function describeTrailDelivery(client: CloudTrailClient, trailArn: string): Promise<TrailDelivery> {
  const response = await client.send(new DescribeTrailsCommand({ trailNameList: [trailArn], includeShadowTrails: true }));
  const trail = response.trailList?.find((t) => t.TrailARN === trailArn) ?? response.trailList?.[0];
  if (!trail) throw new TrailNotFoundError(trailArn, 'not found by DescribeTrails');
  if (!trail.S3BucketName) throw new TrailNotFoundError(trailArn, 'has no S3 bucket');
  const prefix = trail.S3KeyPrefix?.replace(/\/+$/, '');
  return { bucket: trail.S3BucketName, ...(prefix ? { prefix } : {}) };
}
