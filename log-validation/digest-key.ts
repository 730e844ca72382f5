/**
 * Where CloudTrail writes digest files:
 * `[prefix/]AWSLogs/[org-id/]<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
 *  <account>_CloudTrail-Digest_<region>_<trail>_<home-region>_YYYYMMDDTHHmmssZ.json.gz`
 * where the time stamp is the digest's end time.
 */
export interface DigestScope {
  readonly bucket: string;
  /** The trail's S3 key prefix, without a trailing slash. */
  readonly prefix?: string;
  readonly organizationId?: string;
  readonly accountId: string;
  readonly trailName: string;
  readonly homeRegion: string;
}

/** `[prefix/]AWSLogs/[org-id/]<account>/CloudTrail-Digest/`: one sub-folder per region. */
export function digestRootPrefix(scope: DigestScope): string {
  const parts = [scope.prefix, 'AWSLogs', scope.organizationId, scope.accountId, 'CloudTrail-Digest'];
  return `${parts.filter((p): p is string => p !== undefined && p !== '').join('/')}/`;
}

/** The folder of one region's digests for one UTC day. */
export function digestDayPrefix(scope: DigestScope, region: string, day: Date): string {
  const yyyy = String(day.getUTCFullYear()).padStart(4, '0');
  const mm = String(day.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(day.getUTCDate()).padStart(2, '0');
  return `${digestRootPrefix(scope)}${region}/${yyyy}/${mm}/${dd}/`;
}

/** The key CloudTrail gives the digest of `region` that ends at `endTime`. */
export function formatDigestKey(scope: DigestScope, region: string, endTime: Date): string {
  return `${digestDayPrefix(scope, region, endTime)}${digestFileNamePrefix(scope, region)}${compactTimestamp(endTime)}.json.gz`;
}

/**
 * The end time encoded in a digest key of this trail and region, or undefined when the key is not
 * one (another trail's digest, or a file that only looks like one).
 */
export function parseDigestKeyEndTime(scope: DigestScope, region: string, key: string): Date | undefined {
  const folder = digestRootPrefix(scope) + region + '/';
  if (!key.startsWith(folder)) return undefined;
  const match = /^(\d{4})\/(\d{2})\/(\d{2})\/(.*)$/.exec(key.slice(folder.length));
  if (!match) return undefined;
  const [, yyyy, mm, dd, name] = match as unknown as [string, string, string, string, string];
  const fileNamePrefix = digestFileNamePrefix(scope, region);
  if (!name.startsWith(fileNamePrefix)) return undefined;
  const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.json\.gz$/.exec(name.slice(fileNamePrefix.length));
  if (!stamp) return undefined;
  const [, y, mo, d, h, mi, s] = stamp.map(Number) as [number, number, number, number, number, number, number];
  const endTime = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // A key whose folder date disagrees with its own time stamp is not where CloudTrail puts digests.
  return digestDayPrefix(scope, region, endTime) === `${folder}${yyyy}/${mm}/${dd}/` ? endTime : undefined;
}

function digestFileNamePrefix(scope: DigestScope, region: string): string {
  return `${scope.accountId}_CloudTrail-Digest_${region}_${scope.trailName}_${scope.homeRegion}_`;
}

/** `YYYYMMDDTHHmmssZ` */
function compactTimestamp(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}
