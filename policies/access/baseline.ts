/**
 * The resources of one environment's baseline that the access matrix asks about, found from its trail
 * through the topology: their ARNs (materialized as the file gives them, with tokens for what is known
 * only after apply) and their resource policies, and the people and principals that act on them.
 */

import { CANARY_PREFIX } from '../../standard/canary';
import { type AccessRoleKind, ROLE_TAG } from '../../standard/tags';
import { parseArn } from '../arn';
import type { CompiledStatement } from '../iam/evaluate';
import { blocks, type Model, strList, type TfResource, tagsOf } from '../model';
import { buildTopology, type PolicyOf, type Topology } from '../topology';
import type { AccessTarget } from './catalogue';

/** A resource policy as the matrix uses it: statements, none, or why it cannot be read. */
export type ResourcePolicy =
  | { readonly kind: 'statements'; readonly statements: readonly CompiledStatement[] }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown'; readonly reason: string };

/** One target: its ARN and its resource policy, or why it is not there. */
export type TargetFacts =
  | { readonly kind: 'found'; readonly arn: string; readonly policy: ResourcePolicy; readonly resource: TfResource }
  | { readonly kind: 'missing'; readonly reason: string };

/** A human role of the baseline, with what it may do. */
export interface HumanRoleFacts {
  readonly kind: AccessRoleKind;
  readonly resource: TfResource;
  readonly arn: string;
  readonly name: string;
  readonly trust: ResourcePolicy;
  readonly permissions: { readonly identity: readonly CompiledStatement[]; readonly boundary?: readonly CompiledStatement[] } | { readonly unknown: string };
}

export interface Baseline {
  readonly topology: Topology;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** `amazonaws.com`, or `amazonaws.com.cn` in China. */
  readonly dnsSuffix: string;
  readonly trail: TfResource;
  readonly targets: Readonly<Record<AccessTarget, TargetFacts>>;
  readonly humanRoles: readonly HumanRoleFacts[];
  /**
   * IAM principals outside the file that the bucket, key or topic policies name (as a principal or in an
   * `aws:PrincipalArn` condition): the deployers, and anyone else a change gives a say. Sorted.
   */
  readonly named: readonly string[];
}

export const policyFacts = (p: PolicyOf): ResourcePolicy => {
  switch (p.kind) {
    case 'document':
      return { kind: 'statements', statements: p.statements };
    case 'absent':
      return { kind: 'none' };
    case 'duplicate':
      return { kind: 'unknown', reason: `set by several resources: ${p.addresses.join(', ')}` };
    case 'unknown':
      return { kind: 'unknown', reason: p.reason };
  }
};

/** The baseline of the first trail in the model (by address), or why there is none; `externals` as `auditready check --external` takes them. */
export function baselineOf(model: Model, externals: readonly string[] = []): Baseline | { readonly unavailable: string } {
  return model.memo(`access-baseline|${externals.join('\u0000')}`, () => findBaseline(buildTopology(model, externals)));
}

