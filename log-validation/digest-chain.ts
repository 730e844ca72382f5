import { type DigestLoad, type LoadedDigest, loadDigest } from './digest-file';
import { type DigestScope, digestDayPrefix, digestRootPrefix, parseDigestKey } from './digest-key';
import { checkDigestSignature } from './digest-signature';
import type { ObjectSource } from './object-source';
import type { PublicKeyStore } from './public-key-store';
import type { FileResult, Problem } from './report';

export interface ChainWalkRequest {
  readonly scope: DigestScope;
  readonly region: string;
  readonly startTime: Date;
  readonly endTime: Date;
  /** Also report missing digests between the newest one and endTime (when the auditor chose an end time). */
  readonly checkEndGap: boolean;
}

/**
 * Called once per digest checked (or found missing). `trusted` is set when the digest is authentic
 * (readable, at its own location, signed by a known key), so its list of log files can be checked.
 */
export type DigestListener = (result: FileResult, digest: LoadedDigest | undefined, trusted: boolean) => Promise<void> | void;

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** CloudTrail delivers a digest every hour; allow for delivery delay before calling the newest one late. */
const END_GAP_TOLERANCE_MS = 2 * HOUR_MS;

interface ListedDigest {
  readonly key: string;
  readonly endTime: Date;
}

type Kind = Exclude<FileResult['kind'], 'log'>;

/**
 * Walks one region's digest chain from the digest covering endTime back past startTime, following
 * each digest's `previousDigestS3Object`, then the chain of backfill digests the same way. Beyond
 * what `aws cloudtrail validate-logs` checks, every link is verified both ways
 * (previousDigestSignature and previousDigestHashValue against the previous digest's actual
 * signature and hash; hourly digests must cover contiguous time), every missing hourly digest is
 * reported (also several in a row, counted from the time gap), digests found away from the key they
 * name are reported as moved, a chain that restarts (logging stopped) is reported, and listed
 * digests the chain never reaches are reported too.
 */
export async function walkDigestChain(source: ObjectSource, keys: PublicKeyStore, request: ChainWalkRequest, onDigest: DigestListener): Promise<void> {
  const { scope, region, startTime, endTime } = request;
  const bucket = scope.bucket;
  const listed = await listDigests(source, request);
  if (listed.hourly.length === 0) {
    await onDigest(missingPeriod(bucket, `digests of ${region} from ${iso(startTime)} to ${iso(endTime)}`, 'no digest file found'), undefined, false);
  } else {
    await walkChain(listed.hourly, 'digest');
  }
  if (listed.backfill.length > 0) await walkChain(listed.backfill, 'backfill digest');

  async function walkChain(chain: readonly ListedDigest[], kind: Kind): Promise<void> {
    // Hourly digests cover consecutive hours; backfill digests come when needed.
    const hourly = kind === 'digest';
    const head = chain.find((d) => d.endTime >= endTime) ?? (chain[chain.length - 1] as ListedDigest);
    const visited = new Set<string>();
    const olderListed = (before: Date): ListedDigest | undefined => [...chain].reverse().find((d) => d.endTime < before && !visited.has(d.key));
    const report = (key: string, problems: readonly Problem[]): FileResult => ({ kind, bucket, key, problems });

    let newestLoaded: LoadedDigest | undefined;
    let cursor: ListedDigest | undefined = head;
    let newer: LoadedDigest | undefined;
    while (cursor) {
      visited.add(cursor.key);
      const load = await loadDigest(source, bucket, cursor.key);
      if (load.status === 'not found') {
        const named = newer ? `named as previous digest by ${newer.key}` : 'listed, but not found when read';
        await onDigest(report(cursor.key, [{ reason: 'not found', detail: named }]), undefined, false);
        const older = olderListed(cursor.endTime);
        if (hourly && newer && older) await reportUnnamedMissing(older, newer, cursor.endTime);
        newer = undefined;
        cursor = older;
        continue;
      }

      const evaluation = evaluate(load, bucket, cursor.key, kind, keys);
      const problems = [...evaluation.problems, ...(newer ? linkProblems(newer, load, hourly) : [])];
      const digest = load.status === 'loaded' && !evaluation.moved ? load.digest : undefined;
      newestLoaded ??= digest;
      if (!digest) {
        // Without a readable digest at its own place there is no trustworthy pointer: go on from the listing.
        await onDigest(report(cursor.key, problems), undefined, false);
        newer = undefined;
        cursor = olderListed(cursor.endTime);
        continue;
      }

      const content = digest.content;
      const reachedStart = new Date(content.digestStartTime) <= startTime;
      let next: ListedDigest | undefined;
      let nextIsLinked = false;
      if (!reachedStart && content.previousDigestS3Object == null) {
        // The first digest of a chain. An older one in the listing means the chain was restarted.
        next = olderListed(cursor.endTime);
        if (next) {
          problems.push({
            reason: 'chain broken',
            detail: `starts a new chain (previous digest fields null) although ${next.key} is older: no digest links the two`,
          });
        }
      } else if (!reachedStart) {
        const pointer = followPrevious(digest, cursor, request, visited);
        if ('problem' in pointer) {
          problems.push(pointer.problem);
          next = olderListed(cursor.endTime);
        } else {
          next = pointer.next;
          nextIsLinked = true;
        }
      }
      await onDigest(report(cursor.key, problems), digest, evaluation.problems.length === 0);
      newer = nextIsLinked ? digest : undefined;
      cursor = next;
    }

    // Digests in the range that the chain never reached: copies, or digests of a broken chain.
    for (const orphan of chain) {
      if (visited.has(orphan.key) || orphan.endTime < startTime || orphan.endTime > head.endTime) continue;
      const load = await loadDigest(source, bucket, orphan.key);
      if (load.status === 'not found') continue;
      const evaluation = evaluate(load, bucket, orphan.key, kind, keys);
      const problems = evaluation.moved
        ? evaluation.problems
        : [...evaluation.problems, { reason: 'chain broken' as const, detail: `not reachable from the newest digest ${head.key}` }];
      const digest = load.status === 'loaded' && !evaluation.moved ? load.digest : undefined;
      await onDigest(report(orphan.key, problems), digest, digest !== undefined && evaluation.problems.length === 0);
    }

    if (hourly && request.checkEndGap && newestLoaded) {
      const newestEnd = new Date(newestLoaded.content.digestEndTime);
      if (endTime.getTime() - newestEnd.getTime() > END_GAP_TOLERANCE_MS) {
        await onDigest(
          missingPeriod(bucket, `digests of ${region} from ${iso(newestEnd)} to ${iso(endTime)}`, `the newest digest ends at ${iso(newestEnd)}`),
          undefined,
          false,
        );
      }
    }
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
          bucket,
          `digest of ${region} ending about ${iso(about)}, in ${digestDayPrefix(scope, region, about)}`,
          `between ${older.key} and ${newerDigest.key}, ${missing} hourly digests are missing`,
        ),
        undefined,
        false,
      );
    }
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

