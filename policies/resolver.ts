/**
 * The one place where a value in the configuration is tied to a resource. Every relation the rules read
 * (a trail's bucket, key and log group, a split resource's bucket, an alarm's topic, a role's policies)
 * goes through `target` (forward) or `referrers` (reverse):
 * - a reference (`${aws_s3_bucket.a.id}`, with text around it or through another resource's attribute),
 *   a literal name or ARN of a resource in the file, or a data source that looks one up, is that resource;
 * - an AWS-managed key alias (`alias/aws/s3`) or managed policy ARN is `aws-managed`, never a resource;
 * - a literal that names nothing in the file is `external` when the check was told so (`--external`),
 *   else `unknown`; so is anything else it cannot evaluate (a variable, a function, a resource whose
 *   `count` is not literal). Unknown fails closed.
 * `materialize` turns a string into its value where the file says it, with one opaque token per value
 * known only after apply (see iam/glob.ts), so policies and selectors can be compared with resources.
 */
import { awsManagedPolicyName, isAwsManagedKeyAlias, parseArn } from './arn';
import { hasInterpolation, OPAQUE, parseTemplate, parseTraversal, type Reference, singleReference } from './expression';
import { hasToken } from './iam/glob';
import { InputError } from './load';
import { isObject, type Model, strList, type TfResource } from './model';

