/**
 * The roles resources play, found once per model through the resolver (resolver.ts):
 * - the audit bucket is the bucket a trail's `s3_bucket_name` points to;
 * - the access-log bucket is the `target_bucket` of the audit bucket's server access logging;
 * - the trail key is the key a trail's `kms_key_id` points to (directly or through an alias);
 * - the trail log group is the group a trail's `cloud_watch_logs_group_arn` points to;
 * - a bucket's configuration of each kind (policy, Object Lock, encryption, ...) is its one split resource
 *   or inline block: none, one, several (a failure: AWS keeps whichever was applied last), or unknown;
 * - human roles are the roles whose trust policy admits an AWS or federated principal, or cannot be read;
 *   a tag does not decide it. Duties come from what the policies allow, not from tags: the break-glass roles
 *   are the human roles an audit bucket's policy exempts from the deny of evidence destruction it applies to
 *   everyone it does not name (the `auditready:role` tag only where no audit bucket policy of the file can
 *   tell); the auditor roles are those tagged `auditready:role = auditor` and every other human role that can
 *   read the logs, unless it is a break-glass role.
 */

import { ROLE_TAG } from '../standard/tags';
import { BUCKET_CONFIGS, type BucketConfigKind } from './bucket-configs';
import { OUTSIDER } from './iam/conditions';
import { type CompiledStatement, compile, denied, allowed as evaluateAllowed, type Query } from './iam/evaluate';
import { managedPolicy } from './iam/managed-policies';
import { and, type Tri } from './iam/tri';
import { blocks, type Model, strList, type TfResource, tagsOf } from './model';
import { readPolicy, type Statement } from './policy-document';
import { Resolver, type Target } from './resolver';

/** One configuration of a resource, whichever resource sets it. */
export type Config =
  | { readonly kind: 'none' }
  | { readonly kind: 'one'; readonly source: TfResource; readonly values: Readonly<Record<string, unknown>> }
  | { readonly kind: 'duplicate'; readonly addresses: readonly string[] }
  | { readonly kind: 'unknown'; readonly reason: string };

/** A policy attached to a resource, compiled for the evaluator. */
export type PolicyOf =
  | { readonly kind: 'document'; readonly source: TfResource; readonly statements: readonly CompiledStatement[] }
  | { readonly kind: 'absent' }
  | { readonly kind: 'duplicate'; readonly addresses: readonly string[] }
  | { readonly kind: 'unknown'; readonly reason: string };

/** What a principal's permissions are made of: identity statements and the boundary, or why they cannot be read. */
export type Permissions =
  | {
      readonly kind: 'known';
      readonly identity: readonly { readonly source: string; readonly statements: readonly CompiledStatement[]; readonly readOnly?: boolean }[];
      /** Undefined: no permissions boundary. */
      readonly boundary?: readonly CompiledStatement[];
    }
  | { readonly kind: 'unknown'; readonly reason: string };

/** What a trail points to, and through which argument. */
const TRAIL_RELATIONS = {
  bucket: { attribute: 's3_bucket_name', types: ['aws_s3_bucket'] },
  key: { attribute: 'kms_key_id', types: ['aws_kms_key'] },
  logGroup: { attribute: 'cloud_watch_logs_group_arn', types: ['aws_cloudwatch_log_group'] },
  logRole: { attribute: 'cloud_watch_logs_role_arn', types: ['aws_iam_role'] },
} as const;
export type TrailRelation = keyof typeof TRAIL_RELATIONS;

/** The kinds of resource the standard protects, found from the trails. */
/** An audit bucket's server access logging into another bucket of the file. */
export interface AccessLogSource {
  readonly source: TfResource;
  readonly target: TfResource;
  /** The target_prefix; undefined when it cannot be resolved. */
  readonly prefix: string | undefined;
}

export type SubjectKind = 'auditBuckets' | 'accessLogBuckets' | 'logBuckets' | 'trailKeys' | 'trailLogGroups';

/** Resources of one kind, and the references to one that cannot be resolved (each makes the rules on it unknown). */
export interface Subjects {
  readonly resources: readonly TfResource[];
  readonly unresolved: readonly { readonly owner: TfResource; readonly attribute: string; readonly reason: string }[];
}

