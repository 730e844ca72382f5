/**
 * Who can do what in an organization: the questions of the organization catalogue answered by the policy
 * evaluator over both stacks of the organization, the management stack's (the organization trail, its log
 * group and alarms, the SCPs and RCPs) and the log archive's (the buckets, the key, the roles), with the
 * guardrails applied where AWS applies them: an SCP to the IAM principals of the accounts it is attached to
 * (never the management account's, never an AWS service), an RCP to every request for a resource of the
 * accounts it is attached to (never the management account's). Each stack's matrix holds the questions
 * about its own resources; both are made from the pair, so a change to an RCP in the management stack shows
 * as a change to what can be done to the log archive.
 */
import { parseArn } from '../arn';
import type { CompiledStatement } from '../iam/evaluate';
import { type ConcreteRequest, decideRequest } from '../iam/request';
import { allOf, type Tri } from '../iam/tri';
import type { Model, TfResource } from '../model';
import { organizationFolders } from '../organization-folders';
import { organizationPolicies } from '../organization-policies';
import type { Statement } from '../policy-document';
import { buildTopology, type Topology } from '../topology';
import { assumeCells } from './assume';
import { accessLogTargets, type HumanRoleFacts, humanRolesOf, namedPrincipals, policyFacts, type ResourcePolicy, type TargetFacts } from './baseline';
import { ALLOW_EVERYTHING, type Caller, type Callers, callerBuilders } from './callers';
import { OTHER_ACCOUNT } from './catalogue';
import { type Cell, cellOf } from './cell';
import type { AccessMatrix, AssumeCell, MatrixColumn, MatrixRow } from './matrix';
import {
  ORGANIZATION_CALLERS,
  ORGANIZATION_ROWS,
  type OrganizationCallerLabel,
  type OrganizationContextValue,
  type OrganizationRow,
  type OrganizationStep,
  type OrganizationTarget,
  STACK_OF,
} from './organization-catalogue';

/** A member account for the member callers when the SCP is attached to OUs or the root only: any account under them. */
const MEMBER_UNDER_OU = '111122223333';
/** The organization id of the administrator outside the organization. */
const OTHER_ORGANIZATION = 'o-zzzzzzzzzz';

/** One stack of an organization, with the other stacks it is checked with (the same side of a diff, the same report). */
export function organizationAccessMatrix(model: Model, stacks: readonly Model[], externals: readonly string[]): AccessMatrix {
  return model.memo(`organization-access-matrix|${externals.join('\u0000')}|${stacks.map((s) => s.source).join('\u0000')}`, () => {
    const pair = pairOf(model, stacks, externals);
    if ('unavailable' in pair) return { kind: 'unavailable', reason: pair.unavailable };
    const facts = organizationFacts(pair.management, pair.logArchive, externals);
    if ('unavailable' in facts) return { kind: 'unavailable', reason: facts.unavailable };
    return computeMatrix(facts, model === pair.management ? 'management' : 'log-archive');
  });
}

/** The management stack whose trail writes to a log archive's bucket, and that log archive. */
function pairOf(model: Model, stacks: readonly Model[], externals: readonly string[]): { management: Model; logArchive: Model } | { unavailable: string } {
  const bucketOfTrail = (m: Model): string | undefined => {
    const topology = buildTopology(m, externals);
    const trail = [...topology.trails].sort((a, b) => (a.address < b.address ? -1 : 1))[0];
    if (!trail) return undefined;
    const t = topology.trailTarget(trail, 'bucket');
    return t.kind === 'external' ? t.name.replace(/^arn:[^:]+:s3:::/, '') : undefined;
  };
  const bucketNames = (m: Model): string[] => m.ofType('aws_s3_bucket').flatMap((b) => (typeof b.values.bucket === 'string' ? [b.values.bucket] : []));
  const writesTo = (management: Model, logArchive: Model): boolean => {
    const name = bucketOfTrail(management);
    return name !== undefined && bucketNames(logArchive).includes(name);
  };
  if (model.declaredScope === 'organization-management') {
    const name = bucketOfTrail(model);
    if (name === undefined)
      return {
        unavailable:
          "the organization trail's bucket is not declared external (the log archive's stack must be checked beside this one: auditready declares its names when it synthesizes, or pass --external)",
      };
    const archives = stacks.filter((s) => s.declaredScope === 'organization-log-archive' && writesTo(model, s));
    if (archives.length !== 1)
      return {
        unavailable:
          archives.length === 0
            ? `no log archive stack among the inputs holds the organization trail's bucket ${name}`
            : `several log archive stacks hold the bucket ${name}: ${archives.map((a) => a.source).join(', ')}`,
      };
    return { management: model, logArchive: archives[0] as Model };
  }
  const managements = stacks.filter((s) => s.declaredScope === 'organization-management' && writesTo(s, model));
  if (managements.length !== 1)
    return {
      unavailable:
        managements.length === 0
          ? "no organization management stack among the inputs has a trail writing to this log archive (its SCPs and RCPs decide who can do what here); check both stacks together, the log archive's names declared external"
          : `several management stacks write to this log archive: ${managements.map((m) => m.source).join(', ')}`,
    };
  return { management: managements[0] as Model, logArchive: model };
}