export type Target =
  | {
      readonly kind: 'resource';
      readonly resource: TfResource;
      /** The attribute referenced (`arn`, `id`, ...); empty when a literal name or ARN matched. */
      readonly attribute: string;
      readonly prefix: string;
      /** Text after the reference or the matched name (`/*`, `:*`); undefined when a plan does not record it. */
      readonly suffix: string | undefined;
    }
  | { readonly kind: 'external'; readonly name: string }
  | { readonly kind: 'aws-managed'; readonly name: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown'; readonly expression: string; readonly reason: string };

/** Resources whose attribute points to a given resource; `uncertain` names one that may, when that cannot be told. */
export interface Referrers {
  readonly resources: readonly TfResource[];
  readonly uncertain?: { readonly resource: TfResource; readonly reason: string };
}

/** A declared external resource and where the file uses it. */
export interface ExternalUse {
  readonly name: string;
  readonly resource: string;
  readonly attribute: string;
}

/** How a literal names a resource of one type: its name attribute, and the ARN service and resource form. */
interface Identity {
  readonly nameAttribute: string;
  readonly service: string;
  /** The name inside an ARN's resource part, or undefined when the ARN is not of this type. */
  fromArn(resource: string): { name: string; suffix: string } | undefined;
  /** The ARN of a resource with `name`, given partition, region and account. */
  arn?(name: string, p: string, r: string, a: string): string;
}

const lastSegment = (prefix: string) => (resource: string) =>
  resource.startsWith(prefix) ? { name: resource.slice(resource.lastIndexOf('/') + 1), suffix: '' } : undefined;

const IDENTITIES: Readonly<Record<string, Identity>> = {
  aws_s3_bucket: {
    nameAttribute: 'bucket',
    service: 's3',
    fromArn: (res) => {
      const slash = res.indexOf('/');
      return slash < 0 ? { name: res, suffix: '' } : { name: res.slice(0, slash), suffix: res.slice(slash) };
    },
    arn: (n, p) => `arn:${p}:s3:::${n}`,
  },
  aws_cloudwatch_log_group: {
    nameAttribute: 'name',
    service: 'logs',
    fromArn: (res) => {
      const m = /^log-group:(.+?)(:\*)?$/.exec(res);
      return m ? { name: m[1] as string, suffix: m[2] ?? '' } : undefined;
    },
    arn: (n, p, r, a) => `arn:${p}:logs:${r}:${a}:log-group:${n}`,
  },
  aws_sns_topic: {
    nameAttribute: 'name',
    service: 'sns',
    fromArn: (res) => (res.includes(':') ? undefined : { name: res, suffix: '' }),
    arn: (n, p, r, a) => `arn:${p}:sns:${r}:${a}:${n}`,
  },
  aws_kms_alias: {
    nameAttribute: 'name',
    service: 'kms',
    fromArn: (res) => (res.startsWith('alias/') ? { name: res, suffix: '' } : undefined),
    arn: (n, p, r, a) => `arn:${p}:kms:${r}:${a}:${n}`,
  },
  aws_kms_key: {
    nameAttribute: 'key_id',
    service: 'kms',
    fromArn: (res) => (res.startsWith('key/') ? { name: res.slice(4), suffix: '' } : undefined),
    // The key id is known only after apply (a token); the rest of the ARN is the file's, so `key/*` patterns of an account match it.
    arn: (n, p, r, a) => `arn:${p}:kms:${r}:${a}:key/${n}`,
  },
  aws_iam_role: { nameAttribute: 'name', service: 'iam', fromArn: lastSegment('role/'), arn: (n, p, _r, a) => `arn:${p}:iam::${a}:role/${n}` },
  aws_iam_policy: { nameAttribute: 'name', service: 'iam', fromArn: lastSegment('policy/'), arn: (n, p, _r, a) => `arn:${p}:iam::${a}:policy/${n}` },
  aws_iam_user: { nameAttribute: 'name', service: 'iam', fromArn: lastSegment('user/'), arn: (n, p, _r, a) => `arn:${p}:iam::${a}:user/${n}` },
  aws_iam_group: { nameAttribute: 'name', service: 'iam', fromArn: lastSegment('group/'), arn: (n, p, _r, a) => `arn:${p}:iam::${a}:group/${n}` },
  aws_cloudtrail: {
    nameAttribute: 'name',
    service: 'cloudtrail',
    fromArn: (res) => (res.startsWith('trail/') ? { name: res.slice(6), suffix: '' } : undefined),
    arn: (n, p, r, a) => `arn:${p}:cloudtrail:${r}:${a}:trail/${n}`,
  },
  aws_cloudwatch_metric_alarm: {
    nameAttribute: 'alarm_name',
    service: 'cloudwatch',
    fromArn: (res) => (res.startsWith('alarm:') ? { name: res.slice(6), suffix: '' } : undefined),
    arn: (n, p, r, a) => `arn:${p}:cloudwatch:${r}:${a}:alarm:${n}`,
  },
  aws_cloudwatch_log_metric_filter: { nameAttribute: 'name', service: 'logs', fromArn: () => undefined },
};

/**
 * The attributes that identify a resource of each type (its id, name, ARN): only a reference through one
 * of them is that resource. Any other attribute (`tags_all.x`, `policy`) is a value the resource holds, which
 * may name anything. Types not listed are identified by `id`, `arn` and `name`.
 */
const IDENTITY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_s3_bucket: ['id', 'bucket', 'arn'],
  aws_kms_key: ['id', 'key_id', 'arn'],
  aws_cloudwatch_metric_alarm: ['id', 'alarm_name', 'arn'],
  aws_cloudwatch_log_metric_filter: ['id', 'name'],
};
const DEFAULT_IDENTITY_ATTRIBUTES: readonly string[] = ['id', 'arn', 'name'];
const identifies = (type: string, attribute: string): boolean => (IDENTITY_ATTRIBUTES[type] ?? DEFAULT_IDENTITY_ATTRIBUTES).includes(attribute);

/** The argument through which a data source names what it looks up. */
const DATA_IDENTITY: Readonly<Record<string, { readonly type: string; readonly attributes: readonly string[] }>> = {
  aws_s3_bucket: { type: 'aws_s3_bucket', attributes: ['bucket'] },
  aws_kms_key: { type: 'aws_kms_key', attributes: ['key_id'] },
  aws_kms_alias: { type: 'aws_kms_alias', attributes: ['name'] },
  aws_cloudwatch_log_group: { type: 'aws_cloudwatch_log_group', attributes: ['name'] },
  aws_sns_topic: { type: 'aws_sns_topic', attributes: ['name'] },
  aws_iam_role: { type: 'aws_iam_role', attributes: ['name'] },
  aws_iam_policy: { type: 'aws_iam_policy', attributes: ['arn', 'name'] },
  aws_iam_user: { type: 'aws_iam_user', attributes: ['user_name'] },
  aws_iam_group: { type: 'aws_iam_group', attributes: ['group_name'] },
};

