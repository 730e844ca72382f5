/**
 * What the log bucket policies must say about writing objects, changing settings and destroying evidence,
 * asked of the policy evaluator (iam/evaluate.ts), and shared by the rules that need it: who besides the
 * trail may write into an audit bucket is one answer, read by the write rule and by the data-events rule
 * (which may leave the trail's own deliveries unrecorded only when nobody else can write).
 */
import { ABSENT, type KeyState, OUTSIDER, values } from './iam/conditions';
import { type CompiledStatement, type Context, denied, type PrincipalQuery, type ResourceQuery } from './iam/evaluate';
import { hasToken } from './iam/glob';
import { allOf, and, type Tri } from './iam/tri';
import type { TfResource } from './model';
import type { Topology } from './topology';

/** Writes that create an object version: uploads (which also authorize copies and multipart uploads) and replicas. */
export const OBJECT_WRITES = ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateDelete'] as const;

/**
 * Bucket settings: what protects the logs (policy, versioning, Object Lock, encryption, public access, ACLs,
 * lifecycle, logging) and what copies or announces them elsewhere (replication, inventory, notifications,
 * analytics and metrics exports, website, CORS, acceleration).
 */
export const BUCKET_SETTINGS = [
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:PutEncryptionConfiguration',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketOwnershipControls',
  's3:PutBucketAcl',
  's3:PutLifecycleConfiguration',
  's3:PutBucketLogging',
  's3:PutReplicationConfiguration',
  's3:PutInventoryConfiguration',
  's3:PutBucketNotification',
  's3:PutAnalyticsConfiguration',
  's3:PutMetricsConfiguration',
  's3:PutIntelligentTieringConfiguration',
  's3:PutBucketWebsite',
  's3:PutBucketCORS',
  's3:PutAccelerateConfiguration',
] as const;

/** Deleting versions or the bucket, shortening retention, lifting or setting legal holds, bypassing GOVERNANCE retention. */
export const EVIDENCE_DESTRUCTION = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:PutObjectRetention',
  's3:PutObjectLegalHold',
  's3:BypassGovernanceRetention',
  's3:DeleteBucket',
] as const;

/**
 * The longest Object Lock retention a write by anyone but the trail may give its object: longer, and junk
 * written beside the logs would stay locked (the `auditready verify` canary stays locked one day).
 */
export const MAX_FOREIGN_RETENTION_DAYS = 2;

const ON_THE_BUCKET: ReadonlySet<string> = new Set([...BUCKET_SETTINGS, 's3:DeleteBucket']);

/** Where an action applies: the bucket (settings, DeleteBucket) or every object of it (`<arn>/`). */
export function resourceOf(bucketArn: string, action: string): ResourceQuery {
  return ON_THE_BUCKET.has(action) ? { kind: 'arn', arn: bucketArn } : { kind: 'prefix', prefix: `${bucketArn}/` };
}

/** Which requests a question is about: everyone (the default) or one principal, with a context and a resource. */
export interface Requests {
  readonly principal?: PrincipalQuery;
  readonly context?: Context;
  /** @default - where each action applies (resourceOf) */
  readonly resource?: ResourceQuery;
}

/** Whether the statements deny every action of the list to every request of the class; the first action not denied. */
export function deniesAll(
  statements: readonly CompiledStatement[],
  bucketArn: string,
  actions: readonly string[],
  requests: Requests,
): { readonly result: Tri; readonly first?: string } {
  let result: Tri = 'yes';
  let first: string | undefined;
  for (const action of actions) {
    const r = denied(statements, {
      principal: requests.principal ?? { kind: 'everyone' },
      action,
      resource: requests.resource ?? resourceOf(bucketArn, action),
      ...(requests.context ? { context: requests.context } : {}),
    }).result;
    if (r !== 'yes') first ??= action;
    result = and(result, r);
    if (result === 'no') return { result, first: action };
  }
  return first === undefined ? { result } : { result, first };
}

/**
 * Whether a bucket's policy denies s3:PutObject to every request not made for a trail it names: on every
 * object, or with `unrecorded` only on those objects (witnesses: where a trail records no PutObject). Then
 * only CloudTrail, for that trail, puts objects there, and the trail may leave its own deliveries out of its
 * data events.
 */
export function bucketRefusesOtherWriters(topology: Topology, bucket: TfResource, unrecorded?: readonly string[]): Tri {
  const policy = topology.bucketPolicy(bucket);
  if (policy.kind !== 'document') return policy.kind === 'unknown' || policy.kind === 'duplicate' ? 'maybe' : 'no';
  const arn = topology.bucketArn(bucket);
  if (!unrecorded) return deniesAll(policy.statements, arn, ['s3:PutObject'], { context: NOT_A_TRAIL }).result;
  return allOf(
    unrecorded.map((object) => deniesAll(policy.statements, arn, ['s3:PutObject'], { context: NOT_A_TRAIL, resource: { kind: 'arn', arn: object } }).result),
  );
}

/** Who besides the trails that deliver to an audit bucket may write objects into it. */
export type ForeignWrites =
  /** Every write not made for a trail the policy names is denied. */
  | { readonly kind: 'none' }
  /** Only principals the policy names, never under a trail's log prefix, and only objects they lock for at most MAX_FOREIGN_RETENTION_DAYS. */
  | { readonly kind: 'narrow' }
  | { readonly kind: 'open'; readonly detail: string }
  | { readonly kind: 'unknown'; readonly reason: string };