export interface Topology {
  readonly model: Model;
  readonly resolver: Resolver;
  readonly trails: readonly TfResource[];
  trailTarget(trail: TfResource, relation: TrailRelation): Target;
  /** Buckets a trail delivers to. */
  readonly auditBuckets: readonly TfResource[];
  /** Buckets receiving the audit buckets' server access logs. */
  readonly accessLogBuckets: readonly TfResource[];
  /** Which audit bucket logs to which access-log bucket, under which target_prefix. */
  readonly accessLogSources: readonly AccessLogSource[];
  /** Audit and access-log buckets, without duplicates. */
  readonly logBuckets: readonly TfResource[];
  /** Keys trails encrypt with. */
  readonly trailKeys: readonly TfResource[];
  /** Log groups trails deliver to. */
  readonly trailLogGroups: readonly TfResource[];
  /** The resources of a kind with the references to them that cannot be resolved. */
  subjects(kind: SubjectKind): Subjects;
  bucketConfig(bucket: TfResource, kind: BucketConfigKind): Config;
  bucketPolicy(bucket: TfResource): PolicyOf;
  keyPolicy(key: TfResource): PolicyOf;
  /** The policy in an attribute of a resource (a trust policy, a topic policy). */
  policyIn(resource: TfResource, attribute: string): PolicyOf;
  /** A policy document value written in `owner` (read and compiled; `owner` names it in messages). */
  policyFrom(owner: TfResource, value: unknown): PolicyOf;
  /** Statements compiled for the evaluator (AWS-managed policies). */
  compile(statements: readonly Statement[]): readonly CompiledStatement[];
  readonly humanRoles: readonly TfResource[];
  /** Human roles an audit bucket's policy exempts from the evidence-destruction deny it applies to everyone else. */
  readonly breakGlassRoles: readonly TfResource[];
  readonly auditorRoles: readonly TfResource[];
  /** The ARN of a role or user, with tokens for what the file does not say. */
  principalArn(principal: TfResource): string;
  /** The ARN of the trail's log group (without `:*`), with tokens for what the file does not say. */
  logGroupArn(group: TfResource): string;
  permissions(principal: TfResource): Permissions;
  /** Can the principal's identity policies (within its boundary) allow some request of the class? */
  identityAllows(principal: TfResource, q: Omit<Query, 'principal'>): Tri;
  /** The `arn:<partition>:s3:::<name>` of a bucket, with tokens for what the file does not say. */
  bucketArn(bucket: TfResource): string;
  /** Computes a value once per topology (indexes and answers several rules share). */
  memo<T>(key: string, compute: () => T): T;
}

/** Actions that read a log group's events or copy them elsewhere (CloudWatch Logs decrypts for any caller allowed these). */
export const LOG_GROUP_READS = [
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:StartQuery',
  'logs:GetLogRecord',
  'logs:StartLiveTail',
  'logs:CreateExportTask',
  'logs:PutSubscriptionFilter',
] as const;

const uniq = (list: TfResource[]): TfResource[] => [...new Map(list.map((r) => [r.address, r])).values()];

/** The topology of a model, built once per model and list of externals (a model does not change). */
export function buildTopology(model: Model, externals: readonly string[] = []): Topology {
  return model.memo(`topology|${externals.join('\u0000')}`, () => createTopology(model, externals));
}