function findBaseline(topology: Topology): Baseline | { readonly unavailable: string } {
  const { resolver, model } = topology;
  const trail = [...topology.trails].sort((a, b) => (a.address < b.address ? -1 : 1))[0];
  if (!trail) return { unavailable: 'no aws_cloudtrail in the file' };
  const partition = resolver.partition();
  const region = resolver.region();
  const account = resolver.account();
  const arnOf = (r: TfResource): string => resolver.materialize(`\${${r.address}.arn}`) ?? resolver.token(`${r.address}.arn`);
  const found = (resource: TfResource, arn: string, policy: ResourcePolicy): TargetFacts => ({ kind: 'found', arn, policy, resource });
  const related = (relation: 'bucket' | 'key' | 'logGroup' | 'logRole', what: string): TfResource | string => {
    const t = topology.trailTarget(trail, relation);
    if (t.kind === 'resource') return t.resource;
    return t.kind === 'unknown' ? `the trail's ${what} cannot be resolved (${t.reason})` : `the trail's ${what} is not in the file`;
  };

  const targets: Partial<Record<AccessTarget, TargetFacts>> = {};
  const missing = (reason: string): TargetFacts => ({ kind: 'missing', reason });

  const bucket = related('bucket', 'bucket');
  if (typeof bucket === 'string') return { unavailable: bucket };
  const bucketArn = topology.bucketArn(bucket);
  const bucketPolicy = policyFacts(topology.bucketPolicy(bucket));
  const prefix =
    typeof trail.values.s3_key_prefix === 'string'
      ? (resolver.materialize(trail.values.s3_key_prefix) ?? resolver.token(`${trail.address}.s3_key_prefix`))
      : '';
  const logPrefix = `${prefix !== '' ? `${prefix}/` : ''}AWSLogs/${account}/`;
  targets['audit-bucket'] = found(bucket, bucketArn, bucketPolicy);
  targets['log-file'] = found(
    bucket,
    `${bucketArn}/${logPrefix}CloudTrail/${region}/2026/01/01/${account}_CloudTrail_${region}_20260101T0000Z_a1b2c3d4.json.gz`,
    bucketPolicy,
  );
  targets['audit-bucket-elsewhere'] = found(bucket, `${bucketArn}/uploads/junk.txt`, bucketPolicy);
  // verify writes `<prefix><environment>/<time>-<random>.txt`; the bucket policy admits the whole prefix.
  targets.canary = found(bucket, `${bucketArn}/${CANARY_PREFIX}canary/2026-12-01T00-00-00-000Z-0123456789ab.txt`, bucketPolicy);

  const accessLog = accessLogTargets(topology, bucket, account, region);
  targets['access-log-bucket'] = accessLog.bucket;
  targets['access-log-file'] = accessLog.file;

  const key = related('key', 'key');
  targets.key = typeof key === 'string' ? missing(key) : found(key, arnOf(key), policyFacts(topology.keyPolicy(key)));
  targets.trail = found(trail, arnOf(trail), { kind: 'none' });
  const group = related('logGroup', 'log group');
  targets['log-group'] = typeof group === 'string' ? missing(group) : found(group, arnOf(group), { kind: 'none' });
  const role = related('logRole', 'CloudWatch Logs delivery role');
  targets['delivery-role'] = typeof role === 'string' ? missing(role) : found(role, arnOf(role), policyFacts(topology.policyIn(role, 'assume_role_policy')));

  // The alarms and their topic: the first alarm (by address) that notifies a topic in the file.
  const alarms = [...model.ofType('aws_cloudwatch_metric_alarm')].sort((a, b) => (a.address < b.address ? -1 : 1));
  let topic: TfResource | undefined;
  let alarm: TfResource | undefined;
  for (const a of alarms) {
    for (const action of strList(a.values.alarm_actions)) {
      const t = resolver.target(a, 'alarm_actions', action, ['aws_sns_topic']);
      if (t.kind === 'resource') {
        topic = t.resource;
        break;
      }
    }
    if (topic) {
      alarm = a;
      break;
    }
  }
  targets.alarm = alarm ? found(alarm, arnOf(alarm), { kind: 'none' }) : missing('no alarm notifies a topic in the file');
  if (topic) {
    const policies = resolver.referrers(topic, 'aws_sns_topic_policy', 'arn');
    const policy: ResourcePolicy = policies.uncertain
      ? { kind: 'unknown', reason: policies.uncertain.reason }
      : policies.resources.length > 1
        ? { kind: 'unknown', reason: `set by several resources: ${policies.resources.map((r) => r.address).join(', ')}` }
        : policies.resources[0]
          ? policyFacts(topology.policyIn(policies.resources[0], 'policy'))
          : policyFacts(topology.policyIn(topic, 'policy'));
    targets.topic = found(topic, arnOf(topic), policy);
  } else targets.topic = missing('no alarm notifies a topic in the file');

  const named = namedPrincipals(
    topology,
    (['audit-bucket', 'access-log-bucket', 'key', 'topic'] as const).flatMap((t) => {
      const facts = targets[t];
      return facts?.kind === 'found' ? [facts.policy] : [];
    }),
    account,
  );

  return {
    topology,
    partition,
    region,
    account,
    dnsSuffix: partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    trail,
    targets: targets as Record<AccessTarget, TargetFacts>,
    humanRoles: humanRolesOf(topology),
    named,
  };
}

