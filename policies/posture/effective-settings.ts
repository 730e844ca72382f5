/**
 * The effective, security-relevant settings of one environment, read through the topology the rules use
 * (the trail's bucket, key and log group; each bucket's one configuration of each kind; each role's
 * policies): retention, encryption, what the trail records, alarms, roles and who is named. Values the
 * file does not give are `null` ("cannot be resolved"); a change to or from one is a weakening.
 */

import { baselineOf } from '../access/baseline';
import { managementCoverage } from '../event-selectors';
import type { CompiledStatement } from '../iam/evaluate';
import { block, blocks, boolAttr, type Model, numAttr, strAttr, strList, type TfResource } from '../model';
import { retentionDays } from '../rule-helpers';
import { buildTopology, type Topology } from '../topology';
import { organizationPolicySettings } from './organization-settings';
import { days, onOff, type Setting, type SettingValue, type Strength, UNRESOLVED_TEXT } from './setting';
import { actionsText, resourcesText } from './statement-text';
import { tokenText } from './token-text';

/** Storage classes that need a restore before a file can be read: transitions into them end immediate access. */
const ARCHIVE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);
const NEVER = 'never';

/** How a member added to or removed from a set reads after the setting's group. */
const PHRASES: Readonly<Record<string, Setting['phrases']>> = {
  'data-events': { added: 'now records', removed: 'no longer records' },
  'public-access-block': { added: 'now sets', removed: 'no longer sets' },
  subscriptions: { added: 'now go to', removed: 'no longer go to' },
  trusted: { added: 'may now be assumed by', removed: 'may no longer be assumed by' },
  allows: { added: 'is now allowed', removed: 'is no longer allowed' },
  denies: { added: 'is now denied', removed: 'is no longer denied' },
  named: { added: 'now name', removed: 'no longer name' },
};

/**
 * Every setting of the model, computed once per model and set of externals (names and ARNs of resources
 * defined in another stack, as `auditready check --external` takes them).
 */
export function effectiveSettings(model: Model, externals: readonly string[] = []): readonly Setting[] {
  return model.memo(`effective-settings|${externals.join('\u0000')}`, () => read(buildTopology(model, externals), externals));
}