const keys = (k: Readonly<Record<string, KeyState>>): Context => ({ keys: k });
const NOT_A_TRAIL = keys({ 'aws:sourcearn': OUTSIDER });
const UNNAMED = keys({ 'aws:sourcearn': OUTSIDER, 'aws:principalarn': OUTSIDER });
const NO_RETENTION = keys({
  'aws:sourcearn': OUTSIDER,
  's3:object-lock-mode': ABSENT,
  's3:object-lock-retain-until-date': ABSENT,
  's3:object-lock-remaining-retention-days': ABSENT,
});
const LONG_RETENTION = keys({ 'aws:sourcearn': OUTSIDER, 's3:object-lock-remaining-retention-days': values(String(MAX_FOREIGN_RETENTION_DAYS + 1)) });

/**
 * Asked of the audit bucket's policy: is every write not from a trail denied? If not, is it denied to
 * every principal the policy does not name, under each delivering trail's log prefix, without an Object
 * Lock retention of the writer's own, and with a retention longer than MAX_FOREIGN_RETENTION_DAYS? Computed
 * once per bucket.
 */
export function foreignWrites(topology: Topology, bucket: TfResource): ForeignWrites {
  return topology.memo(`foreign-writes|${bucket.address}`, () => computeForeignWrites(topology, bucket));
}

function computeForeignWrites(topology: Topology, bucket: TfResource): ForeignWrites {
  const policy = topology.bucketPolicy(bucket);
  if (policy.kind === 'absent') return { kind: 'open', detail: 'no bucket policy: any principal with IAM s3:PutObject may write objects' };
  if (policy.kind === 'duplicate')
    return { kind: 'unknown', reason: `${policy.addresses.length} bucket policies manage the bucket (${policy.addresses.join(', ')})` };
  if (policy.kind === 'unknown') return { kind: 'unknown', reason: policy.reason };
  const arn = topology.bucketArn(bucket);
  const ask = (context: Context, resource?: ResourceQuery): Tri =>
    deniesAll(policy.statements, arn, OBJECT_WRITES, { context, ...(resource ? { resource } : {}) }).result;
  const undecided = (what: string): ForeignWrites => ({ kind: 'unknown', reason: `whether ${what} cannot be resolved` });
  const all = ask(NOT_A_TRAIL);
  if (all === 'yes') return { kind: 'none' };
  if (all === 'maybe') return undecided('writes not from the trail are denied');
  const named = ask(UNNAMED);
  if (named !== 'yes')
    return named === 'maybe'
      ? undecided('principals the policy does not name may write')
      : { kind: 'open', detail: 's3:PutObject or a replication write is not denied to requests from anyone but this trail' };
  for (const prefix of logPrefixes(topology, bucket, arn)) {
    if (prefix === undefined) return undecided('principals the policy names may write over log files (a trail key prefix cannot be resolved)');
    const logs = ask(NOT_A_TRAIL, { kind: 'prefix', prefix });
    if (logs === 'maybe') return undecided(`principals the policy names may write under ${prefix}`);
    if (logs === 'no') return { kind: 'open', detail: `a principal the policy names may write under ${prefix}, over log files` };
  }
  // Only an upload carries its own Object Lock retention; a replication write is S3's, made with a replication role.
  const upload = (context: Context): Tri => deniesAll(policy.statements, arn, ['s3:PutObject'], { context }).result;
  const bare = upload(NO_RETENTION);
  if (bare !== 'yes')
    return bare === 'maybe'
      ? undecided('writes without a retention of their own are denied')
      : {
          kind: 'open',
          detail: "a principal the policy names may upload objects without a retention of their own (the bucket's default retention locks them)",
        };
  const long = upload(LONG_RETENTION);
  if (long !== 'yes')
    return long === 'maybe'
      ? undecided('writes locked for long are denied')
      : { kind: 'open', detail: `a principal the policy names may upload objects locked for more than ${MAX_FOREIGN_RETENTION_DAYS} days` };
  return { kind: 'narrow' };
}

/** `<bucket arn>/<s3_key_prefix>/AWSLogs/` of every trail delivering to the bucket; undefined for a prefix that cannot be resolved. */
function logPrefixes(topology: Topology, bucket: TfResource, arn: string): (string | undefined)[] {
  return topology.trails
    .filter((t) => {
      const target = topology.trailTarget(t, 'bucket');
      return target.kind === 'resource' && target.resource === bucket;
    })
    .map((t) => trailLogPrefix(topology, t, arn));
}

/** Where a trail writes its log files in its bucket: `<bucket arn>/<s3_key_prefix>/AWSLogs/`; undefined when the prefix cannot be resolved. */
export function trailLogPrefix(topology: Topology, trail: TfResource, bucketArn: string): string | undefined {
  const raw = trail.values.s3_key_prefix;
  if (raw === undefined || raw === null || raw === '') return `${bucketArn}/AWSLogs/`;
  const text = typeof raw === 'string' ? topology.resolver.materialize(raw) : undefined;
  if (text === undefined || hasToken(text)) return undefined;
  return `${bucketArn}/${text.replace(/\/$/, '')}/AWSLogs/`;
}
