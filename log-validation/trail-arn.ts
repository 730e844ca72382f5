/** The parts of a CloudTrail trail ARN that locate its digest files. */
export interface TrailArn {
  readonly arn: string;
  readonly partition: string;
  /** The trail's home region: the last-but-one part of every digest file name. */
  readonly homeRegion: string;
  readonly accountId: string;
  readonly trailName: string;
}

// Trail names: 3-128 letters, digits, '.', '_' or '-' (CloudTrail CreateTrail rules).
const TRAIL_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):cloudtrail:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):trail\/([A-Za-z0-9._-]{3,128})$/;

/** Parses `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`; undefined when it is not one. */
export function parseTrailArn(arn: string): TrailArn | undefined {
  const match = TRAIL_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, homeRegion, accountId, trailName] = match as unknown as [string, string, string, string, string];
  return { arn, partition, homeRegion, accountId, trailName };
}