function read(topology: Topology, externals: readonly string[]): Setting[] {
  const { model, resolver } = topology;
  const out: Setting[] = [];
  const text = (v: string): string => tokenText(resolver, v);
  const add: Add = (r, group, id, label, value, shown, strength, rules = []) => {
    const phrases = PHRASES[id];
    out.push({
      key: `${group}/${id}`,
      group,
      label,
      value,
      text: shown,
      strength,
      ...(r ? { resource: r.address } : {}),
      rules,
      ...(phrases ? { phrases } : {}),
    });
  };
  const bool = (r: TfResource, attribute: string, absent: boolean): boolean | null => {
    const v = boolAttr(r.values[attribute], absent);
    return v.known ? v.value : null;
  };
  const num = (v: unknown, absent: number | undefined): number | undefined | null => {
    const n = numAttr(v, absent);
    return n.known ? n.value : null;
  };
  const nameOf = (r: TfResource, attribute: string): string => {
    const v = r.values[attribute];
    return typeof v === 'string' ? text(resolver.materialize(v) ?? v) : r.address;
  };
  const refText = (owner: TfResource, attribute: string, types: readonly string[]): string | null => {
    const v = owner.values[attribute];
    if (v === undefined || v === null || v === '') return 'none';
    const t = resolver.target(owner, attribute, v, types);
    switch (t.kind) {
      case 'resource':
        return t.resource.address;
      case 'aws-managed':
      case 'external':
        return t.name;
      case 'absent':
        return 'none';
      case 'unknown':
        return null;
    }
  };

  // The trails: what they record and where.
  for (const trail of [...topology.trails].sort(byAddress)) {
    const g = `trail ${nameOf(trail, 'name')}`;
    const flag = (id: string, label: string, attribute: string, absent: boolean, rule: string) => {
      const v = bool(trail, attribute, absent);
      add(trail, g, id, label, v, onOff(v), 'on', [rule]);
    };
    flag('logging', 'logging', 'enable_logging', true, 'trail-logging-enabled');
    flag('multi-region', 'all regions (multi-region trail)', 'is_multi_region_trail', false, 'trail-multi-region');
    flag('global-events', 'global service events (IAM, STS, CloudFront)', 'include_global_service_events', true, 'trail-global-service-events');
    flag('validation', 'log file validation (signed digests)', 'enable_log_file_validation', false, 'trail-log-file-validation');
    // An organization's management account's trail must cover every member; elsewhere only a trail that says it is one shows it.
    if (model.declaredScope === 'organization-management' || trail.values.is_organization_trail !== undefined)
      flag('organization', 'every account of the organization (organization trail)', 'is_organization_trail', false, 'org-trail-organization-wide');
    const management = managementCoverage(topology, trail);
    const m = management.result === 'maybe' ? null : management.result === 'yes';
    add(
      trail,
      g,
      'management-events',
      'all management events recorded',
      m,
      m === null ? UNRESOLVED_TEXT : m ? 'yes' : `no: ${management.missing.join('; ')} not recorded`,
      'on',
      ['trail-management-events'],
    );
    const scopes = dataEventScopes(trail, text);
    add(trail, g, 'data-events', 'data events recorded', scopes, scopes.length === 0 ? 'none' : scopes.join('; '), 'members-protect', ['trail-s3-data-events']);
    const key = refText(trail, 'kms_key_id', ['aws_kms_key', 'aws_kms_alias']);
    add(trail, g, 'kms-key', 'KMS key', key, key ?? UNRESOLVED_TEXT, 'neutral', ['trail-kms-cmk']);
    const group = refText(trail, 'cloud_watch_logs_group_arn', ['aws_cloudwatch_log_group']);
    add(trail, g, 'cloudwatch-logs', 'delivery to CloudWatch Logs', group, group ?? UNRESOLVED_TEXT, 'neutral', ['trail-cloudwatch-logs']);
  }

  // The log buckets.
  const audit = new Set(topology.auditBuckets.map((b) => b.address));
  for (const bucket of [...topology.logBuckets].sort(byAddress)) {
    const g = `${audit.has(bucket.address) ? 'audit bucket' : 'access-log bucket'} ${nameOf(bucket, 'bucket')}`;
    if (audit.has(bucket.address)) objectLock(topology, bucket, g, add);
    const versioning = topology.bucketConfig(bucket, 'versioning');
    const status =
      versioning.kind === 'one'
        ? (() => {
            const v = versioning.source === bucket ? block(bucket.values.versioning) : block(versioning.values.versioning_configuration);
            const s = v?.status ?? (v?.enabled === true || v?.enabled === 'true' ? 'Enabled' : v?.enabled !== undefined ? 'Suspended' : undefined);
            const known = strAttr(s);
            return known.known ? (known.value ?? 'Disabled') : null;
          })()
        : versioning.kind === 'none'
          ? 'Disabled'
          : null;
    add(bucket, g, 'versioning', 'versioning', status, status ?? UNRESOLVED_TEXT, { order: ['Disabled', 'Suspended', 'Enabled'] }, ['bucket-versioning']);
    const encryption = topology.bucketConfig(bucket, 'encryption');
    const byDefault =
      encryption.kind === 'one'
        ? block(
            block(encryption.source === bucket ? block(bucket.values.server_side_encryption_configuration)?.rule : encryption.values.rule)
              ?.apply_server_side_encryption_by_default,
          )
        : undefined;
    const algorithm =
      encryption.kind === 'none' ? 'AES256 (S3 default)' : byDefault ? (strAttr(byDefault.sse_algorithm).known ? String(byDefault.sse_algorithm) : null) : null;
    const keyText =
      byDefault && typeof byDefault.kms_master_key_id === 'string'
        ? ` with ${text(resolver.materialize(byDefault.kms_master_key_id) ?? byDefault.kms_master_key_id)}`
        : '';
    add(
      bucket,
      g,
      'encryption',
      'default encryption',
      algorithm,
      algorithm === null ? UNRESOLVED_TEXT : `${algorithm}${keyText}`,
      {
        order: ['AES256 (S3 default)', 'AES256', 'aws:kms', 'aws:kms:dsse'],
      },
      ['bucket-sse-kms'],
    );
    const pab = topology.bucketConfig(bucket, 'publicAccessBlock');
    const flags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
    const states = flags.map((f) => [f, boolAttr(pab.kind === 'one' ? pab.values[f] : undefined, false)] as const);
    const blocked: string[] | null =
      pab.kind === 'one' || pab.kind === 'none'
        ? states.some(([, b]) => !b.known)
          ? null
          : states.filter(([, b]) => b.known && b.value).map(([f]) => f)
        : null;
    add(
      bucket,
      g,
      'public-access-block',
      'public access block',
      blocked,
      blocked === null ? UNRESOLVED_TEXT : blocked.length === 0 ? 'none' : blocked.join(', '),
      'members-protect',
      ['bucket-public-access-block'],
    );
    const force = bool(bucket, 'force_destroy', false);
    add(bucket, g, 'force-destroy', 'force_destroy (deletes every object with the bucket)', force, force === null ? UNRESOLVED_TEXT : String(force), 'off', [
      'bucket-force-destroy',
    ]);
    if (model.recordsLifecycle) {
      const prevent = boolAttr(block(bucket.lifecycle)?.prevent_destroy ?? bucket.lifecycle?.prevent_destroy, false);
      add(
        bucket,
        g,
        'prevent-destroy',
        'prevent_destroy',
        prevent.known ? prevent.value : null,
        prevent.known ? String(prevent.value) : UNRESOLVED_TEXT,
        'on',
        ['log-resources-prevent-destroy'],
      );
    }
    lifecycle(topology, bucket, g, add);
    if (audit.has(bucket.address)) {
      const logging = topology.bucketConfig(bucket, 'logging');
      let target: string | null = null;
      if (logging.kind === 'none') target = 'none';
      else if (logging.kind === 'one') {
        const values = logging.source === bucket ? (blocks(bucket.values.logging)[0] ?? {}) : logging.values;
        const t = resolver.target(logging.source, 'target_bucket', values.target_bucket, ['aws_s3_bucket']);
        target =
          t.kind === 'resource'
            ? nameOf(t.resource, 'bucket')
            : t.kind === 'external' || t.kind === 'aws-managed'
              ? t.name
              : t.kind === 'absent'
                ? 'none'
                : null;
      }
      add(bucket, g, 'access-logging', 'server access logging to', target, target ?? UNRESOLVED_TEXT, 'neutral', ['bucket-access-logging']);
    }
  }

  // The trail keys.
  for (const key of [...topology.trailKeys].sort(byAddress)) {
    const g = `key ${key.address}`;
    const rotation = bool(key, 'enable_key_rotation', false);
    add(key, g, 'rotation', 'automatic rotation', rotation, onOff(rotation), 'on', ['kms-key-rotation']);
    const period = num(key.values.rotation_period_in_days, 365);
    add(key, g, 'rotation-period', 'rotation period', period ?? null, days(period), 'lower', ['kms-key-rotation']);
    const window = num(key.values.deletion_window_in_days, 30);
    add(key, g, 'deletion-window', 'deletion window', window ?? null, days(window), 'higher', ['kms-key-deletion-window']);
    if (model.recordsLifecycle) {
      const prevent = boolAttr(key.lifecycle?.prevent_destroy, false);
      add(key, g, 'prevent-destroy', 'prevent_destroy', prevent.known ? prevent.value : null, prevent.known ? String(prevent.value) : UNRESOLVED_TEXT, 'on', [
        'log-resources-prevent-destroy',
      ]);
    }
  }

  // The trail log groups.
  for (const group of [...topology.trailLogGroups].sort(byAddress)) {
    const g = `log group ${nameOf(group, 'name')}`;
    const r = num(group.values.retention_in_days, 0);
    const value: SettingValue = r === null ? null : r === 0 || r === undefined ? NEVER : r;
    add(group, g, 'retention', 'retention', value, value === NEVER ? 'events never expire' : days(r), 'higher', ['log-group-retention']);
    const kms = refText(group, 'kms_key_id', ['aws_kms_key', 'aws_kms_alias']);
    add(group, g, 'kms-key', 'KMS key', kms, kms ?? UNRESOLVED_TEXT, 'neutral', ['log-group-kms']);
    const skip = bool(group, 'skip_destroy', false);
    add(group, g, 'skip-destroy', 'skip_destroy (kept when the stack is destroyed)', skip, skip === null ? UNRESOLVED_TEXT : String(skip), 'on', [
      'log-resources-prevent-destroy',
    ]);
  }

  // Alarms: each one's definition, and who is notified.
  for (const alarm of [...model.ofType('aws_cloudwatch_metric_alarm')].sort(byAddress)) {
    const definition = alarmDefinition(topology, alarm);
    add(alarm, 'alarms', `alarm ${nameOf(alarm, 'alarm_name')}`, `alarm ${nameOf(alarm, 'alarm_name')}`, definition, definition, 'fixed');
  }
  const subscriptions = [...model.ofType('aws_sns_topic_subscription')]
    .map(
      (s) =>
        `${String(s.values.protocol)} ${text(typeof s.values.endpoint === 'string' ? (resolver.materialize(s.values.endpoint) ?? s.values.endpoint) : String(s.values.endpoint))} (topic ${refText(s, 'topic_arn', ['aws_sns_topic']) ?? UNRESOLVED_TEXT})`,
    )
    .sort();
  if (subscriptions.length > 0 || model.ofType('aws_sns_topic').length > 0)
    add(
      undefined,
      'alarm notifications',
      'subscriptions',
      'go to',
      subscriptions,
      subscriptions.length === 0 ? 'no one' : subscriptions.join('; '),
      'members-protect',
    );

  // Roles: who may assume them, for how long, within what, and what they may do.
  for (const role of [...model.ofType('aws_iam_role')].sort(byAddress)) {
    const g = `role ${nameOf(role, 'name')}`;
    const trust = topology.policyIn(role, 'assume_role_policy');
    const trusted = trust.kind === 'document' ? principalsOf(trust.statements, text) : trust.kind === 'absent' ? [] : null;
    add(
      role,
      g,
      'trusted',
      'may be assumed by',
      trusted,
      trusted === null ? UNRESOLVED_TEXT : trusted.length === 0 ? 'no one' : trusted.join('; '),
      'members-grant',
      ['iam-human-trust-scope'],
    );
    const session = num(role.values.max_session_duration, 3600);
    add(role, g, 'session', 'maximum session', session ?? null, session === null ? UNRESOLVED_TEXT : `${session} seconds`, 'lower', [
      'iam-human-session-length',
    ]);
    const boundary = refText(role, 'permissions_boundary', ['aws_iam_policy']);
    add(role, g, 'boundary', 'permissions boundary', boundary, boundary ?? UNRESOLVED_TEXT, 'neutral', ['iam-human-permissions-boundary']);
    const perms = topology.permissions(role);
    const statements = perms.kind === 'known' ? perms.identity.flatMap((p) => p.statements) : undefined;
    const allows = statements ? grants(statements, 'Allow', text) : null;
    const denies = statements ? grants(statements, 'Deny', text) : null;
    const rules = ['iam-no-wildcard-actions', 'iam-auditor-read-only'];
    add(role, g, 'allows', 'allowed', allows, allows === null ? UNRESOLVED_TEXT : allows.length === 0 ? 'nothing' : allows.join('; '), 'members-grant', rules);
    add(role, g, 'denies', 'denied', denies, denies === null ? UNRESOLVED_TEXT : denies.length === 0 ? 'nothing' : denies.join('; '), 'members-protect', rules);
  }

  out.push(...organizationPolicySettings(topology, text));

  // Principals outside the file the baseline's resource policies name: the deployers, and anyone a change adds.
  const baseline = baselineOf(model, externals);
  if (!('unavailable' in baseline))
    add(
      undefined,
      'the bucket, key and topic policies',
      'named',
      'name principals outside the file',
      baseline.named,
      baseline.named.length === 0 ? 'none' : baseline.named.join('; '),
      'members-grant',
    );

  const tags = Object.entries(model.defaultTags ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  if (tags.length > 0) add(undefined, 'provider', 'default-tags', 'default tags', tags, tags.join(', '), 'neutral');
  return out;
}

type Add = (
  r: TfResource | undefined,
  group: string,
  id: string,
  label: string,
  value: SettingValue,
  shown: string,
  strength: Strength,
  rules?: readonly string[],
) => void;

function objectLock(topology: Topology, bucket: TfResource, g: string, add: Add): void {
  const inline = block(bucket.values.object_lock_configuration);
  const config = topology.bucketConfig(bucket, 'objectLock');
  let mode: string | null = null;
  let d: number | string | null = null;
  if (config.kind === 'none') {
    mode = 'none';
    d = 0;
  } else if (config.kind === 'one') {
    const retention = block(block(config.values === bucket.values ? inline?.rule : config.values.rule)?.default_retention);
    if (!retention) {
      mode = 'none';
      d = 0;
    } else {
      const m = strAttr(retention.mode);
      mode = m.known ? (m.value ?? 'none') : null;
      const n = retentionDays(retention.days, retention.years);
      d = n ?? (retention.days === undefined && retention.years === undefined ? 0 : null);
    }
  }
  const enabled = boolAttr(bucket.values.object_lock_enabled, false);
  if (enabled.known && !enabled.value && inline?.object_lock_enabled !== 'Enabled') {
    mode = 'none';
    d = 0;
  }
  const rules = ['bucket-object-lock'];
  add(bucket, g, 'object-lock-mode', 'Object Lock mode', mode, mode ?? UNRESOLVED_TEXT, { order: ['none', 'GOVERNANCE', 'COMPLIANCE'] }, rules);
  add(bucket, g, 'object-lock-days', 'Object Lock default retention', d, typeof d === 'number' ? days(d) : UNRESOLVED_TEXT, 'higher', rules);
}

function lifecycle(topology: Topology, bucket: TfResource, g: string, add: Add): void {
  const config = topology.bucketConfig(bucket, 'lifecycle');
  const rules = ['bucket-lifecycle-retention'];
  if (config.kind !== 'one' && config.kind !== 'none') {
    add(bucket, g, 'expiration', 'current versions expire after', null, UNRESOLVED_TEXT, 'higher', rules);
    return;
  }
  const lifecycleRules = config.kind === 'none' ? [] : blocks(config.source === bucket ? bucket.values.lifecycle_rule : config.values.rule);
  const enabled = lifecycleRules.filter((r) => r.status === 'Enabled' || r.enabled === true || r.enabled === 'true');
  const numberOf = (v: unknown): number | null | undefined => {
    const n = numAttr(v, undefined);
    return n.known ? n.value : null;
  };
  // The shortest expiration of any enabled rule is when some file first goes.
  const shortest = (values: (number | null | undefined)[]): number | string | null =>
    values.includes(null) ? null : (values.filter((v): v is number => v !== undefined).sort((a, b) => a - b)[0] ?? NEVER);
  const expiration = shortest(enabled.map((r) => numberOf(block(r.expiration)?.days)));
  const noncurrent = shortest(
    enabled.map((r) => numberOf(block(r.noncurrent_version_expiration)?.noncurrent_days ?? block(r.noncurrent_version_expiration)?.days)),
  );
  const transitions = enabled.flatMap((r) => blocks(r.transition).map((t) => ({ days: numberOf(t.days), storageClass: String(t.storage_class) })));
  const firstArchive = shortest(transitions.filter((t) => ARCHIVE_CLASSES.has(t.storageClass)).map((t) => t.days));
  const shown = (v: number | string | null) => (v === null ? UNRESOLVED_TEXT : v === NEVER ? 'never' : days(v as number));
  add(bucket, g, 'expiration', 'current versions expire after', expiration, shown(expiration), 'higher', rules);
  add(bucket, g, 'noncurrent-expiration', 'noncurrent versions expire after', noncurrent, shown(noncurrent), 'higher', rules);
  const list = transitions
    .map((t) => `${t.days === null ? '?' : t.days} days: ${t.storageClass}`)
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  add(bucket, g, 'transitions', 'storage-class transitions', list, list.length === 0 ? 'none' : list.join(', '), 'neutral', rules);
  add(bucket, g, 'archive-after', 'files need a restore (GLACIER, DEEP_ARCHIVE) after', firstArchive, shown(firstArchive), 'higher', rules);
}

/** What one advanced or classic selector records of data events, in words. */
function dataEventScopes(trail: TfResource, text: (v: string) => string): string[] {
  const out: string[] = [];
  for (const s of blocks(trail.values.advanced_event_selector)) {
    const fields = blocks(s.field_selector);
    const field = (name: string) => fields.find((f) => f.field === name);
    if (!strList(field('eventCategory')?.equals).includes('Data')) continue;
    const readOnly = strList(field('readOnly')?.equals);
    const access = readOnly.length === 1 ? (readOnly[0] === 'true' ? 'reads' : 'writes') : 'reads and writes';
    const types = strList(field('resources.type')?.equals).join(', ') || 'every resource type';
    const arn = field('resources.ARN');
    const where = arn
      ? ['equals', 'starts_with', 'ends_with', 'not_equals', 'not_starts_with', 'not_ends_with']
          .filter((op) => strList(arn[op]).length > 0)
          .map((op) => `${op.replace('_', ' ')} ${strList(arn[op]).map(text).join(', ')}`)
          .join(' and ')
      : 'every ARN';
    const names = field('eventName');
    const except = names && strList(names.not_equals).length > 0 ? ` except ${strList(names.not_equals).join(', ')}` : '';
    const only = names && strList(names.equals).length > 0 ? ` (only ${strList(names.equals).join(', ')})` : '';
    out.push(`${access}${except}${only} of ${types} with ARN ${where}`);
  }
  for (const s of blocks(trail.values.event_selector)) {
    const rw = s.read_write_type === 'ReadOnly' ? 'reads' : s.read_write_type === 'WriteOnly' ? 'writes' : 'reads and writes';
    for (const d of blocks(s.data_resource)) out.push(`${rw} of ${String(d.type)} with ARN starts with ${strList(d.values).map(text).join(', ')}`);
  }
  return out.sort();
}

/** Principals a trust policy allows, with the conditions that bind them, one line each. */
function principalsOf(statements: readonly CompiledStatement[], text: (v: string) => string): string[] {
  const out = new Set<string>();
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    const who = (s.written.principals ?? []).flatMap((p) => p.identifiers.map((id) => `${p.type} ${text(id)}`));
    for (const w of who) out.add(w);
  }
  return [...out].sort();
}

