import type { DigestLoad, LoadedDigest } from './digest-file';
import { type DigestScope, digestDayPrefix, digestRootPrefix, isSameTrail, parseAnyDigestKey, parseDigestKey } from './digest-key';
import { DigestLoader } from './digest-loader';
import { checkDigestSignature } from './digest-signature';
import { ObjectAccessError, type ObjectSource } from './object-source';
import type { PublicKeyStore } from './public-key-store';
import type { FileResult, Problem } from './report';

export interface ChainWalkRequest {
  /** Where the trail delivers now: the walk starts in this bucket and prefix. */
  readonly scope: DigestScope;
  readonly region: string;
  readonly startTime: Date;
  readonly endTime: Date;
  /** The time of the run: digests due after `now − DELIVERY_TOLERANCE_MS` cannot be missed yet. */
  readonly now: Date;
}

/**
 * Called once per digest checked (or found missing). `trusted` is set when the digest is authentic
 * (readable, at its own location, signed by a known key), so its list of log files can be checked.
 */
export type DigestListener = (result: FileResult, digest: LoadedDigest | undefined, trusted: boolean) => Promise<void> | void;

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/**
 * CloudTrail delivers a digest about every hour, for the hour before: the newest one may not be
 * there yet. Only that: a period that ended longer ago than this must be covered to its end.
 */
export const DELIVERY_TOLERANCE_MS = 2 * HOUR_MS;
/** Digests read ahead of the walk: each names the one before it, one round trip per hour otherwise. */
const READ_AHEAD = 8;

/** Until when digests must exist for a period ending at `endTime`, seen at `now`. */
export function digestsDueUntil(endTime: Date, now: Date): Date {
  return new Date(Math.min(endTime.getTime(), now.getTime() - DELIVERY_TOLERANCE_MS));
}

/** One bucket and prefix the trail delivered to, with its listed digests of the region for the period. */
interface Segment {
  readonly scope: DigestScope;
  readonly hourly: readonly ListedDigest[];
  readonly backfill: readonly ListedDigest[];
  /** Why the walk came here, for access errors: the trail's older bucket is not always readable. */
  readonly context?: string;
}

interface ListedDigest {
  readonly segment: Segment;
  readonly key: string;
  readonly endTime: Date;
}

type Kind = Exclude<FileResult['kind'], 'log'>;

/**
 * Walks one region's digest chain from the digest covering endTime back past startTime, following
 * each digest's `previousDigestS3Object`, into another bucket or prefix when the trail moved, then
 * the chain of backfill digests the same way. Beyond what `aws cloudtrail validate-logs` checks,
 * every link is verified both ways (previousDigestSignature and previousDigestHashValue against the
 * previous digest's actual signature and hash; hourly digests must cover contiguous time), every
 * missing hourly digest is reported (also several in a row, counted from the time gap), the period
 * must be covered to its end (less the delivery delay when it ends about now), digests found away
 * from the key they name are reported as moved, a chain that restarts (logging stopped) is
 * reported, and listed digests the chain never reaches are reported too.
 */
