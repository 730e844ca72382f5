import { type DigestScope, digestDayPrefix, digestRootPrefix, parseDigestKey } from './digest-key';
import type { ObjectSource } from './object-source';
import type { TrailDescription } from './trail-settings';

/** The regions whose digest chains are validated, and where that list came from (it is in the report). */
export interface TrailRegions {
  readonly regions: readonly string[];
  readonly source: string;
}

export interface TrailRegionsRequest {
  readonly scope: DigestScope;
  readonly startTime: Date;
  /** Regions the auditor named (--regions): taken as they are. */
  readonly named?: readonly string[];
  /** The trail as CloudTrail describes it, when CloudTrail could be asked. */
  readonly trail?: TrailDescription;
  /** Why CloudTrail could not describe the trail, when it was asked and refused. */
  readonly describeFailure?: string;
}

const DAY_MS = 24 * 3600 * 1000;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** An AWS region name (us-east-1, ap-southeast-2, us-gov-west-1). */
export function isRegionName(name: string): boolean {
  return REGION.test(name);
}

/**
 * The regions the trail logs. A bucket can hold other trails' digests and folders of regions this
 * trail never logged (or no longer logs): a region is reported only when it is the trail's. From
 * the auditor's list when given; a single-region trail (DescribeTrails) logs its home region only;
 * otherwise every region folder holding a digest of this trail (its name and home region are in
 * every digest file name), and always the home region.
 */
export async function resolveTrailRegions(source: ObjectSource, request: TrailRegionsRequest): Promise<TrailRegions> {
  const { scope, trail } = request;
  if (request.named) return { regions: [...new Set(request.named)].sort(), source: '--regions' };
  if (trail && !trail.multiRegion) return { regions: [scope.homeRegion], source: 'DescribeTrails: a single-region trail logs its home region' };
  const regions = await regionsWithDigestsOfTrail(source, scope, request.startTime);
  const found = 'region folders holding digests of this trail, and its home region';
  if (trail) return { regions, source: `DescribeTrails: a multi-region trail; ${found}` };
  return { regions, source: request.describeFailure ? `${found}; DescribeTrails: ${request.describeFailure}` : found };
}

async function regionsWithDigestsOfTrail(source: ObjectSource, scope: DigestScope, startTime: Date): Promise<string[]> {
  const root = digestRootPrefix(scope);
  const folders = (await source.listFolders(scope.bucket, root)).map((folder) => folder.slice(root.length, -1)).filter(isRegionName);
  const regions = new Set([scope.homeRegion]);
  await Promise.all(
    folders.map(async (region) => {
      if (await holdsDigestOfTrail(source, scope, region, startTime)) regions.add(region);
    }),
  );
  return [...regions].sort();
}

/**
 * Whether a region folder holds any digest of this trail: from the day before the period on first
 * (where the walk will look, so usually found on the first page), then before it.
 */
async function holdsDigestOfTrail(source: ObjectSource, scope: DigestScope, region: string, startTime: Date): Promise<boolean> {
  const folder = `${digestRootPrefix(scope)}${region}/`;
  const from = digestDayPrefix(scope, region, new Date(startTime.getTime() - DAY_MS));
  for await (const key of source.listKeys(scope.bucket, folder, from)) if (parseDigestKey(scope, region, key)) return true;
  for await (const key of source.listKeys(scope.bucket, folder)) {
    if (key > from) break;
    if (parseDigestKey(scope, region, key)) return true;
  }
  return false;
}