/** Internal resolution: like Target, plus a literal that names nothing in the file (`miss`). */
type Resolution = Target | { readonly kind: 'miss'; readonly literal: string; readonly types: readonly string[] };

const MAX_DEPTH = 6;
const FIRST_TOKEN = 0xe000;
/** Reserved for "any suffix" in iam/glob.ts. */
const LAST_TOKEN = 0xf8fe;

export class Resolver {
  private readonly tokens = new Map<string, string>();
  private readonly memo = new Map<string, Resolution>();
  private readonly materialized = new Map<string, string | undefined>();
  private readonly literalIndexes = new Map<string, { byName: Map<string, TfResource>; unnamed: TfResource[] }>();
  private readonly referrerIndexes = new Map<string, Map<string, TfResource[]> & { uncertain?: { resource: TfResource; reason: string; maybe: boolean }[] }>();
  private readonly uses = new Map<string, ExternalUse>();
  private readonly externalSet: ReadonlySet<string>;

  constructor(
    readonly model: Model,
    readonly externals: readonly string[] = [],
  ) {
    this.externalSet = new Set(externals);
  }

  /** Where the file relied on a declared external resource. */
  externalUses(): ExternalUse[] {
    return [...this.uses.values()];
  }

  // -------------------------------------------------------------------------------------------------------------
  // Forward

  /**
   * The resource of one of `types` that `owner.attribute` (value `value`) points to. `owner` and `attribute`
   * name the use in reports when the value is a declared external.
   */
  target(owner: TfResource | undefined, attribute: string, value: unknown, types: readonly string[]): Target {
    const r = this.resolve(value, types, 0);
    if (r.kind === 'resource' && r.resource.existence)
      return { kind: 'unknown', expression: String(value), reason: `${r.resource.address} may not exist (${r.resource.existence.expression})` };
    if (r.kind !== 'miss') return r;
    const external = this.externalFor(r.literal, types);
    if (external !== undefined) {
      if (owner) this.uses.set(`${external}|${owner.address}|${attribute}`, { name: external, resource: owner.address, attribute });
      return { kind: 'external', name: r.literal };
    }
    const unnamed = types.flatMap((t) => this.literalIndex(t).unnamed);
    const why = unnamed.length > 0 ? `, or ${unnamed[0]?.address}, whose name is not known` : '';
    return {
      kind: 'unknown',
      expression: r.literal,
      reason: `${r.literal} is not defined in this file${why}; if it lives elsewhere, declare it with --external ${r.literal}`,
    };
  }

  private resolve(value: unknown, types: readonly string[], depth: number): Resolution {
    if (value === undefined || value === null || value === '') return { kind: 'absent' };
    if (typeof value !== 'string') return { kind: 'unknown', expression: JSON.stringify(value), reason: 'not a string' };
    const key = `${types.join(',')}|${value}`;
    let r = this.memo.get(key);
    if (!r) {
      r = this.resolveString(value, types, depth);
      this.memo.set(key, r);
    }
    return r;
  }