export async function walkDigestChain(source: ObjectSource, keys: PublicKeyStore, request: ChainWalkRequest, onDigest: DigestListener): Promise<void> {
  const { region, startTime, endTime } = request;
  const dueUntil = digestsDueUntil(endTime, request.now);
  const reportedEnd = new Date(Math.min(endTime.getTime(), request.now.getTime()));
  const loader = new DigestLoader(source);
  const segments = new Map<string, Promise<Segment>>();
  const home = await segmentFor(request.scope);

  if (home.hourly.length > 0) {
    await walkChain('digest');
  } else if (dueUntil > startTime) {
    await onDigest(
      missingPeriod(home.scope.bucket, `digests of ${region} from ${iso(startTime)} to ${iso(reportedEnd)}`, 'no digest file found'),
      undefined,
      false,
    );
  }
  if (home.backfill.length > 0) await walkChain('backfill digest');

  /** The listed digests of a bucket and prefix, listed once. */
  function segmentFor(scope: DigestScope, context?: string): Promise<Segment> {
    const id = `${scope.bucket}\n${scope.prefix ?? ''}\n${scope.organizationId ?? ''}`;
    let segment = segments.get(id);
    if (!segment) {
      segment = withContext(context, () => listSegment(source, scope, request, context));
      segments.set(id, segment);
    }
    return segment;
  }

  async function walkChain(kind: Kind): Promise<void> {
    // Hourly digests cover consecutive hours; backfill digests come when needed.
    const hourly = kind === 'digest';
    const listed = (segment: Segment) => (hourly ? segment.hourly : segment.backfill);
    const chain = listed(home);
    const head = chain.find((d) => d.endTime >= endTime) ?? (chain[chain.length - 1] as ListedDigest);
    const visited = new Set<string>();
    const walked = new Set<Segment>([home]);
    /** The listed digests older than `before` and not visited yet, newest first, at most `count`. */
    const olderListed = (segment: Segment, before: Date, count = 1): ListedDigest[] => {
      const list = listed(segment);
      const older: ListedDigest[] = [];
      // Lists are sorted by time: start from the last one before `before`, found by bisection.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((list[mid] as ListedDigest).endTime < before) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo - 1; i >= 0 && older.length < count; i--) {
        const d = list[i] as ListedDigest;
        if (!visited.has(idOf(d))) older.push(d);
      }
      return older;
    };
    const nextOlder = (segment: Segment, before: Date): ListedDigest | undefined => olderListed(segment, before)[0];
    const report = (at: ListedDigest, problems: readonly Problem[]): FileResult => ({ kind, bucket: at.segment.scope.bucket, key: at.key, problems });

    let newestLoaded: LoadedDigest | undefined;
    let cursor: ListedDigest | undefined = head;
    let newer: LoadedDigest | undefined;
    while (cursor) {
      const at: ListedDigest = cursor;
      const { segment } = at;
      const bucket = segment.scope.bucket;
      walked.add(segment);
      visited.add(idOf(at));
      loader.fetchAhead(
        bucket,
        olderListed(segment, at.endTime, READ_AHEAD).map((d) => d.key),
      );
      const load = await withContext(segment.context, () => loader.load(bucket, at.key));
      if (load.status === 'not found') {
        const named = newer ? `named as previous digest by ${newer.key}` : 'listed, but not found when read';
        await onDigest(report(at, [{ reason: 'not found', detail: named }]), undefined, false);
        const older = nextOlder(segment, at.endTime);
        if (hourly && newer && older) await reportUnnamedMissing(older, newer, at.endTime);
        newer = undefined;
        cursor = older;
        continue;
      }

      const evaluation = evaluate(load, bucket, at.key, kind, keys);
      const problems = [...evaluation.problems, ...(newer ? linkProblems(newer, load, hourly) : [])];
      const digest = load.status === 'loaded' && !evaluation.moved ? load.digest : undefined;
      newestLoaded ??= digest;
      if (!digest) {
        // Without a readable digest at its own place there is no trustworthy pointer: go on from the listing.
        await onDigest(report(at, problems), undefined, false);
        newer = undefined;
        cursor = nextOlder(segment, at.endTime);
        continue;
      }

      const trusted = evaluation.problems.length === 0;
      const content = digest.content;
      const reachedStart = new Date(content.digestStartTime) <= startTime;
      let next: ListedDigest | undefined;
      let nextIsLinked = false;
      if (!reachedStart && content.previousDigestS3Object == null) {
        // The first digest of a chain. An older one in the listing means the chain was restarted.
        next = nextOlder(segment, at.endTime);
        if (next) {
          problems.push({
            reason: 'chain broken',
            detail: `starts a new chain (previous digest fields null) although ${next.key} is older: no digest links the two`,
          });
        }
      } else if (!reachedStart) {
        const pointer = await followPrevious(digest, at, trusted, visited);
        if ('problem' in pointer) {
          problems.push(pointer.problem);
          next = nextOlder(segment, at.endTime);
        } else {
          next = pointer.next;
          nextIsLinked = true;
        }
      }
      await onDigest(report(at, problems), digest, trusted);
      newer = nextIsLinked ? digest : undefined;
      cursor = next;
    }

    // Digests in the period that the chain never reached: copies, or digests of a broken chain.
    for (const segment of walked) {
      for (const orphan of listed(segment)) {
        if (visited.has(idOf(orphan)) || orphan.endTime < startTime || orphan.endTime > head.endTime) continue;
        const bucket = segment.scope.bucket;
        const load = await withContext(segment.context, () => loader.load(bucket, orphan.key));
        if (load.status === 'not found') continue;
        const evaluation = evaluate(load, bucket, orphan.key, kind, keys);
        const problems = evaluation.moved
          ? evaluation.problems
          : [...evaluation.problems, { reason: 'chain broken' as const, detail: `not reachable from the newest digest ${head.key}` }];
        const digest = load.status === 'loaded' && !evaluation.moved ? load.digest : undefined;
        await onDigest(report(orphan, problems), digest, digest !== undefined && evaluation.problems.length === 0);
      }
    }

    // The period must be covered to its end: deleting the last hours' digests and logs together
    // leaves no broken link, only this.
    if (hourly) {
      const newestEnd = newestLoaded ? new Date(newestLoaded.content.digestEndTime) : undefined;
      if (!newestEnd || newestEnd < dueUntil) {
        const from = newestEnd && newestEnd > startTime ? newestEnd : startTime;
        const detail = newestEnd ? `the newest digest ends at ${iso(newestEnd)}` : 'no readable digest in the period';
        await onDigest(missingPeriod(home.scope.bucket, `digests of ${region} from ${iso(from)} to ${iso(reportedEnd)}`, detail), undefined, false);
      }
    }
  }

  /** The previous digest a digest names, if that is an earlier, not yet visited digest of the same trail and region. */
  async function followPrevious(
    digest: LoadedDigest,
    current: ListedDigest,
    trusted: boolean,
    visited: ReadonlySet<string>,
  ): Promise<{ next: ListedDigest } | { problem: Problem }> {
    const { previousDigestS3Bucket: bucket, previousDigestS3Object: key } = digest.content;
    const named = `s3://${bucket}/${key}`;
    const parts = key ? parseAnyDigestKey(key) : undefined;
    if (
      !bucket ||
      !key ||
      !parts ||
      !isSameTrail(parts, request.scope) ||
      parts.region !== region ||
      parts.endTime >= current.endTime ||
      visited.has(`${bucket}/${key}`)
    ) {
      return { problem: { reason: 'chain broken', detail: `previous digest ${named} is not an earlier digest of this trail and region` } };
    }
    const here = current.segment.scope;
    const sameSegment = bucket === here.bucket && (parts.prefix ?? '') === (here.prefix ?? '') && (parts.organizationId ?? '') === (here.organizationId ?? '');
    if (sameSegment) return { next: { segment: current.segment, key, endTime: parts.endTime } };
    // The trail moved to this bucket or prefix: its earlier digests are where it delivered before.
    if (!trusted) {
      return {
        problem: {
          reason: 'chain broken',
          detail: `previous digest ${named} is in another bucket or prefix, not followed from a digest that is not authentic`,
        },
      };
    }
    const segment = await segmentFor(
      {
        bucket,
        ...(parts.prefix ? { prefix: parts.prefix } : {}),
        ...(parts.organizationId ? { organizationId: parts.organizationId } : {}),
        accountId: here.accountId,
        trailName: here.trailName,
        homeRegion: here.homeRegion,
      },
      `the trail delivered there before; named as previous digest by s3://${here.bucket}/${current.key}. ` +
        'Validating needs s3:ListBucket and s3:GetObject on every bucket the trail used',
    );
    return { next: { segment, key, endTime: parts.endTime } };
  }

  /**
   * A missing digest was named by `newer`; `older` is the next one that exists. Every hour between
   * them beyond the named one is another missing digest, whose name cannot be known.
   */
  async function reportUnnamedMissing(older: ListedDigest, newerDigest: LoadedDigest, namedEnd: Date): Promise<void> {
    const gapMs = new Date(newerDigest.content.digestStartTime).getTime() - older.endTime.getTime();
    const missing = Math.max(1, Math.round(gapMs / HOUR_MS));
    for (let i = missing - 1; i >= 1; i--) {
      const about = new Date(older.endTime.getTime() + i * HOUR_MS);
      if (about >= namedEnd) continue;
      await onDigest(
        missingPeriod(
          older.segment.scope.bucket,
          `digest of ${region} ending about ${iso(about)}, in ${digestDayPrefix(older.segment.scope, region, about)}`,
          `between ${older.key} and ${newerDigest.key}, ${missing} hourly digests are missing`,
        ),
        undefined,
        false,
      );
    }
  }
}