/** A set of guardrail statements and the accounts it applies to (`*`: every account but the management account). */
interface Guardrail {
  readonly accounts: ReadonlySet<string> | '*';
  readonly statements: readonly CompiledStatement[];
}

interface OrganizationFacts {
  readonly partition: string;
  readonly region: string;
  readonly organizationId: string;
  readonly accounts: { readonly management: string; readonly logArchive: string; readonly member: string };
  readonly topologies: { readonly management: Topology; readonly logArchive: Topology };
  readonly targets: Readonly<Record<OrganizationTarget, TargetFacts>>;
  readonly roles: { readonly management: readonly HumanRoleFacts[]; readonly logArchive: readonly HumanRoleFacts[] };
  /** Principals outside each stack that its resource policies name, in its own account: its deployers. */
  readonly named: { readonly management: readonly string[]; readonly logArchive: readonly string[] };
  readonly scps: readonly Guardrail[];
  readonly rcps: readonly Guardrail[];
  /** Why the guardrails cannot be told: every request they may apply to is unknown. */
  readonly guardrailsUnknown?: { readonly scp?: string; readonly rcp?: string };
  readonly sources: { readonly management: string; readonly logArchive: string };
}

function organizationFacts(management: Model, logArchive: Model, externals: readonly string[]): OrganizationFacts | { unavailable: string } {
  const mg = buildTopology(management, externals);
  const la = buildTopology(logArchive);
  const partition = mg.resolver.partition();
  const region = mg.resolver.region();
  const accounts = { management: mg.resolver.account(), logArchive: la.resolver.account() };
  const arnOf = (t: Topology, r: TfResource): string => t.resolver.materialize(`\${${r.address}.arn}`) ?? t.resolver.token(`${r.address}.arn`);
  const found = (resource: TfResource, arn: string, policy: ResourcePolicy): TargetFacts => ({ kind: 'found', arn, policy, resource });
  const missing = (reason: string): TargetFacts => ({ kind: 'missing', reason });

  const trail = [...mg.trails].sort((a, b) => (a.address < b.address ? -1 : 1))[0] as TfResource;
  const bucketTarget = mg.trailTarget(trail, 'bucket');
  const bucketName = bucketTarget.kind === 'external' ? bucketTarget.name.replace(/^arn:[^:]+:s3:::/, '') : '';
  const bucket = logArchive.ofType('aws_s3_bucket').find((b) => b.values.bucket === bucketName) as TfResource;
  const bucketArn = la.bucketArn(bucket);
  const bucketPolicy = policyFacts(la.bucketPolicy(bucket));
  if (bucketPolicy.kind !== 'statements')
    return { unavailable: `the policy of the log archive's bucket ${bucket.address} ${bucketPolicy.kind === 'none' ? 'is not set' : 'cannot be read'}` };
  const folders = organizationFolders(bucketPolicy.statements, bucketArn);
  if (folders.length !== 1)
    return {
      unavailable: `the log archive's bucket policy names ${folders.length === 0 ? 'no' : 'several'} organization folders (AWSLogs/<organization id>/) for CloudTrail: the organization cannot be told`,
    };
  const folder = folders[0] as (typeof folders)[number];

  const scpPolicies = organizationPolicies(mg, 'SERVICE_CONTROL_POLICY');
  const rcpPolicies = organizationPolicies(mg, 'RESOURCE_CONTROL_POLICY');
  const guardrails = (p: typeof scpPolicies): Guardrail[] =>
    p.policies.map((x) => ({
      accounts: x.targets.some((t) => t.startsWith('r-')) ? '*' : new Set(x.targets.filter((t) => /^\d{12}$/.test(t))),
      statements: x.statements,
    }));
  const scps = guardrails(scpPolicies);
  // A member: an account the SCPs are attached to; else one under an OU they are attached to; else one they are not.
  const scpAccounts = scpPolicies.targets.filter((t) => /^\d{12}$/.test(t) && t !== accounts.management && t !== accounts.logArchive);
  const underOu = scpPolicies.targets.some((t) => t.startsWith('ou-'));
  const member = scpAccounts[0] ?? MEMBER_UNDER_OU;
  if (scpAccounts.length === 0 && underOu)
    scps.push(
      ...scpPolicies.policies.filter((x) => x.targets.some((t) => t.startsWith('ou-'))).map((x) => ({ accounts: new Set([member]), statements: x.statements })),
    );

  const targets: Partial<Record<OrganizationTarget, TargetFacts>> = {};
  targets['archive-bucket'] = found(bucket, bucketArn, bucketPolicy);
  targets['archive-log-file'] = found(
    bucket,
    `${bucketArn}/${folder.prefix}${member}/CloudTrail/${region}/2026/01/01/${member}_CloudTrail_${region}_20260101T0000Z_a1b2c3d4.json.gz`,
    bucketPolicy,
  );
  targets['archive-account-folder'] = found(bucket, `${bucketArn}/AWSLogs/${accounts.management}/CloudTrail/x.json.gz`, bucketPolicy);
  const accessLog = accessLogTargets(la, bucket, accounts.logArchive, region);
  targets['archive-access-log-bucket'] = accessLog.bucket;
  targets['archive-access-log-file'] = accessLog.file;
  const key = bucketKey(la, bucket);
  targets['archive-key'] = typeof key === 'string' ? missing(key) : found(key, arnOf(la, key), policyFacts(la.keyPolicy(key)));
  const roles = { management: humanRolesOf(mg), logArchive: humanRolesOf(la) };
  const breakGlass = roles.logArchive.find((r) => r.kind === 'break-glass');
  targets['archive-break-glass-role'] = breakGlass
    ? found(breakGlass.resource, breakGlass.arn, { kind: 'none' })
    : missing('the log archive has no role tagged break-glass');
  const trailArn = arnOf(mg, trail);
  targets['organization-trail'] = found(trail, trailArn, { kind: 'none' });
  targets['trail-from-caller-account'] = targets['organization-trail'];
  const group = mg.trailTarget(trail, 'logGroup');
  targets['trail-log-group'] =
    group.kind === 'resource' ? found(group.resource, arnOf(mg, group.resource), { kind: 'none' }) : missing("the trail's log group is not in the file");
  const alarm = [...management.ofType('aws_cloudwatch_metric_alarm')].sort((a, b) => (a.address < b.address ? -1 : 1))[0];
  targets.alarm = alarm ? found(alarm, arnOf(mg, alarm), { kind: 'none' }) : missing('the management stack has no alarm');
  targets['organization-from-caller-account'] = found(trail, '*', { kind: 'none' });

  const policiesOf = (...t: OrganizationTarget[]) =>
    t.flatMap((x) => (targets[x]?.kind === 'found' ? [(targets[x] as { policy: ResourcePolicy }).policy] : []));
  const managementPolicies = [
    ...management.ofType('aws_kms_key').map((k) => policyFacts(mg.keyPolicy(k))),
    ...management.ofType('aws_sns_topic').map((t) => policyFacts(mg.policyIn(t, 'policy'))),
  ];
  return {
    partition,
    region,
    organizationId: folder.organizationId,
    accounts: { ...accounts, member },
    topologies: { management: mg, logArchive: la },
    targets: targets as Record<OrganizationTarget, TargetFacts>,
    roles,
    named: {
      logArchive: namedPrincipals(la, policiesOf('archive-bucket', 'archive-access-log-bucket', 'archive-key'), accounts.logArchive),
      management: namedPrincipals(mg, managementPolicies, accounts.management),
    },
    scps,
    rcps: guardrails(rcpPolicies),
    ...(scpPolicies.unknown || rcpPolicies.unknown
      ? {
          guardrailsUnknown: {
            ...(scpPolicies.unknown ? { scp: `${scpPolicies.unknown.resource.address}: ${scpPolicies.unknown.reason}` } : {}),
            ...(rcpPolicies.unknown ? { rcp: `${rcpPolicies.unknown.resource.address}: ${rcpPolicies.unknown.reason}` } : {}),
          },
        }
      : {}),
    sources: { management: management.source, logArchive: logArchive.source },
  };
}