  private resolveString(value: string, types: readonly string[], depth: number): Resolution {
    if (depth > MAX_DEPTH) return { kind: 'unknown', expression: value, reason: 'references nest too deep' };
    if (!value.includes('${') && !value.includes(OPAQUE)) return this.resolveLiteral(value, types);
    const opaque = value.includes(OPAQUE);
    const single = singleReference(value.split(OPAQUE).join(''));
    if (!opaque && single && (single.prefix !== '' || single.suffix !== '')) {
      // Text around a reference: the whole value, when the file says it, names the resource best.
      const m = this.materialize(value);
      if (m !== undefined && !hasToken(m)) return this.resolveLiteral(m, types);
    }
    if (!single) {
      const m = opaque ? undefined : this.materialize(value);
      if (m !== undefined && !hasToken(m)) return this.resolveLiteral(m, types);
      return {
        kind: 'unknown',
        expression: value,
        reason: opaque
          ? `the plan records only the references of this expression (${value.split(OPAQUE).join('')}), not its text`
          : `${value} comes from outside this file (a variable, local, module output or function)`,
      };
    }
    const { ref } = single;
    const resource = this.model.get(ref.address, ref.key);
    if (!resource) return { kind: 'unknown', expression: value, reason: `${ref.address} is not defined in this file` };
    const exact = !opaque;
    if (resource.mode === 'data') {
      const looksUp = DATA_IDENTITY[resource.type]?.type;
      // An alias's target_key_id / target_key_arn is its key, which the alias's name leads to as well.
      const toKey = looksUp === 'aws_kms_alias' && types.includes('aws_kms_key') && /^target_key_(id|arn)$/.test(ref.attribute);
      if (looksUp !== undefined && !toKey && !identifies(looksUp, ref.attribute))
        return { kind: 'unknown', expression: value, reason: notIdentity(ref.address, ref.attribute, looksUp) };
      const literal = this.dataIdentity(resource);
      if (literal === undefined) return { kind: 'unknown', expression: value, reason: `${resource.address} is a data source whose lookup cannot be resolved` };
      if (exact && single.prefix === '' && single.suffix === '') return this.resolve(literal, types, depth + 1);
      return { kind: 'unknown', expression: value, reason: `text around a data source reference (${resource.address})` };
    }
    if (types.includes(resource.type)) {
      if (!identifies(resource.type, ref.attribute))
        return { kind: 'unknown', expression: value, reason: notIdentity(ref.address, ref.attribute, resource.type) };
      return { kind: 'resource', resource, attribute: ref.attribute, prefix: exact ? single.prefix : '', suffix: exact ? single.suffix : undefined };
    }
    const whole = exact && single.prefix === '' && single.suffix === '';
    // A key named by its alias (`${aws_kms_alias.a.name}`, `.arn`): KMS resolves the alias to its target key.
    if (resource.type === 'aws_kms_alias' && types.includes('aws_kms_key') && whole && identifies('aws_kms_alias', ref.attribute)) {
      if (resource.existence) return { kind: 'unknown', expression: value, reason: `${resource.address} may not exist (${resource.existence.expression})` };
      return this.resolve(resource.values.target_key_id, types, depth + 1);
    }
    // Another resource's argument that names the target (`${aws_s3_bucket_versioning.v.bucket}`, an alias's `target_key_id`).
    const passed = /^[a-z_][a-z0-9_]*$/.test(ref.attribute) ? resource.values[ref.attribute] : undefined;
    if (passed !== undefined && whole) return this.resolve(passed, types, depth + 1);
    return { kind: 'unknown', expression: value, reason: `${ref.address}.${ref.attribute} is not a ${types.join(' or ')}` };
  }

  private resolveLiteral(literal: string, types: readonly string[]): Resolution {
    if (types.some((t) => t === 'aws_kms_key' || t === 'aws_kms_alias') && isAwsManagedKeyAlias(literal)) return { kind: 'aws-managed', name: literal };
    if (types.includes('aws_iam_policy') && awsManagedPolicyName(literal) !== undefined) return { kind: 'aws-managed', name: literal };
    // A key may be named by one of its aliases (`alias/x` or the alias ARN), which KMS resolves to the key.
    const searched = types.includes('aws_kms_key') && !types.includes('aws_kms_alias') ? [...types, 'aws_kms_alias'] : types;
    for (const type of searched) {
      const found = this.findLiteral(literal, type);
      if (found) {
        if (found.resource.type === 'aws_kms_alias' && !types.includes('aws_kms_alias')) {
          if (found.resource.existence)
            return { kind: 'unknown', expression: literal, reason: `${found.resource.address} may not exist (${found.resource.existence.expression})` };
          return this.resolve(found.resource.values.target_key_id, types, 1);
        }
        return { kind: 'resource', resource: found.resource, attribute: '', prefix: '', suffix: found.suffix };
      }
    }
    return { kind: 'miss', literal, types };
  }