function idOf(digest: ListedDigest): string {
  return `${digest.segment.scope.bucket}/${digest.key}`;
}

/** Access errors in a bucket the trail used before say why that bucket was read. */
async function withContext<T>(context: string | undefined, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (context && err instanceof ObjectAccessError) throw err.withContext(context);
    throw err;
  }
}

interface Evaluation {
  readonly problems: Problem[];
  readonly moved: boolean;
}

/** Format, location and signature of one digest on its own. */
function evaluate(load: Exclude<DigestLoad, { status: 'not found' }>, bucket: string, key: string, kind: Kind, keys: PublicKeyStore): Evaluation {
  if (load.status === 'invalid format') return { problems: [{ reason: 'invalid format', detail: load.detail }], moved: false };
  const { content } = load.digest;
  if (content.digestS3Bucket !== bucket || content.digestS3Object !== key) {
    return {
      problems: [{ reason: 'moved', detail: `its content names s3://${content.digestS3Bucket}/${content.digestS3Object}` }],
      moved: true,
    };
  }
  if (kind === 'backfill digest' && load.digest.backfillGeneratedAt === undefined) {
    return { problems: [{ reason: 'invalid format', detail: 'backfill digest without x-amz-meta-backfill-generation-timestamp' }], moved: false };
  }
  return { problems: checkDigestSignature(load.digest, keys), moved: false };
}

