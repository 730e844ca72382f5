/**
 * The roles resources play, found by following references once per model:
 * - the audit bucket is the bucket a trail's `s3_bucket_name` points to;
 * - the access-log bucket is the `target_bucket` of the audit bucket's server access logging;
 * - the trail key is the key a trail's `kms_key_id` points to (directly or through an alias);
 * - the trail log group is the group a trail's `cloud_watch_logs_group_arn` points to;
 * - split S3 resources (`aws_s3_bucket_versioning`, ...) belong to the bucket their `bucket` points to;
 * - roles are human roles when tagged `auditready:role` (`auditor`, `log-admin`, `break-glass`) or trusted by
 *   an AWS or federated principal; the auditor role is the one tagged `auditready:role = auditor`.
 */
import { type AccessRoleKind, ROLE_TAG } from '../standard/tags';
import { blocks, type Model, resolve, strList, type TfResource, tagsOf, target } from './model';
import { type PolicyRead, readPolicy, type Statement } from './policy-document';

export const BUCKET_SPLIT_TYPES = [
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_object_lock_configuration',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_acl',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_logging',
] as const;
export type BucketSplitType = (typeof BUCKET_SPLIT_TYPES)[number];

/** One policy document a role's permissions come from, and where it was written. */
export interface RolePolicy {
  readonly source: TfResource;
  readonly read: PolicyRead;
}

export interface Topology {
  readonly trails: readonly TfResource[];
  /** Buckets a trail delivers to. */
  readonly auditBuckets: readonly TfResource[];
  /** Buckets receiving the audit buckets' server access logs. */
  readonly accessLogBuckets: readonly TfResource[];
  /** Audit and access-log buckets, without duplicates. */
  readonly logBuckets: readonly TfResource[];
  /** Keys trails encrypt with. */
  readonly trailKeys: readonly TfResource[];
  /** Log groups trails deliver to. */
  readonly trailLogGroups: readonly TfResource[];
  /** Split resources of a bucket, by type. */
  splitOf(bucket: TfResource, type: BucketSplitType): readonly TfResource[];
  readonly humanRoles: readonly TfResource[];
  readonly auditorRoles: readonly TfResource[];
  /** Permission policies of a role: inline, attached customer policies; managed ARNs as literal sources. */
  rolePolicies(role: TfResource): readonly RolePolicy[];
  /** AWS-managed policy ARNs attached to a role. */
  managedPolicyArns(role: TfResource): readonly string[];
}

const uniq = (list: TfResource[]): TfResource[] => [...new Map(list.map((r) => [r.address, r])).values()];