  /** The resource of `type` a literal name or ARN names, with the text after the name (an object key, `:*`). */
  private findLiteral(literal: string, type: string): { resource: TfResource; suffix: string } | undefined {
    const identity = IDENTITIES[type];
    const index = this.literalIndex(type);
    const arn = parseArn(literal);
    if (arn && identity) {
      if (arn.service !== identity.service || !this.sameScope(arn.partition, arn.region, arn.account)) return undefined;
      const named = identity.fromArn(arn.resource);
      const resource = named ? index.byName.get(named.name) : undefined;
      return resource && named ? { resource, suffix: named.suffix } : undefined;
    }
    const direct = index.byName.get(literal);
    if (direct) return { resource: direct, suffix: '' };
    if (type === 'aws_s3_bucket' && !arn) {
      const slash = literal.indexOf('/');
      const bucket = slash > 0 ? index.byName.get(literal.slice(0, slash)) : undefined;
      if (bucket) return { resource: bucket, suffix: literal.slice(slash) };
    }
    return undefined;
  }

  /** Whether an ARN's partition, region and account can be this file's (unknown ones can). */
  private sameScope(partition: string, region: string, account: string): boolean {
    const m = this.model;
    if (m.partition !== undefined && partition !== m.partition) return false;
    if (m.region !== undefined && region !== '' && region !== '*' && region !== m.region) return false;
    if (m.account !== undefined && /^\d{12}$/.test(account) && account !== m.account) return false;
    return true;
  }

  private literalIndex(type: string): { byName: Map<string, TfResource>; unnamed: TfResource[] } {
    let index = this.literalIndexes.get(type);
    if (!index) {
      index = { byName: new Map(), unnamed: [] };
      const identity = IDENTITIES[type];
      for (const r of this.model.ofType(type)) {
        const names = [identity ? r.values[identity.nameAttribute] : undefined, r.values.name, r.values.id, r.values.arn];
        if (type === 'aws_kms_key') names.push(r.values.key_id);
        let named = false;
        for (const n of names) {
          if (typeof n !== 'string' || n === '') continue;
          if (hasInterpolation(n) || n.includes(OPAQUE)) continue;
          named = true;
          if (!index.byName.has(n)) index.byName.set(n, r);
          const arn = parseArn(n);
          const inner = arn && identity ? identity.fromArn(arn.resource) : undefined;
          if (inner && !index.byName.has(inner.name)) index.byName.set(inner.name, r);
        }
        const declared = identity ? r.values[identity.nameAttribute] : undefined;
        if (!named || (typeof declared === 'string' && (hasInterpolation(declared) || declared.includes(OPAQUE)))) index.unnamed.push(r);
      }
      this.literalIndexes.set(type, index);
    }
    return index;
  }

  /** The literal a data source looks up (its bucket, key id, name), when the file gives it. */
  private dataIdentity(data: TfResource): string | undefined {
    const identity = DATA_IDENTITY[data.type];
    if (!identity) return undefined;
    for (const a of identity.attributes) {
      const v = data.values[a];
      if (typeof v !== 'string' || v === '') continue;
      const m = hasInterpolation(v) ? this.materialize(v) : v;
      return m !== undefined && !hasToken(m) ? m : undefined;
    }
    return undefined;
  }