/** The key the audit bucket encrypts objects with by default, or why it cannot be told. */
function bucketKey(topology: Topology, bucket: TfResource): TfResource | string {
  const config = topology.bucketConfig(bucket, 'encryption');
  if (config.kind !== 'one') return `the default encryption of ${bucket.address} ${config.kind === 'none' ? 'is not set' : 'cannot be read'}`;
  const rule = [config.source === bucket ? bucket.values.server_side_encryption_configuration : config.values.rule].flat()[0] as
    | Record<string, unknown>
    | undefined;
  const inner = (config.source === bucket ? [rule?.rule].flat()[0] : rule) as Record<string, unknown> | undefined;
  const byDefault = [inner?.apply_server_side_encryption_by_default].flat()[0] as Record<string, unknown> | undefined;
  const t = topology.resolver.target(config.source, 'kms_master_key_id', byDefault?.kms_master_key_id, ['aws_kms_key', 'aws_kms_alias']);
  if (t.kind !== 'resource') return `the key of ${bucket.address}'s default encryption is not a key of the file`;
  if (t.resource.type === 'aws_kms_key') return t.resource;
  const k = topology.resolver.target(t.resource, 'target_key_id', t.resource.values.target_key_id, ['aws_kms_key']);
  return k.kind === 'resource' ? k.resource : `the key behind ${t.resource.address} is not a key of the file`;
}