export function buildTopology(model: Model): Topology {
  const trails = model.ofType('aws_cloudtrail');

  const split = new Map<string, TfResource[]>();
  for (const type of BUCKET_SPLIT_TYPES) {
    for (const r of model.ofType(type)) {
      const b = target(model, r.values.bucket, ['aws_s3_bucket']);
      if (!b) continue;
      const key = `${b.address}|${type}`;
      const list = split.get(key);
      if (list) list.push(r);
      else split.set(key, [r]);
    }
  }
  const splitOf = (bucket: TfResource, type: BucketSplitType): readonly TfResource[] => split.get(`${bucket.address}|${type}`) ?? [];

  const auditBuckets = uniq(trails.map((t) => target(model, t.values.s3_bucket_name, ['aws_s3_bucket'])).filter((b): b is TfResource => !!b));
  const accessLogBuckets = uniq(
    auditBuckets.flatMap((b) => {
      const targets = [...splitOf(b, 'aws_s3_bucket_logging').map((l) => l.values.target_bucket), ...blocks(b.values.logging).map((l) => l.target_bucket)];
      return targets.map((t) => target(model, t, ['aws_s3_bucket'])).filter((x): x is TfResource => !!x && x.address !== b.address);
    }),
  );
  const logBuckets = uniq([...auditBuckets, ...accessLogBuckets]);

  const keyOf = (value: unknown): TfResource | undefined => {
    const r = resolve(model, value, ['aws_kms_key', 'aws_kms_alias']);
    if (r.kind !== 'resource') return undefined;
    if (r.resource.type === 'aws_kms_key') return r.resource;
    if (r.resource.type === 'aws_kms_alias') return target(model, r.resource.values.target_key_id, ['aws_kms_key']);
    return undefined;
  };
  const trailKeys = uniq(trails.map((t) => keyOf(t.values.kms_key_id)).filter((k): k is TfResource => !!k));
  const trailLogGroups = uniq(
    trails.map((t) => target(model, t.values.cloud_watch_logs_group_arn, ['aws_cloudwatch_log_group'])).filter((g): g is TfResource => !!g),
  );

  const roles = model.ofType('aws_iam_role');
  const isHuman = (role: TfResource): boolean => {
    if (tagsOf(role)[ROLE_TAG] !== undefined) return true;
    const trust = readPolicy(model, role.values.assume_role_policy);
    return (
      trust.kind === 'document' &&
      trust.statements.some((s) => s.effect === 'Allow' && s.principals.some((p) => p.type === 'AWS' || p.type === 'Federated' || p.type === '*'))
    );
  };
  const humanRoles = roles.filter(isHuman);
  const auditorRoles = roles.filter((r) => tagsOf(r)[ROLE_TAG] === ('auditor' satisfies AccessRoleKind));

  const inlineByRole = new Map<string, TfResource[]>();
  for (const p of model.ofType('aws_iam_role_policy')) {
    const role = target(model, p.values.role, ['aws_iam_role']);
    if (role) inlineByRole.set(role.address, [...(inlineByRole.get(role.address) ?? []), p]);
  }
  const attachedByRole = new Map<string, TfResource[]>();
  for (const a of model.ofType('aws_iam_role_policy_attachment')) {
    const role = target(model, a.values.role, ['aws_iam_role']);
    if (role) attachedByRole.set(role.address, [...(attachedByRole.get(role.address) ?? []), a]);
  }
  const rolePolicies = (role: TfResource): RolePolicy[] => {
    const out: RolePolicy[] = [];
    for (const p of inlineByRole.get(role.address) ?? []) out.push({ source: p, read: readPolicy(model, p.values.policy) });
    for (const inline of blocks(role.values.inline_policy)) out.push({ source: role, read: readPolicy(model, inline.policy) });
    const arns = [...(attachedByRole.get(role.address) ?? []).map((a) => a.values.policy_arn), ...strList(role.values.managed_policy_arns)];
    for (const arn of arns) {
      const r = resolve(model, arn, ['aws_iam_policy']);
      if (r.kind === 'resource' && r.resource.type === 'aws_iam_policy') out.push({ source: r.resource, read: readPolicy(model, r.resource.values.policy) });
      else if (r.kind === 'unknown') out.push({ source: role, read: { kind: 'unknown', expression: r.expression } });
    }
    return out;
  };
  const managedPolicyArns = (role: TfResource): string[] => {
    const arns = [...(attachedByRole.get(role.address) ?? []).map((a) => a.values.policy_arn), ...strList(role.values.managed_policy_arns)];
    return arns.filter((a): a is string => typeof a === 'string' && a.startsWith('arn:') && resolve(model, a, ['aws_iam_policy']).kind === 'literal');
  };

  return { trails, auditBuckets, accessLogBuckets, logBuckets, trailKeys, trailLogGroups, splitOf, humanRoles, auditorRoles, rolePolicies, managedPolicyArns };
}

/** Statements of a bucket's policy: the `aws_s3_bucket_policy` split resource or the inline `policy`. */
export function bucketPolicy(model: Model, topology: Topology, bucket: TfResource): PolicyRead {
  const reads = [...topology.splitOf(bucket, 'aws_s3_bucket_policy').map((p) => readPolicy(model, p.values.policy)), readPolicy(model, bucket.values.policy)];
  const unknown = reads.find((r) => r.kind === 'unknown');
  if (unknown) return unknown;
  const statements: Statement[] = reads.flatMap((r) => (r.kind === 'document' ? r.statements : []));
  return reads.some((r) => r.kind === 'document') ? { kind: 'document', statements } : { kind: 'absent' };
}
