/**
 * Where CloudTrail writes digest files:
 * `[prefix/]AWSLogs/[org-id/]<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
 *  <account>_CloudTrail-Digest_<region>_<trail>_<home-region>_YYYYMMDDTHHmmssZ[_backfill].json.gz`
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

/** What a digest key tells: the digest's end time, and whether it is a backfill digest. */
export interface DigestKeyInfo {
  readonly endTime: Date;
  /**
   * Backfill digests (`..._backfill.json.gz`) list log files that missed their hourly digest;
   * they form a chain of their own.
   */
  readonly backfill: boolean;
}

/**
 * Parses a digest key of this trail and region, or returns undefined when the key is not one
 * (another trail's digest, or a file that only looks like one).
 */
export function parseDigestKey(scope: DigestScope, region: string, key: string): DigestKeyInfo | undefined {
  const folder = `${digestRootPrefix(scope) + region}/`;
  if (!key.startsWith(folder)) return undefined;
  const match = /^(\d{4})\/(\d{2})\/(\d{2})\/(.*)$/.exec(key.slice(folder.length));
  if (!match) return undefined;
  const [, yyyy, mm, dd, name] = match as unknown as [string, string, string, string, string];
  const fileNamePrefix = digestFileNamePrefix(scope, region);
  if (!name.startsWith(fileNamePrefix)) return undefined;
  const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(_backfill)?\.json\.gz$/.exec(name.slice(fileNamePrefix.length));
  if (!stamp) return undefined;
  const [y, mo, d, h, mi, s] = stamp.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const endTime = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // A key whose folder date disagrees with its own time stamp is not where CloudTrail puts digests.
  if (digestDayPrefix(scope, region, endTime) !== `${folder}${yyyy}/${mm}/${dd}/`) return undefined;
  return { endTime, backfill: stamp[7] !== undefined };
}

function digestFileNamePrefix(scope: DigestScope, region: string): string {
  return `${scope.accountId}_CloudTrail-Digest_${region}_${scope.trailName}_${scope.homeRegion}_`;
}