  /** The declared external a literal names, if any: the literal itself, or the same name as an ARN. */
  private externalFor(literal: string, types: readonly string[]): string | undefined {
    if (this.externalSet.has(literal)) return literal;
    const names = new Set<string>([literal]);
    const arn = parseArn(literal);
    for (const type of types) {
      const identity = IDENTITIES[type];
      if (!identity) continue;
      if (arn) {
        const named = arn.service === identity.service ? identity.fromArn(arn.resource) : undefined;
        if (named) names.add(named.name);
      }
    }
    for (const e of this.externalSet) {
      if (names.has(e)) return e;
      const earn = parseArn(e);
      if (!earn) continue;
      for (const type of types) {
        const identity = IDENTITIES[type];
        const named = identity && earn.service === identity.service ? identity.fromArn(earn.resource) : undefined;
        if (named && names.has(named.name)) return e;
      }
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reverse

  /**
   * The resources of `type` whose `attribute` (a value or a list) points to `target`. One that may point to
   * it (a variable, a literal matching a target whose name is not known, a resource whose `count` is not
   * literal) makes the answer uncertain.
   */
  referrers(target: TfResource, type: string, attribute: string): Referrers {
    const key = `${type}|${attribute}|${target.type}`;
    let index = this.referrerIndexes.get(key);
    if (!index) {
      index = new Map() as Map<string, TfResource[]> & { uncertain?: { resource: TfResource; reason: string; maybe: boolean }[] };
      const uncertain: { resource: TfResource; reason: string; maybe: boolean }[] = [];
      for (const r of this.model.ofType(type)) {
        for (const v of strList(r.values[attribute])) {
          const res = this.resolve(v, [target.type], 0);
          if (res.kind === 'resource') {
            index.set(res.resource.address, [...(index.get(res.resource.address) ?? []), r]);
          } else if (res.kind === 'unknown') {
            uncertain.push({
              resource: r,
              reason: `${r.address}.${attribute} cannot be resolved (${res.expression}): it may point to any ${target.type}`,
              maybe: true,
            });
          } else if (res.kind === 'miss') {
            // A literal naming nothing in the file: a resource elsewhere, configured here unseen, unless declared.
            const external = this.externalFor(res.literal, [target.type]);
            if (external !== undefined) this.uses.set(`${external}|${r.address}|${attribute}`, { name: external, resource: r.address, attribute });
            else
              uncertain.push({
                resource: r,
                reason: `${r.address}.${attribute} names ${res.literal}, which is not defined in this file; if it lives elsewhere, declare it with --external ${res.literal}`,
                maybe: true,
              });
          }
        }
      }
      index.uncertain = uncertain;
      this.referrerIndexes.set(key, index);
    }
    const resources = index.get(target.address) ?? [];
    const unnamed = this.literalIndex(target.type).unnamed.includes(target);
    const open = (index.uncertain ?? []).find((u) => u.maybe || unnamed);
    const maybeExisting = resources.find((r) => r.existence);
    // A called module's resources are not in the file: one may configure this resource by name.
    const [module] = this.model.moduleCalls;
    if (module !== undefined && !maybeExisting && !open)
      return {
        resources,
        uncertain: {
          resource: target,
          reason: `module ${module}, whose resources are not in this file, may also configure ${target.address}; check the plan (terraform show -json), which includes them`,
        },
      };
    if (maybeExisting)
      return { resources, uncertain: { resource: maybeExisting, reason: `${maybeExisting.address} may not exist (${maybeExisting.existence?.expression})` } };
    return open ? { resources, uncertain: { resource: open.resource, reason: open.reason } } : { resources };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Values

  /** A single-character token for a value known only after apply; the same name gives the same token. */
  token(name: string): string {
    let t = this.tokens.get(name);
    if (!t) {
      const code = FIRST_TOKEN + this.tokens.size;
      // Two values sharing a token would compare equal: refuse the file rather than guess.
      if (code > LAST_TOKEN) throw new InputError(`${this.model.source}: more than ${LAST_TOKEN - FIRST_TOKEN} values known only after apply; split the file`);
      t = String.fromCharCode(code);
      this.tokens.set(name, t);
    }
    return t;
  }

  /** The name a token was made for (`policy variable aws:username`, `aws_kms_key.k.arn`), or undefined. */
  tokenName(token: string): string | undefined {
    for (const [name, t] of this.tokens) if (t === token) return name;
    return undefined;
  }

  partition(): string {
    return this.model.partition ?? this.token('partition');
  }

  region(): string {
    return this.model.region ?? this.token('region');
  }

  account(): string {
    return this.model.account ?? this.token('account');
  }

  /**
   * The value of a string: literal text as is, references replaced by what the file says about them (an
   * argument's literal, an ARN built from a literal name) or by a token. Undefined when part of it cannot be
   * evaluated (a variable, a function call, text a plan does not record).
   */
  materialize(value: string, depth = 0): string | undefined {
    if (!value.includes('${')) return value.includes(OPAQUE) ? undefined : value;
    const cached = this.materialized.get(value);
    if (cached !== undefined || this.materialized.has(value)) return cached;
    let out: string | undefined = '';
    if (value.includes(OPAQUE) || depth > MAX_DEPTH) out = undefined;
    else {
      for (const part of parseTemplate(value)) {
        if ('literal' in part) {
          out += part.literal;
          continue;
        }
        const v = this.expressionValue(part.expression, depth);
        if (v === undefined) {
          out = undefined;
          break;
        }
        out += v;
      }
    }
    this.materialized.set(value, out);
    return out;
  }

  private expressionValue(expression: string, depth: number): string | undefined {
    const ref = parseTraversal(expression);
    if (!ref) return undefined;
    if (ref.mode === 'data') {
      if (ref.type === 'aws_partition' && ref.attribute === 'partition') return this.partition();
      if (ref.type === 'aws_region' && /^(name|region|id)$/.test(ref.attribute)) return this.region();
      if (ref.type === 'aws_caller_identity' && ref.attribute === 'account_id') return this.account();
    }
    const resource = this.model.get(ref.address, ref.key);
    if (!resource) return undefined;
    return this.attributeValue(resource, ref, depth);
  }

  /** An attribute of a resource: the argument the file gives, an ARN or id built from its name, else a token. */
  private attributeValue(resource: TfResource, ref: Reference, depth: number): string | undefined {
    const path = ref.attribute;
    const direct = navigate(resource.values, path);
    if (typeof direct === 'string') return hasInterpolation(direct) || direct.includes(OPAQUE) ? this.materialize(direct, depth + 1) : direct;
    if (typeof direct === 'number' || typeof direct === 'boolean') return String(direct);
    const type = resource.mode === 'data' ? DATA_IDENTITY[resource.type]?.type : resource.type;
    const identity = type ? IDENTITIES[type] : undefined;
    const nameValue = identity
      ? resource.mode === 'data'
        ? this.dataIdentity(resource)
        : typeof resource.values[identity.nameAttribute] === 'string'
          ? this.materialize(resource.values[identity.nameAttribute] as string, depth + 1)
          : undefined
      : undefined;
    const name = nameValue ?? this.token(`${resource.address}.${identity?.nameAttribute ?? 'name'}`);
    if (type === 'aws_s3_bucket' && (path === 'id' || path === 'bucket')) return name;
    if (type === 'aws_cloudwatch_log_group' && (path === 'id' || path === 'name')) return name;
    if (type === 'aws_kms_alias' && (path === 'id' || path === 'name')) return name;
    if ((type === 'aws_iam_role' || type === 'aws_iam_user' || type === 'aws_iam_group') && (path === 'id' || path === 'name')) return name;
    if (type === 'aws_cloudtrail' && path === 'name') return name;
    if (path === 'arn' || (path === 'id' && (type === 'aws_sns_topic' || type === 'aws_iam_policy'))) {
      if (identity?.arn && !(resource.mode === 'data' && nameValue === undefined)) return identity.arn(name, this.partition(), this.region(), this.account());
    }
    return this.token(`${resource.address}.${path}`);
  }
}

const notIdentity = (address: string, attribute: string, type: string): string =>
  `${address}.${attribute} is not what identifies a ${type} (${(IDENTITY_ATTRIBUTES[type] ?? DEFAULT_IDENTITY_ATTRIBUTES).join(', ')}): it may name another one`;

/** Follows `a[0].b` or `a.b` inside resource values; undefined when a step is missing. */
function navigate(values: Readonly<Record<string, unknown>>, path: string): unknown {
  if (path === '') return undefined;
  let cur: unknown = values;
  for (const step of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (step.startsWith('[')) {
      const i = Number(step.slice(1, -1));
      cur = Array.isArray(cur) ? cur[i] : i === 0 && isObject(cur) ? cur : undefined;
    } else {
      if (Array.isArray(cur) && cur.length === 1) cur = cur[0];
      cur = isObject(cur) ? cur[step] : undefined;
    }
    if (cur === undefined || cur === null) return undefined;
  }
  return cur;
}