/** The link from `newer` to the digest it names as previous, checked against what was found there. */
function linkProblems(newer: LoadedDigest, older: Exclude<DigestLoad, { status: 'not found' }>, hourly: boolean): Problem[] {
  const problems: Problem[] = [];
  const expected = newer.content;
  const actual =
    older.status === 'loaded'
      ? { sha256Hex: older.digest.sha256Hex, signatureHex: older.digest.signatureHex }
      : { sha256Hex: older.sha256Hex, signatureHex: older.signatureHex };
  if (actual.signatureHex !== expected.previousDigestSignature) {
    problems.push({ reason: 'chain broken', detail: `signature differs from previousDigestSignature in ${newer.key}` });
  }
  if (actual.sha256Hex !== expected.previousDigestHashValue) {
    problems.push({ reason: 'chain broken', detail: `SHA-256 differs from previousDigestHashValue in ${newer.key}` });
  }
  if (hourly && older.status === 'loaded') {
    const olderEnd = new Date(older.digest.content.digestEndTime).getTime();
    const newerStart = new Date(expected.digestStartTime).getTime();
    if (olderEnd < newerStart) {
      problems.push({ reason: 'chain broken', detail: `time gap: no digest covers ${iso(new Date(olderEnd))} to ${iso(new Date(newerStart))}` });
    } else if (olderEnd > newerStart) {
      problems.push({ reason: 'chain broken', detail: `ends at ${iso(new Date(olderEnd))}, after ${newer.key} starts` });
    }
  }
  return problems;
}

/** This trail's digests of the region in one bucket and prefix, from the day before the period to the day after. */
async function listSegment(source: ObjectSource, scope: DigestScope, request: ChainWalkRequest, context: string | undefined): Promise<Segment> {
  const { region, startTime, endTime } = request;
  // From the day before the start (the digest covering the start may end after midnight) to a day
  // after the end (the digest covering the end is delivered after it).
  const startAfter = digestDayPrefix(scope, region, new Date(startTime.getTime() - DAY_MS));
  const last = endTime.getTime() + DAY_MS;
  const hourly: ListedDigest[] = [];
  const backfill: ListedDigest[] = [];
  const segment: Segment = { scope, hourly, backfill, ...(context ? { context } : {}) };
  for await (const key of source.listKeys(scope.bucket, `${digestRootPrefix(scope)}${region}/`, startAfter)) {
    const parsed = parseDigestKey(scope, region, key);
    if (!parsed) continue;
    if (parsed.endTime.getTime() > last) break;
    (parsed.backfill ? backfill : hourly).push({ segment, key, endTime: parsed.endTime });
  }
  const byTime = (a: ListedDigest, b: ListedDigest) => a.endTime.getTime() - b.endTime.getTime();
  hourly.sort(byTime);
  backfill.sort(byTime);
  return segment;
}

function missingPeriod(bucket: string, description: string, detail: string): FileResult {
  return { kind: 'digest', bucket, description, problems: [{ reason: 'not found', detail }] };
}

function iso(time: Date): string {
  return time.toISOString().replace('.000Z', 'Z');
}
