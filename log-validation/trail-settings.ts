import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';

/** What CloudTrail says about a trail that validation needs: where it delivers, and which regions it logs. */
export interface TrailDescription {
  readonly bucket: string;
  /** Without a trailing slash; absent when the trail has no prefix. */
  readonly prefix?: string;
  /** A multi-region trail logs every region; otherwise only its home region. */
  readonly multiRegion: boolean;
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

/** The trail as DescribeTrails reports it: the defaults of --s3-bucket and --s3-prefix, and its regions. */
export async function describeTrail(client: CloudTrailClient, trailArn: string): Promise<TrailDescription> {
  const { DescribeTrailsCommand } = await import('@aws-sdk/client-cloudtrail');
  const response = await client.send(new DescribeTrailsCommand({ trailNameList: [trailArn], includeShadowTrails: true }));
  const trail = response.trailList?.find((t) => t.TrailARN === trailArn);
  if (!trail) throw new TrailNotFoundError(trailArn, 'not found by DescribeTrails');
  if (!trail.S3BucketName) throw new TrailNotFoundError(trailArn, 'has no S3 bucket');
  const prefix = trail.S3KeyPrefix?.replace(/\/+$/, '');
  return { bucket: trail.S3BucketName, ...(prefix ? { prefix } : {}), multiRegion: trail.IsMultiRegionTrail === true };
}