function createTopology(model: Model, externals: readonly string[]): Topology {
  const resolver = new Resolver(model, externals);
  const trails = model.ofType('aws_cloudtrail');

  const trailTargets = new Map<TfResource, Partial<Record<TrailRelation, Target>>>();
  const trailTarget = (trail: TfResource, relation: TrailRelation): Target => {
    let byRelation = trailTargets.get(trail);
    if (!byRelation) {
      byRelation = {};
      trailTargets.set(trail, byRelation);
    }
    let t = byRelation[relation];
    if (!t) {
      const { attribute, types } = TRAIL_RELATIONS[relation];
      t = resolver.target(trail, attribute, trail.values[attribute], types);
      byRelation[relation] = t;
    }
    return t;
  };
  const resourcesOf = (targets: Target[], type: string): TfResource[] =>
    uniq(targets.flatMap((t) => (t.kind === 'resource' && t.resource.type === type ? [t.resource] : [])));

  const configs = new Map<string, Config>();
  const bucketConfig = (bucket: TfResource, kind: BucketConfigKind): Config => {
    const key = `${bucket.address}|${kind}`;
    let c = configs.get(key);
    if (!c) {
      const spec = BUCKET_CONFIGS[kind];
      const inline: string[] = spec.inline.filter((a) => present(bucket.values[a]));
      // The inline block also carries object_lock_enabled; only its rule is a default-retention configuration.
      if (kind === 'objectLock' && blocks(bucket.values.object_lock_configuration).some((b) => present(b.rule))) inline.push('object_lock_configuration');
      c = oneConfig(resolver.referrers(bucket, spec.type, 'bucket'), bucket, inline);
      configs.set(key, c);
    }
    return c;
  };

  const policies = new Map<string, PolicyOf>();
  const policyFrom = (source: TfResource, value: unknown): PolicyOf => {
    const read = readPolicy(model, value);
    if (read.kind === 'absent') return { kind: 'absent' };
    if (read.kind === 'unknown') return { kind: 'unknown', reason: `the policy of ${source.address} cannot be resolved (${read.expression})` };
    return { kind: 'document', source, statements: compile(read.statements, resolver) };
  };
  const policyOfConfig = (config: Config, attribute: string): PolicyOf => {
    switch (config.kind) {
      case 'none':
        return { kind: 'absent' };
      case 'one':
        return policyFrom(config.source, config.values[attribute]);
      default:
        return config;
    }
  };
  const bucketPolicy = (bucket: TfResource): PolicyOf => {
    const key = `bucket|${bucket.address}`;
    let p = policies.get(key);
    if (!p) {
      p = policyOfConfig(bucketConfig(bucket, 'policy'), 'policy');
      policies.set(key, p);
    }
    return p;
  };

  const bucketArn = (bucket: TfResource): string => resolver.materialize(`\${${bucket.address}.arn}`) ?? resolver.token(`${bucket.address}.arn`);

  // An organization's log archive holds no trail: the organization trail is the management account's file's.
  // Its audit buckets are the buckets CloudTrail may write to; one whose policy cannot be read may be one.
  const unresolvedArchive: { owner: TfResource; attribute: string; reason: string }[] = [];
  const archiveBuckets =
    model.declaredScope === 'organization-log-archive'
      ? model.ofType('aws_s3_bucket').filter((b) => {
          const policy = bucketPolicy(b);
          if (policy.kind === 'unknown' || policy.kind === 'duplicate') {
            unresolvedArchive.push({
              owner: b,
              attribute: 'policy',
              reason: policy.kind === 'unknown' ? policy.reason : `${policy.addresses.length} bucket policies`,
            });
            return false;
          }
          if (policy.kind !== 'document') return false;
          const writes = evaluateAllowed(policy.statements, {
            principal: { kind: 'service', service: 'cloudtrail' },
            action: 's3:PutObject',
            resource: { kind: 'prefix', prefix: `${bucketArn(b)}/` },
          });
          return writes.result !== 'no';
        })
      : [];
  const auditBuckets = uniq([
    ...resourcesOf(
      trails.map((t) => trailTarget(t, 'bucket')),
      'aws_s3_bucket',
    ),
    ...archiveBuckets,
  ]);
  const unresolvedOf = (relation: 'bucket' | 'key' | 'logGroup', attribute: string): Subjects['unresolved'] =>
    trails.flatMap((t) => {
      const target = trailTarget(t, relation);
      return target.kind === 'unknown' ? [{ owner: t, attribute, reason: target.reason }] : [];
    });
  const unresolvedAccessLogs: { owner: TfResource; attribute: string; reason: string }[] = [];
  const accessLogSources: AccessLogSource[] = [];
  const accessLogBuckets = uniq(
    auditBuckets.flatMap((b) => {
      const logging = bucketConfig(b, 'logging');
      if (logging.kind !== 'one') return [];
      const values = logging.source === b ? (blocks(b.values.logging)[0] ?? {}) : logging.values;
      const t = resolver.target(logging.source, 'target_bucket', values.target_bucket, ['aws_s3_bucket']);
      if (t.kind === 'unknown') unresolvedAccessLogs.push({ owner: logging.source, attribute: 'target_bucket', reason: t.reason });
      if (t.kind !== 'resource' || t.resource.address === b.address) return [];
      const prefix =
        typeof values.target_prefix === 'string' ? resolver.materialize(values.target_prefix) : values.target_prefix === undefined ? '' : undefined;
      accessLogSources.push({ source: b, target: t.resource, prefix });
      return [t.resource];
    }),
  );
  const logBuckets = uniq([...auditBuckets, ...accessLogBuckets]);
  const trailKeys = resourcesOf(
    trails.map((t) => trailTarget(t, 'key')),
    'aws_kms_key',
  );
  const trailLogGroups = resourcesOf(
    trails.map((t) => trailTarget(t, 'logGroup')),
    'aws_cloudwatch_log_group',
  );

  // An audit bucket that cannot be resolved hides its access-log bucket too.
  const unresolvedAudit = [...unresolvedOf('bucket', 's3_bucket_name'), ...unresolvedArchive];
  const subjectsByKind: Readonly<Record<SubjectKind, Subjects>> = {
    auditBuckets: { resources: auditBuckets, unresolved: unresolvedAudit },
    accessLogBuckets: { resources: accessLogBuckets, unresolved: [...unresolvedAudit, ...unresolvedAccessLogs] },
    logBuckets: { resources: logBuckets, unresolved: [...unresolvedAudit, ...unresolvedAccessLogs] },
    trailKeys: { resources: trailKeys, unresolved: unresolvedOf('key', 'kms_key_id') },
    trailLogGroups: { resources: trailLogGroups, unresolved: unresolvedOf('logGroup', 'cloud_watch_logs_group_arn') },
  };

  const keyPolicy = (key: TfResource): PolicyOf => {
    const k = `key|${key.address}`;
    let p = policies.get(k);
    if (!p) {
      p = policyOfConfig(oneConfig(resolver.referrers(key, 'aws_kms_key_policy', 'key_id'), key, present(key.values.policy) ? ['policy'] : []), 'policy');
      policies.set(k, p);
    }
    return p;
  };
  const policyIn = (resource: TfResource, attribute: string): PolicyOf => {
    const k = `${attribute}|${resource.address}`;
    let p = policies.get(k);
    if (!p) {
      p = policyFrom(resource, resource.values[attribute]);
      policies.set(k, p);
    }
    return p;
  };

  const permissionsCache = new Map<string, Permissions>();
  const permissions = (principal: TfResource): Permissions => {
    let p = permissionsCache.get(principal.address);
    if (!p) {
      p = readPermissions(resolver, principal, policyFrom);
      permissionsCache.set(principal.address, p);
    }
    return p;
  };
  const identityStatements = new Map<string, readonly CompiledStatement[]>();
  const allowedWithin = (principal: TfResource, perms: Extract<Permissions, { kind: 'known' }>, query: Query): Tri => {
    let statements = identityStatements.get(principal.address);
    if (!statements) {
      statements = perms.identity.flatMap((s) => s.statements);
      identityStatements.set(principal.address, statements);
    }
    const identity = evaluateAllowed(statements, query).result;
    return perms.boundary ? and(identity, evaluateAllowed(perms.boundary, query).result) : identity;
  };
  // The account the provider does not pin is one value: when a resource's ARN holds it, each account the
  // policies name (and one they do not) is tried, and the answer is theirs when they all agree.
  const openAccount = model.account === undefined ? resolver.account() : undefined;
  const identityAllows = (principal: TfResource, q: Omit<Query, 'principal'>): Tri => {
    const perms = permissions(principal);
    if (perms.kind === 'unknown') return 'maybe';
    const query: Query = { ...q, principal: { kind: 'identity' } };
    const r = q.resource;
    const text = r === undefined || r.kind === 'any' ? '' : r.kind === 'arn' ? r.arn : r.prefix;
    if (openAccount === undefined || !text.includes(openAccount)) return allowedWithin(principal, perms, query);
    const accounts = new Set(['000000000000']);
    for (const s of [...perms.identity.flatMap((p) => p.statements), ...(perms.boundary ?? [])])
      for (const res of [...s.resources, ...s.notResources]) for (const m of (res ?? '').matchAll(/:(\d{12}):/g)) accounts.add(m[1] as string);
    const answers = [...accounts].map((account) => {
      const concrete = text.split(openAccount).join(account);
      const resource = r?.kind === 'arn' ? { kind: 'arn' as const, arn: concrete } : { kind: 'prefix' as const, prefix: concrete };
      return allowedWithin(principal, perms, { ...query, resource });
    });
    return answers.every((a) => a === answers[0]) ? (answers[0] as Tri) : 'maybe';
  };

  const memos = new Map<string, unknown>();
  const memo = <T>(key: string, compute: () => T): T => {
    if (memos.has(key)) return memos.get(key) as T;
    const v = compute();
    memos.set(key, v);
    return v;
  };

  const arnOf = (r: TfResource): string => resolver.materialize(`\${${r.address}.arn}`) ?? resolver.token(`${r.address}.arn`);
  const roles = model.ofType('aws_iam_role');
  const isHuman = (role: TfResource): boolean => {
    if (tagsOf(role)[ROLE_TAG] !== undefined) return true;
    const trust = policyIn(role, 'assume_role_policy');
    if (trust.kind !== 'document') return trust.kind !== 'absent';
    return trust.statements.some(
      (s) =>
        s.effect === 'Allow' &&
        ((s.notPrincipals?.length ?? 0) > 0 || (s.principals ?? []).some((p) => p.type === 'AWS' || p.type === 'Federated' || p.type === '*')),
    );
  };
  const humanRoles = roles.filter(isHuman);
  // When a log bucket or group cannot be resolved, reading any object or log group may be reading the logs.
  const logsUnresolved = subjectsByKind.logBuckets.unresolved.length > 0 || subjectsByKind.trailLogGroups.unresolved.length > 0;
  const readsLogs = (role: TfResource): boolean =>
    [
      ...(logsUnresolved
        ? ['s3:GetObject', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery'].map((action) => identityAllows(role, { action }))
        : []),
      ...logBuckets.map((b) => identityAllows(role, { action: 's3:GetObject', resource: { kind: 'prefix', prefix: `${bucketArn(b)}/` } })),
      ...trailLogGroups.flatMap((g) => LOG_GROUP_READS.map((action) => identityAllows(role, { action, resource: { kind: 'prefix', prefix: arnOf(g) } }))),
    ].some((t) => t !== 'no');
  // Destroying evidence (deleting a version): denied to everyone the audit bucket policy does not name, and not to this role.
  const destroyEvidence = { action: 's3:DeleteObjectVersion' } as const;
  const exemptByPolicy = auditBuckets.flatMap((b) => {
    const p = bucketPolicy(b);
    if (p.kind !== 'document') return [];
    const objects = { kind: 'prefix', prefix: `${bucketArn(b)}/` } as const;
    const others = denied(p.statements, {
      ...destroyEvidence,
      principal: { kind: 'everyone' },
      resource: objects,
      context: { keys: { 'aws:principalarn': OUTSIDER } },
    });
    return others.result === 'yes' ? [{ statements: p.statements, objects }] : [];
  });
  // When the file cannot tell (no audit bucket policy here, as in an organization's management account; a role
  // ARN whose account is not pinned), the role's tag decides.
  const taggedBreakGlass = (r: TfResource): boolean => tagsOf(r)[ROLE_TAG] === 'break-glass';
  // An audit bucket the checker cannot resolve, or one of the file without a policy it can read (none, two,
  // an unresolved value), tells no one apart: no role is break-glass by its tag alone then, so retagging a
  // reader does not lift its rules.
  const policyUnclear = subjectsByKind.auditBuckets.unresolved.length > 0 || auditBuckets.some((b) => bucketPolicy(b).kind !== 'document');
  const breakGlassRoles = humanRoles.filter((r) =>
    policyUnclear
      ? false
      : exemptByPolicy.length === 0
        ? taggedBreakGlass(r)
        : exemptByPolicy.some(({ statements, objects }) => {
            const own = denied(statements, { ...destroyEvidence, principal: { kind: 'principal', arn: arnOf(r) }, resource: objects }).result;
            return own === 'no' || (own === 'maybe' && taggedBreakGlass(r));
          }),
  );
  const auditorRoles = humanRoles.filter((r) => tagsOf(r)[ROLE_TAG] === 'auditor' || (!breakGlassRoles.includes(r) && readsLogs(r)));

  return {
    model,
    resolver,
    trails,
    trailTarget,
    auditBuckets,
    accessLogBuckets,
    accessLogSources,
    logBuckets,
    trailKeys,
    trailLogGroups,
    subjects: (kind) => subjectsByKind[kind],
    bucketConfig,
    bucketPolicy,
    keyPolicy,
    policyIn,
    policyFrom,
    compile: (statements) => compile(statements, resolver),
    humanRoles,
    breakGlassRoles,
    auditorRoles,
    principalArn: arnOf,
    logGroupArn: arnOf,
    permissions,
    identityAllows,
    bucketArn,
    memo,
  };
}

function present(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/**
 * The one configuration among the split resources pointing to `owner` and the owner's own arguments
 * `inline`: several (including `count` > 1) are a duplicate; a split resource that may point to the owner
 * makes it unknown.
 */
function oneConfig(referrers: ReturnType<Resolver['referrers']>, owner: TfResource, inline: readonly string[]): Config {
  if (referrers.uncertain) return { kind: 'unknown', reason: referrers.uncertain.reason };
  const addresses: string[] = [];
  for (const r of referrers.resources) {
    const n = r.instances ?? 1;
    if (n === 1) addresses.push(r.address);
    else for (let i = 0; i < n; i++) addresses.push(`${r.address}[${i}]`);
  }
  for (const a of inline) addresses.push(`${owner.address} (argument ${a})`);
  if (addresses.length === 0) return { kind: 'none' };
  if (addresses.length > 1) return { kind: 'duplicate', addresses };
  const source = referrers.resources[0] ?? owner;
  return { kind: 'one', source, values: source.values };
}

/** Identity policies of a role, user or group, and the boundary of a role or user. */
function readPermissions(resolver: Resolver, principal: TfResource, policyFrom: (source: TfResource, value: unknown) => PolicyOf): Permissions {
  const identity: { source: string; statements: readonly CompiledStatement[]; readOnly?: boolean }[] = [];
  const add = (p: PolicyOf): string | undefined => {
    if (p.kind === 'document') identity.push({ source: p.source.address, statements: p.statements });
    else if (p.kind === 'unknown') return p.reason;
    return undefined;
  };
  const attached = (owner: TfResource, value: unknown): string | undefined => {
    const t = resolver.target(owner, 'policy_arn', value, ['aws_iam_policy']);
    switch (t.kind) {
      case 'resource':
        return add(policyFrom(t.resource, t.resource.values.policy));
      case 'aws-managed': {
        const managed = managedPolicy(t.name);
        if (!managed) return `${owner.address} attaches ${t.name}, an AWS-managed policy the checker does not know`;
        identity.push({ source: t.name, statements: compile(managed.statements, resolver), readOnly: managed.readOnly });
        return undefined;
      }
      case 'absent':
        return undefined;
      case 'external':
        return `${owner.address} attaches ${t.name}, declared external: what it grants cannot be read here`;
      case 'unknown':
        return `${owner.address}: ${t.reason}`;
    }
  };
  const kind = principal.type.replace(/^aws_iam_/, '');
  const inlineType = `aws_iam_${kind}_policy`;
  const attachmentType = `aws_iam_${kind}_policy_attachment`;
  const listAttribute = `${kind}s`;
  const problems: (string | undefined)[] = [];
  const inline = resolver.referrers(principal, inlineType, kind);
  const attachments = resolver.referrers(principal, attachmentType, kind);
  const shared = resolver.referrers(principal, 'aws_iam_policy_attachment', listAttribute);
  for (const r of [inline, attachments, shared]) if (r.uncertain) problems.push(r.uncertain.reason);
  for (const p of inline.resources) problems.push(add(policyFrom(p, p.values.policy)));
  for (const b of blocks(principal.values.inline_policy)) if (present(b.policy)) problems.push(add(policyFrom(principal, b.policy)));
  for (const a of [...attachments.resources, ...shared.resources]) problems.push(attached(a, a.values.policy_arn));
  for (const arn of strList(principal.values.managed_policy_arns)) problems.push(attached(principal, arn));
  const problem = problems.find((p) => p !== undefined);
  if (problem) return { kind: 'unknown', reason: problem };
  if (principal.values.permissions_boundary === undefined || principal.values.permissions_boundary === null || principal.values.permissions_boundary === '')
    return { kind: 'known', identity };
  const b = resolver.target(principal, 'permissions_boundary', principal.values.permissions_boundary, ['aws_iam_policy']);
  if (b.kind === 'resource') {
    const p = policyFrom(b.resource, b.resource.values.policy);
    if (p.kind === 'unknown') return { kind: 'unknown', reason: p.reason };
    return { kind: 'known', identity, boundary: p.kind === 'document' ? p.statements : [] };
  }
  if (b.kind === 'aws-managed') {
    const managed = managedPolicy(b.name);
    if (!managed) return { kind: 'unknown', reason: `the boundary ${b.name} is an AWS-managed policy the checker does not know` };
    return { kind: 'known', identity, boundary: compile(managed.statements, resolver) };
  }
  return { kind: 'unknown', reason: b.kind === 'unknown' ? b.reason : `the boundary ${b.kind === 'external' ? b.name : ''} is declared external` };
}