/** A statement's actions on its resources, with its conditions, one line per action. */
function grants(statements: readonly CompiledStatement[], effect: 'Allow' | 'Deny', text: (v: string) => string): string[] {
  const out = new Set<string>();
  for (const s of statements) {
    if (s.effect !== effect) continue;
    const w = s.written;
    const on = resourcesText(w, text);
    const when = w.conditions.length > 0 ? ` when ${w.conditions.map((c) => `${c.test} ${c.variable} ${c.values.map(text).join('|')}`).join(' and ')}` : '';
    for (const a of actionsText(w)) out.add(`${text(a)} ${on}${when}`);
  }
  return [...out].sort();
}

/** What an alarm counts, when it fires, and whom it notifies, in one line. */
function alarmDefinition(topology: Topology, alarm: TfResource): string {
  const v = alarm.values;
  const resolver = topology.resolver;
  const show = (x: unknown): string => (typeof x === 'string' ? tokenText(resolver, resolver.materialize(x) ?? x) : JSON.stringify(x));
  const filter = topology.model
    .ofType('aws_cloudwatch_log_metric_filter')
    .find((f) => blocks(f.values.metric_transformation).some((t) => t.name === v.metric_name && t.namespace === v.namespace));
  const source = filter
    ? `filter ${show(filter.values.pattern)} on ${show(filter.values.log_group_name)}`
    : `metric ${show(v.namespace)}/${show(v.metric_name)}`;
  const actions = strList(v.alarm_actions).map(show).join(', ') || 'no one';
  return `${source}: ${show(v.statistic)} ${show(v.comparison_operator)} ${show(v.threshold)} over ${show(v.period)} s x ${show(v.evaluation_periods)}, missing data ${show(v.treat_missing_data ?? 'missing')}, actions ${v.actions_enabled === false ? 'disabled' : 'enabled'}, notifies ${actions}`;
}

const byAddress = (a: TfResource, b: TfResource): number => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);
