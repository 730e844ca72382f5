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

/** Every part of a digest key, wherever it is: what identifies the trail, and where the key lives. */
export interface DigestKeyParts extends DigestKeyInfo {
  /** Without a trailing slash; absent when the key starts with `AWSLogs/`. */
  readonly prefix?: string;
  readonly organizationId?: string;
  readonly accountId: string;
  readonly region: string;
  readonly trailName: string;
  readonly homeRegion: string;
}

// The account and region repeat in the file name; the home region (no `_`) and the time stamp close it,
// so the trail name is what lies between, underscores included.
const DIGEST_KEY =
  /^(?:(.+)\/)?AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/CloudTrail-Digest\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\3_CloudTrail-Digest_\4_([A-Za-z0-9._-]+)_([a-z0-9-]+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(_backfill)?\.json\.gz$/;

/**
 * Parses any digest key, or returns undefined when the key is not one (a log file, a file that only
 * looks like a digest, a day folder that disagrees with the file's time stamp).
 */
export function parseAnyDigestKey(key: string): DigestKeyParts | undefined {
  const match = DIGEST_KEY.exec(key);
  if (!match) return undefined;
  const [, prefix, organizationId, accountId, region, yyyy, mm, dd, trailName, homeRegion, y, mo, d, h, mi, s, backfill] = match as unknown as Array<
    string | undefined
  >;
  const endTime = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  // Rejects impossible stamps (hour 25) and folders that disagree with the stamp: not where CloudTrail writes.
  if (Number.isNaN(endTime.getTime()) || endTime.toISOString().slice(0, 19) !== `${y}-${mo}-${d}T${h}:${mi}:${s}`) return undefined;
  if (`${yyyy}${mm}${dd}` !== `${y}${mo}${d}`) return undefined;
  return {
    ...(prefix ? { prefix } : {}),
    ...(organizationId ? { organizationId } : {}),
    accountId: accountId as string,
    region: region as string,
    trailName: trailName as string,
    homeRegion: homeRegion as string,
    endTime,
    backfill: backfill !== undefined,
  };
}

/**
 * Parses a digest key of this trail and region under this scope's root, or returns undefined when
 * the key is not one (another trail's digest, another folder, a file that only looks like one).
 */
export function parseDigestKey(scope: DigestScope, region: string, key: string): DigestKeyInfo | undefined {
  if (!key.startsWith(`${digestRootPrefix(scope)}${region}/`)) return undefined;
  const parts = parseAnyDigestKey(key);
  if (!parts || !isSameTrail(parts, scope) || parts.region !== region) return undefined;
  return { endTime: parts.endTime, backfill: parts.backfill };
}

/** True when the key names this scope's trail: account, trail name and home region. */
export function isSameTrail(parts: DigestKeyParts, scope: DigestScope): boolean {
  return parts.accountId === scope.accountId && parts.trailName === scope.trailName && parts.homeRegion === scope.homeRegion;
}