/** The bucket an audit bucket's server access logs go to, and a log file there, or why there is none. */
export function accessLogTargets(topology: Topology, bucket: TfResource, account: string, region: string): { bucket: TargetFacts; file: TargetFacts } {
  const accessLog = topology.accessLogBuckets[0];
  if (!accessLog) {
    const missing: TargetFacts = { kind: 'missing', reason: 'the audit bucket logs to no bucket in the file' };
    return { bucket: missing, file: missing };
  }
  const arn = topology.bucketArn(accessLog);
  const policy = policyFacts(topology.bucketPolicy(accessLog));
  const logging = topology.bucketConfig(bucket, 'logging');
  const values = logging.kind === 'one' ? (logging.source === bucket ? (blocks(bucket.values.logging)[0] ?? {}) : logging.values) : {};
  const targetPrefix = typeof values.target_prefix === 'string' ? (topology.resolver.materialize(values.target_prefix) ?? '') : '';
  const bucketArn = topology.bucketArn(bucket);
  const bucketName = parseArn(bucketArn)?.resource ?? bucketArn.slice(bucketArn.lastIndexOf(':') + 1);
  return {
    bucket: { kind: 'found', arn, policy, resource: accessLog },
    // Partitioned keys: <prefix><source account>/<source region>/<source bucket>/<yyyy>/<mm>/<dd>/<yyyy-mm-dd-hh-mm-ss>-<unique>.
    file: {
      kind: 'found',
      arn: `${arn}/${targetPrefix}${account}/${region}/${bucketName}/2026/01/01/2026-01-01-00-00-00-0123456789ABCDEF`,
      policy,
      resource: accessLog,
    },
  };
}

/** The human roles of the file (tagged auditor, log-admin or break-glass), with their trust and permissions. */
export function humanRolesOf(topology: Topology): HumanRoleFacts[] {
  const { resolver } = topology;
  const humanRoles: HumanRoleFacts[] = [];
  for (const r of topology.humanRoles) {
    const kind = tagsOf(r)[ROLE_TAG];
    if (kind !== 'auditor' && kind !== 'log-admin' && kind !== 'break-glass') continue;
    const arn = resolver.materialize(`\${${r.address}.arn}`) ?? resolver.token(`${r.address}.arn`);
    const perms = topology.permissions(r);
    humanRoles.push({
      kind,
      resource: r,
      arn,
      name: arn.slice(arn.lastIndexOf('/') + 1),
      trust: policyFacts(topology.policyIn(r, 'assume_role_policy')),
      permissions:
        perms.kind === 'unknown'
          ? { unknown: perms.reason }
          : { identity: perms.identity.flatMap((p) => p.statements), ...(perms.boundary ? { boundary: perms.boundary } : {}) },
    });
  }
  return humanRoles;
}

/**
 * IAM principals outside the file that resource policies name (as a principal or in an
 * `aws:PrincipalArn` condition): the deployers, and anyone else a change gives a say. Sorted.
 */
export function namedPrincipals(topology: Topology, policies: readonly ResourcePolicy[], account: string): string[] {
  const { resolver, model } = topology;
  const fileRoles = new Set(model.ofType('aws_iam_role').map((r) => resolver.materialize(`\${${r.address}.arn}`) ?? resolver.token(`${r.address}.arn`)));
  const named = new Set<string>();
  for (const policy of policies) {
    if (policy.kind !== 'statements') continue;
    for (const s of policy.statements) {
      const ids = [
        ...(s.principals ?? []).filter((p) => p.type === 'AWS').flatMap((p) => p.ids),
        ...s.conditions.filter((c) => c.key === 'aws:principalarn').flatMap((c) => c.values),
      ];
      for (const id of ids) if (id !== undefined && isOutsidePrincipal(id, account, fileRoles)) named.add(id);
    }
  }
  return [...named].sort();
}

/** An IAM role, user or account root ARN (no wildcard, nothing unknown) that is not a role of the file or this account's root. */
function isOutsidePrincipal(id: string, account: string, fileRoles: ReadonlySet<string>): boolean {
  if (/[*?\uE000-\uF8FF]/.test(id) || fileRoles.has(id)) return false;
  const arn = parseArn(id);
  if (arn?.service !== 'iam' || !/^(role|user)\/|^root$/.test(arn.resource)) return false;
  return !(arn.resource === 'root' && arn.account === account);
}