function computeMatrix(f: OrganizationFacts, stack: 'management' | 'log-archive'): AccessMatrix {
  const notes = new Set<string>();
  const { management: mg, logArchive: la } = f.topologies;
  const compiledAll = la.compile(ALLOW_EVERYTHING);
  const inOrganization = { 'aws:PrincipalOrgID': f.organizationId, 'aws:PrincipalIsAWSService': 'false' };
  const builders: Record<'management' | 'log-archive', Callers> = {
    management: callerBuilders(f.partition, f.accounts.management, compiledAll, inOrganization),
    'log-archive': callerBuilders(f.partition, f.accounts.logArchive, compiledAll, inOrganization),
  };
  const anywhere = callerBuilders(f.partition, f.accounts.member, compiledAll, inOrganization);
  const outsider = callerBuilders(f.partition, OTHER_ACCOUNT, compiledAll, { 'aws:PrincipalOrgID': OTHER_ORGANIZATION, 'aws:PrincipalIsAWSService': 'false' });
  const arnOf = (t: OrganizationTarget): string | undefined => {
    const x = f.targets[t];
    return x.kind === 'found' ? x.arn : undefined;
  };
  const service = (principal: string, context: Record<string, string | undefined>): Caller => ({
    request: { kind: 'service', principal },
    context: {
      'aws:SecureTransport': 'true',
      'aws:PrincipalIsAWSService': 'true',
      ...Object.fromEntries(Object.entries(context).filter((e): e is [string, string] => e[1] !== undefined)),
    },
  });
  const accountOf = { management: f.accounts.management, 'log-archive': f.accounts.logArchive, member: f.accounts.member, outside: OTHER_ACCOUNT };

  /** Each column, with the caller of the catalogue it stands for (`as`: a deployer's column stands for its account's deployer). */
  const columns: { column: MatrixColumn; caller: Caller; as: OrganizationCallerLabel }[] = [];
  for (const c of ORGANIZATION_CALLERS) {
    const spec = c.spec;
    const column = { id: c.label, label: c.label, spec };
    const as = c.label;
    switch (spec.kind) {
      case 'service':
        if (spec.service === 's3-logging')
          columns.push({
            column,
            as,
            caller: service('logging.s3.amazonaws.com', { 'aws:SourceArn': arnOf('archive-bucket'), 'aws:SourceAccount': f.accounts.logArchive }),
          });
        else if (spec.source === 'organization-trail')
          columns.push({
            column,
            as,
            caller: service('cloudtrail.amazonaws.com', {
              'aws:SourceArn': arnOf('organization-trail'),
              'aws:SourceAccount': f.accounts.management,
              'aws:SourceOrgID': f.organizationId,
            }),
          });
        else
          columns.push({
            column,
            as,
            caller: service('cloudtrail.amazonaws.com', {
              'aws:SourceArn': `arn:${f.partition}:cloudtrail:${f.region}:${f.accounts.member}:trail/another-trail`,
              'aws:SourceAccount': f.accounts.member,
              'aws:SourceOrgID': f.organizationId,
            }),
          });
        break;
      case 'admin':
        columns.push({ column, as, caller: (spec.account === 'outside' ? outsider : anywhere).adminOf(accountOf[spec.account]) });
        break;
      case 'named':
        for (const arn of f.named[spec.account === 'log-archive' ? 'logArchive' : 'management'])
          columns.push({
            column: { id: `named:${arn}`, label: `${c.label} ${arn.slice(arn.lastIndexOf('/') + 1)}`, spec, principal: arn },
            as,
            caller: builders[spec.account].namedCaller(arn),
          });
        break;
      case 'human': {
        const h = f.roles[spec.account === 'log-archive' ? 'logArchive' : 'management'].find((r) => r.kind === spec.role);
        if (h) columns.push({ column, as, caller: builders[spec.account].humanCaller(h) });
        break;
      }
      case 'anonymous':
        columns.push({ column, as, caller: { request: { kind: 'anonymous' }, context: { 'aws:SecureTransport': 'true' } } });
        break;
    }
  }

  /** The guardrail statements AWS applies to a caller's request on a resource of `resourceAccount`, or why they cannot be told. */
  const guardrailsFor = (caller: Caller, resourceAccount: string): readonly CompiledStatement[] | string => {
    const out: CompiledStatement[] = [];
    const applies = (g: Guardrail, account: string) => account !== f.accounts.management && (g.accounts === '*' || g.accounts.has(account));
    const principal = caller.request.kind === 'role-session' ? caller.account : undefined;
    if (principal !== undefined && principal !== f.accounts.management) {
      if (f.guardrailsUnknown?.scp) return f.guardrailsUnknown.scp;
      for (const g of f.scps) if (applies(g, principal)) out.push(...g.statements);
    }
    if (resourceAccount !== f.accounts.management) {
      if (f.guardrailsUnknown?.rcp) return f.guardrailsUnknown.rcp;
      for (const g of f.rcps) if (applies(g, resourceAccount)) out.push(...g.statements);
    }
    return out;
  };

  const contextValue = (v: OrganizationContextValue, caller: Caller): string | undefined => {
    if (typeof v === 'string') return v;
    if ('arn' in v) return arnOf(v.arn);
    switch (v.fact) {
      case 'via-s3':
        return `s3.${f.region}.${f.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
      case 'via-sns':
        return `sns.${f.region}.${f.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
      case 'caller-account':
        return caller.account ?? f.accounts.logArchive;
    }
  };

  const decideStep = (step: OrganizationStep, caller: Caller): Tri => {
    const target = f.targets[step.on];
    if (target.kind === 'missing') {
      notes.add(`${step.on}: ${target.reason}`);
      return 'maybe';
    }
    if (caller.unknown) {
      notes.add(caller.unknown);
      return 'maybe';
    }
    const inCallerAccount = step.on === 'trail-from-caller-account' || step.on === 'organization-from-caller-account';
    const resourceAccount = inCallerAccount
      ? (caller.account ?? f.accounts.management)
      : STACK_OF[step.on] === 'management'
        ? f.accounts.management
        : f.accounts.logArchive;
    const topology = STACK_OF[step.on] === 'management' ? mg : la;
    let resourcePolicy: readonly CompiledStatement[] | undefined;
    if (step.rewrite) resourcePolicy = topology.compile([rewritten(step, target.arn, f)]);
    else if (!inCallerAccount) {
      if (target.policy.kind === 'unknown') {
        notes.add(`${target.resource.address}: its policy cannot be read (${target.policy.reason})`);
        return 'maybe';
      }
      if (target.policy.kind === 'statements') resourcePolicy = target.policy.statements;
    }
    const guardrails = guardrailsFor(caller, resourceAccount);
    if (typeof guardrails === 'string') {
      notes.add(guardrails);
      return 'maybe';
    }
    const context: Record<string, string | readonly string[]> = { ...caller.context };
    for (const [k, v] of Object.entries(step.context ?? {})) {
      const value = contextValue(v, caller);
      if (value === undefined) return 'maybe';
      context[k] = value;
    }
    const request: ConcreteRequest = {
      tokenName: (t) => topology.resolver.tokenName(t),
      caller: caller.request,
      action: step.action,
      resource: inCallerAccount && step.on === 'organization-from-caller-account' ? '*' : target.arn,
      resourceAccount,
      ...(resourcePolicy ? { resourcePolicy } : {}),
      context,
      guardrails,
    };
    return decideRequest(request);
  };

  const ownRows = ORGANIZATION_ROWS.filter((r) => STACK_OF[(r.steps[0] as OrganizationStep).on] === stack);
  const rows: MatrixRow[] = ownRows.map((row: OrganizationRow) => {
    const cells: Record<string, Cell> = {};
    for (const { column, caller, as } of columns) {
      if (row.callers && !row.callers.includes(as)) continue;
      cells[column.id] = cellOf(allOf(row.steps.map((s) => decideStep(s, caller))));
    }
    return { row, cells };
  });

  // The roles of this stack, asked for by their trusted principals and by principals trusted nowhere, the guardrails applied.
  const own = stack === 'management' ? 'management' : 'logArchive';
  const account = stack === 'management' ? f.accounts.management : f.accounts.logArchive;
  const named = columns.flatMap(({ column, caller }) =>
    column.principal !== undefined && caller && parseArn(column.principal)?.account === account ? [{ principal: column.principal, caller }] : [],
  );
  const assume: AssumeCell[] = assumeCells(
    { topology: stack === 'management' ? mg : la, humanRoles: f.roles[own], account, partition: f.partition },
    named,
    builders[stack],
    notes,
    (caller) => {
      const g = guardrailsFor(caller, account);
      return typeof g === 'string' ? [] : g;
    },
  );

  const targets: Partial<Record<OrganizationTarget, string>> = {};
  for (const [t, x] of Object.entries(f.targets))
    if (x.kind === 'found' && STACK_OF[t as OrganizationTarget] === stack) targets[t as OrganizationTarget] = x.resource.address;
  return {
    kind: 'matrix',
    columns: columns.map((c) => c.column),
    rows,
    assume,
    targets,
    roles: Object.fromEntries(f.roles[own].map((h) => [h.name, h.resource.address])),
    notes: [...notes].sort(),
    organization: {
      id: f.organizationId,
      management: f.sources.management,
      logArchive: f.sources.logArchive,
      memberAccount: f.accounts.member,
    },
  };
}

/** The resource policy a rewrite could leave behind (see PolicyRewrite). */
function rewritten(step: OrganizationStep, arn: string, f: OrganizationFacts): Statement {
  const service = step.action.slice(0, step.action.indexOf(':'));
  const onKey = service === 'kms';
  // The bucket of an object, the log group itself.
  const container = service === 's3' ? (arn.split('/')[0] as string) : arn.replace(/:\*$/, '');
  const resources = onKey
    ? ['*']
    : service === 'logs'
      ? [container, `${container}:*`]
      : step.rewrite === 'outside-account'
        ? [`${container}/*`]
        : [container, `${container}/*`];
  const base = { notActions: [], resources, notResources: [], notPrincipals: [] };
  return step.rewrite === 'organization'
    ? {
        ...base,
        sid: 'Rewritten',
        effect: 'Allow',
        actions: [`${service}:*`],
        principals: [{ type: 'AWS', identifiers: ['*'] }],
        conditions: [{ test: 'StringEquals', variable: 'aws:PrincipalOrgID', values: [f.organizationId] }],
      }
    : {
        ...base,
        sid: 'Granted',
        effect: 'Allow',
        actions: [step.action],
        principals: [{ type: 'AWS', identifiers: [`arn:${f.partition}:iam::${OTHER_ACCOUNT}:root`] }],
        conditions: [],
      };
}