/** The previous digest a digest names, if that is an earlier, not yet visited digest of the same trail and region. */
function followPrevious(
  digest: LoadedDigest,
  current: ListedDigest,
  request: ChainWalkRequest,
  visited: ReadonlySet<string>,
): { next: ListedDigest } | { problem: Problem } {
  const { previousDigestS3Bucket: bucket, previousDigestS3Object: key } = digest.content;
  const named = `s3://${bucket}/${key}`;
  if (bucket !== request.scope.bucket || !key) {
    return { problem: { reason: 'chain broken', detail: `previous digest ${named} is outside the trail's bucket` } };
  }
  const parsed = parseDigestKey(request.scope, request.region, key);
  if (!parsed || parsed.endTime >= current.endTime || visited.has(key)) {
    return { problem: { reason: 'chain broken', detail: `previous digest ${named} is not an earlier digest of this trail and region` } };
  }
  return { next: { key, endTime: parsed.endTime } };
}

async function listDigests(source: ObjectSource, request: ChainWalkRequest): Promise<{ hourly: ListedDigest[]; backfill: ListedDigest[] }> {
  const { scope, region, startTime, endTime } = request;
  // From the day before the start (the digest covering the start may end after midnight) to a day
  // after the end (the digest covering the end is delivered after it).
  const startAfter = digestDayPrefix(scope, region, new Date(startTime.getTime() - DAY_MS));
  const last = endTime.getTime() + DAY_MS;
  const hourly: ListedDigest[] = [];
  const backfill: ListedDigest[] = [];
  for await (const key of source.listKeys(scope.bucket, `${digestRootPrefix(scope)}${region}/`, startAfter)) {
    const parsed = parseDigestKey(scope, region, key);
    if (!parsed) continue;
    if (parsed.endTime.getTime() > last) break;
    (parsed.backfill ? backfill : hourly).push({ key, endTime: parsed.endTime });
  }
  const byTime = (a: ListedDigest, b: ListedDigest) => a.endTime.getTime() - b.endTime.getTime();
  return { hourly: hourly.sort(byTime), backfill: backfill.sort(byTime) };
}

function missingPeriod(bucket: string, description: string, detail: string): FileResult {
  return { kind: 'digest', bucket, description, problems: [{ reason: 'not found', detail }] };
}

function iso(time: Date): string {
  return time.toISOString().replace('.000Z', 'Z');
}
