/**
 * Who can do what to one environment's baseline: every question of the catalogue answered by the policy
 * evaluator (iam/request.ts) over the environment's Terraform. The callers with `*` in IAM (an account
 * administrator, the deployers) stand for the worst case: only resource policies and boundaries hold them.
 * A cell is `unknown` when a policy or ARN it needs cannot be read from the file.
 */
import { parseArn } from '../arn';
import type { CompiledStatement } from '../iam/evaluate';
import { type ConcreteRequest, decideRequest, type RequestCaller } from '../iam/request';
import { allOf, type Tri } from '../iam/tri';
import type { Model } from '../model';
import type { Statement } from '../policy-document';
import { type Baseline, baselineOf, type HumanRoleFacts, type ResourcePolicy } from './baseline';
import {
  type AccessRow,
  type AccessStep,
  type AccessTarget,
  ASSUME_ROWS,
  type AssumeCaller,
  type AssumeRow,
  type AssumeVariant,
  COLUMN_OF_TYPE,
  type ContextValueSpec,
  OTHER_ACCOUNT,
  RESOURCE_CALLERS,
  RESOURCE_ROWS,
  type ResourceCallerSpec,
  type TrustedType,
} from './catalogue';

export type Cell = 'allow' | 'deny' | 'unknown';

/** One column of the resource matrix: a caller of the catalogue (a `named` caller once per principal). */
export interface MatrixColumn {
  /** Stable across environments and changes: the catalogue label, or `named:<arn>`. */
  readonly id: string;
  readonly label: string;
  readonly spec: ResourceCallerSpec;
  /** The principal's ARN, for `named` callers. */
  readonly principal?: string;
}

export interface MatrixRow {
  readonly row: AccessRow;
  /** Column id to decision. */
  readonly cells: Readonly<Record<string, Cell>>;
}

/** One cell of the assume matrix: a principal asking to assume a human role, in one variation. */
export interface AssumeCell {
  readonly role: string;
  readonly roleKind: HumanRoleFacts['kind'];
  readonly caller: AssumeCaller;
  /** The principal that asks (an ARN, or the caller's label). */
  readonly principal: string;
  readonly row: AssumeRow;
  readonly cell: Cell;
}

export type AccessMatrix =
  | {
      readonly kind: 'matrix';
      readonly columns: readonly MatrixColumn[];
      readonly rows: readonly MatrixRow[];
      readonly assume: readonly AssumeCell[];
      /** The Terraform address of each target found (the bucket of the log file, ...). */
      readonly targets: Readonly<Partial<Record<AccessTarget, string>>>;
      /** The Terraform address of each human role, by role name. */
      readonly roles: Readonly<Record<string, string>>;
      /** Why some cells are unknown (a policy that cannot be read), one line each. */
      readonly notes: readonly string[];
    }
  | { readonly kind: 'unavailable'; readonly reason: string };

const ALLOW_EVERYTHING: readonly Statement[] = [
  { effect: 'Allow', actions: ['*'], notActions: [], resources: ['*'], notResources: [], principals: [], notPrincipals: [], conditions: [] },
];

const cellOf = (t: Tri): Cell => (t === 'yes' ? 'allow' : t === 'no' ? 'deny' : 'unknown');

/** A caller as the evaluator sees it, with the context keys AWS sets on each of its requests. */
interface Caller {
  readonly request: RequestCaller;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  readonly account?: string;
  /** Why its permissions cannot be read. */
  readonly unknown?: string;
}

/** The access matrix of one environment, computed once per model. */
export function accessMatrix(model: Model): AccessMatrix {
  return model.memo('access-matrix', () => {
    const baseline = baselineOf(model);
    if ('unavailable' in baseline) return { kind: 'unavailable', reason: baseline.unavailable };
    return computeMatrix(baseline);
  });
}

function computeMatrix(b: Baseline): AccessMatrix {
  const tokenName = (t: string) => b.topology.resolver.tokenName(t);
  const compiledAll = b.topology.compile(ALLOW_EVERYTHING);
  const notes = new Set<string>();
  const roleSession = (
    roleArn: string,
    account: string,
    session: string,
    identity: readonly CompiledStatement[],
    extra = {},
    boundary?: readonly CompiledStatement[],
  ): Caller => {
    const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    return {
      request: {
        kind: 'role-session',
        roleArn,
        sessionArn: `arn:${b.partition}:sts::${account}:assumed-role/${name}/${session}`,
        account,
        identity,
        ...(boundary ? { boundary } : {}),
      },
      account,
      context: {
        'aws:PrincipalArn': roleArn,
        'aws:PrincipalAccount': account,
        'aws:PrincipalType': 'AssumedRole',
        'aws:userid': `AROAEXAMPLEROLEID:${session}`,
        'aws:SecureTransport': 'true',
        ...extra,
      },
    };
  };
  const adminOf = (account: string): Caller => roleSession(`arn:${b.partition}:iam::${account}:role/Administrator`, account, 'admin', compiledAll);
  const userSession = (arn: string, account: string, extra: Record<string, string> = {}): Caller => ({
    request: { kind: 'role-session', roleArn: arn, sessionArn: arn, account, identity: compiledAll },
    account,
    context: {
      'aws:PrincipalArn': arn,
      'aws:PrincipalAccount': account,
      'aws:PrincipalType': 'User',
      'aws:username': arn.slice(arn.lastIndexOf('/') + 1),
      'aws:userid': 'AIDAEXAMPLEUSERID',
      'aws:SecureTransport': 'true',
      ...extra,
    },
  });
  const namedCaller = (arn: string): Caller => {
    const parsed = parseArn(arn);
    const account = parsed?.account ?? b.account;
    if (parsed?.resource === 'root') return adminOf(account);
    if (parsed?.resource.startsWith('user/')) return userSession(arn, account);
    return roleSession(arn, account, 'pipeline', compiledAll);
  };
  const humanCaller = (h: HumanRoleFacts, extra = {}): Caller =>
    'unknown' in h.permissions
      ? { ...roleSession(h.arn, b.account, 'alice', []), unknown: `${h.resource.address}: ${h.permissions.unknown}` }
      : roleSession(h.arn, b.account, 'alice', h.permissions.identity, { 'aws:SourceIdentity': 'alice', ...extra }, h.permissions.boundary);
  const serviceCaller = (principal: string, sourceArn: string | undefined): Caller => ({
    request: { kind: 'service', principal },
    context: { 'aws:SecureTransport': 'true', 'aws:SourceAccount': b.account, ...(sourceArn !== undefined ? { 'aws:SourceArn': sourceArn } : {}) },
  });
  const arnOfTarget = (t: keyof Baseline['targets']): string | undefined => {
    const f = b.targets[t];
    return f.kind === 'found' ? f.arn : undefined;
  };
  const servicePrincipal = (service: string): string =>
    service === 'logs' ? `logs.${b.region}.${b.dnsSuffix}` : service === 's3-logging' ? 'logging.s3.amazonaws.com' : `${service}.amazonaws.com`;

  // The columns.
  const columns: { column: MatrixColumn; caller: Caller | undefined }[] = [];
  for (const c of RESOURCE_CALLERS) {
    const spec = c.spec;
    switch (spec.kind) {
      case 'service': {
        const trail = arnOfTarget('trail') as string;
        const source = spec.sourceArn === 'another-trail' ? trail.replace(/trail\/[^/]*$/, 'trail/another-trail') : arnOfTarget(spec.sourceArn);
        columns.push({ column: { id: c.label, label: c.label, spec }, caller: serviceCaller(servicePrincipal(spec.service), source) });
        break;
      }
      case 'admin':
        columns.push({ column: { id: c.label, label: c.label, spec }, caller: adminOf(spec.account === 'this' ? b.account : OTHER_ACCOUNT) });
        break;
      case 'named':
        for (const arn of b.named) columns.push({ column: { id: `named:${arn}`, label: arn, spec, principal: arn }, caller: namedCaller(arn) });
        break;
      case 'human': {
        const h = b.humanRoles.find((r) => r.kind === spec.role);
        if (h) columns.push({ column: { id: c.label, label: c.label, spec }, caller: humanCaller(h) });
        break;
      }
      case 'anonymous':
        columns.push({ column: { id: c.label, label: c.label, spec }, caller: { request: { kind: 'anonymous' }, context: { 'aws:SecureTransport': 'true' } } });
        break;
    }
  }

  const contextValue = (v: ContextValueSpec, caller: Caller): string | undefined => {
    if (typeof v === 'string') return v;
    if ('arn' in v) return arnOfTarget(v.arn);
    switch (v.fact) {
      case 'via-s3':
        return `s3.${b.region}.${b.dnsSuffix}`;
      case 'via-sns':
        return `sns.${b.region}.${b.dnsSuffix}`;
      case 'caller-account':
        return caller.account ?? b.account;
    }
  };
  const decideStep = (step: AccessStep, caller: Caller): Tri => {
    const target = b.targets[step.on];
    if (target.kind === 'missing') {
      notes.add(`${step.on}: ${target.reason}`);
      return 'maybe';
    }
    if (target.policy.kind === 'unknown') {
      notes.add(`${target.resource.address}: its policy cannot be read (${target.policy.reason})`);
      return 'maybe';
    }
    if (caller.unknown) {
      notes.add(caller.unknown);
      return 'maybe';
    }
    const context: Record<string, string | readonly string[]> = { ...caller.context };
    for (const [k, v] of Object.entries(step.context ?? {})) {
      const value = contextValue(v, caller);
      if (value === undefined) return 'maybe';
      context[k] = value;
    }
    const request: ConcreteRequest = {
      tokenName,
      caller: caller.request,
      action: step.action,
      resource: target.arn,
      resourceAccount: b.account,
      ...(target.policy.kind === 'statements' ? { resourcePolicy: target.policy.statements } : {}),
      context,
    };
    return decideRequest(request);
  };

  const rows: MatrixRow[] = RESOURCE_ROWS.map((row) => {
    const cells: Record<string, Cell> = {};
    for (const { column, caller } of columns) cells[column.id] = caller ? cellOf(allOf(row.steps.map((s) => decideStep(s, caller)))) : 'unknown';
    return { row, cells };
  });

  // A named principal the key policy lets administer the key is a deployer.
  const putKeyPolicy = rows.find((r) => r.row.id === 'put-key-policy');
  const labelled = columns.map(({ column }) => {
    if (!column.principal) return column;
    const arn = parseArn(column.principal);
    const name = arn?.resource === 'root' ? `account ${arn.account}` : (arn?.resource.slice(arn.resource.lastIndexOf('/') + 1) ?? column.principal);
    const deployer = putKeyPolicy?.cells[column.id] === 'allow' && arn?.account === b.account && arn.resource.startsWith('role/');
    return { ...column, label: deployer ? `deployer ${name}` : `named ${name}` };
  });

  const assume = assumeCells(b, columns, { humanCaller, adminOf, namedCaller, userSession }, notes);
  const targets: Partial<Record<AccessTarget, string>> = {};
  for (const [t, f] of Object.entries(b.targets)) if (f.kind === 'found') targets[t as AccessTarget] = f.resource.address;
  const roles = Object.fromEntries(b.humanRoles.map((h) => [h.name, h.resource.address]));
  return { kind: 'matrix', columns: labelled, rows, assume, targets, roles, notes: [...notes].sort() };
}

/** Trusted principals of a trust policy: AWS and Federated principals of its Allow statements, typed by their ARN. */
function trustedPrincipals(trust: ResourcePolicy): { arn: string; type: TrustedType; statement: CompiledStatement }[] {
  if (trust.kind !== 'statements') return [];
  const out: { arn: string; type: TrustedType; statement: CompiledStatement }[] = [];
  for (const s of trust.statements) {
    if (s.effect !== 'Allow') continue;
    for (const p of s.principals ?? []) {
      if (p.type !== 'AWS' && p.type !== 'Federated') continue;
      for (const id of p.ids) {
        const type = id !== undefined ? typeOf(id) : undefined;
        if (id !== undefined && type && !out.some((o) => o.arn === id)) out.push({ arn: id, type, statement: s });
      }
    }
  }
  return out;
}

function typeOf(arn: string): TrustedType | undefined {
  const resource = parseArn(arn)?.resource ?? '';
  if (resource.startsWith('user/')) return 'iam-user';
  if (resource.startsWith('role/aws-reserved/sso.amazonaws.com/')) return 'sso-role';
  if (resource.startsWith('role/')) return 'mfa-role';
  if (resource.startsWith('saml-provider/')) return 'saml-provider';
  if (resource.startsWith('oidc-provider/')) return 'oidc-provider';
  return undefined;
}

/** The session tag the trust policies require (`aws:RequestTag/<key>`), and a value of its first allowed pattern. */
function ticketOf(roles: readonly HumanRoleFacts[]): { key: string; value: string } {
  for (const h of roles) {
    if (h.trust.kind !== 'statements') continue;
    for (const s of h.trust.statements) {
      for (const c of s.written.conditions) {
        const m = /^aws:RequestTag\/(.+)$/i.exec(c.variable);
        if (m && c.values[0] !== undefined) return { key: m[1] as string, value: c.values[0].replace(/\*/g, '1234').replace(/\?/g, 'X') };
      }
    }
  }
  return { key: 'ticket', value: 'CHG-1234' };
}

const SIGN_IN: Readonly<Record<string, string>> = {
  aws: 'signin.aws.amazon.com',
  'aws-cn': 'signin.amazonaws.cn',
  'aws-us-gov': 'signin.amazonaws-us-gov.com',
};

/** How the matrix builds each kind of caller (computeMatrix's, shared with the assume matrix). */
interface Callers {
  humanCaller(h: HumanRoleFacts, extra?: Record<string, string>): Caller;
  adminOf(account: string): Caller;
  namedCaller(arn: string): Caller;
  userSession(arn: string, account: string, extra?: Record<string, string>): Caller;
}

function assumeCells(
  b: Baseline,
  columns: readonly { column: MatrixColumn; caller: Caller | undefined }[],
  callers: Callers,
  notes: Set<string>,
): AssumeCell[] {
  const { humanCaller, adminOf, namedCaller, userSession } = callers;
  const tokenName = (t: string) => b.topology.resolver.tokenName(t);
  const ticket = ticketOf(b.humanRoles);
  const mfa = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '120' };
  const compiledAll = b.topology.compile(ALLOW_EVERYTHING);
  const out: AssumeCell[] = [];

  /** All of the request's actions (the primary one, sts:TagSession with tags, sts:SetSourceIdentity with a source identity) must be allowed. */
  const decideAssume = (role: HumanRoleFacts, caller: Caller, actions: readonly string[], context: Record<string, string | readonly string[]>): Cell => {
    if (role.trust.kind === 'unknown') {
      notes.add(`${role.resource.address}: its trust policy cannot be read (${role.trust.reason})`);
      return 'unknown';
    }
    if (caller.unknown) {
      notes.add(caller.unknown);
      return 'unknown';
    }
    const resourcePolicy = role.trust.kind === 'statements' ? role.trust.statements : undefined;
    return cellOf(
      allOf(
        actions.map((action) =>
          decideRequest({
            tokenName,
            caller: caller.request,
            action,
            resource: role.arn,
            resourceAccount: b.account,
            ...(resourcePolicy ? { resourcePolicy } : {}),
            context: { ...caller.context, ...context },
          }),
        ),
      ),
    );
  };

  /** The request a principal of this type makes, as its sessions can: MFA only where the session carries it. */
  const request = (arn: string, type: TrustedType, statement: CompiledStatement, v: AssumeVariant) => {
    const account = parseArn(arn)?.account ?? b.account;
    const value = v.ticket === undefined ? ticket.value : v.ticket;
    const tagKeys = [...(value === null ? [] : [ticket.key]), ...(v.extraTagKey ? [v.extraTagKey] : [])];
    const tags: Record<string, string | readonly string[]> = {
      ...(value === null ? {} : { [`aws:RequestTag/${ticket.key}`]: value }),
      ...(v.extraTagKey ? { [`aws:RequestTag/${v.extraTagKey}`]: 'x' } : {}),
      ...(tagKeys.length > 0 ? { 'aws:TagKeys': tagKeys } : {}),
    };
    const sessionMfa: Record<string, string> = v.noMfa
      ? {}
      : { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': String(v.mfaAgeSeconds ?? 120) };
    const userName = arn.slice(arn.lastIndexOf('/') + 1);
    const name = type === 'iam-user' ? userName : type === 'sso-role' ? 'alice@example.com' : 'alice';
    const sourceIdentity = v.sourceIdentity === undefined ? name : v.sourceIdentity;
    const context = { ...tags, ...(sourceIdentity === null ? {} : { 'sts:SourceIdentity': sourceIdentity }) };
    const follow = ['sts:TagSession', ...(sourceIdentity === null ? [] : ['sts:SetSourceIdentity'])];
    switch (type) {
      case 'iam-user':
        return {
          caller: userSession(arn, account, sessionMfa),
          actions: ['sts:AssumeRole', ...follow],
          context,
        };
      case 'mfa-role':
      case 'sso-role': {
        const session = namedCaller(arn);
        // Identity Center sessions carry no MFA context keys at all.
        return {
          caller: { ...session, context: { ...session.context, ...(type === 'mfa-role' ? sessionMfa : {}) } },
          actions: ['sts:AssumeRole', ...follow],
          context: { ...context },
        };
      }
      case 'saml-provider':
        return {
          caller: { request: { kind: 'federated', provider: arn }, context: { 'aws:SecureTransport': 'true' } } satisfies Caller,
          actions: ['sts:AssumeRoleWithSAML', ...follow],
          context: { ...context, 'SAML:aud': `https://${SIGN_IN[b.partition] ?? SIGN_IN.aws}/saml` },
        };
      case 'oidc-provider': {
        const issuer = arn.slice(arn.indexOf(':oidc-provider/') + ':oidc-provider/'.length);
        const audience = statement.conditions.find((c) => c.key === `${issuer.toLowerCase()}:aud`)?.values[0];
        return {
          caller: { request: { kind: 'federated', provider: arn }, context: { 'aws:SecureTransport': 'true' } } satisfies Caller,
          actions: ['sts:AssumeRoleWithWebIdentity', ...follow],
          context: { ...context, ...(audience !== undefined ? { [`${issuer}:aud`]: audience } : {}) },
        };
      }
    }
  };

  const untrustedContext = { [`aws:RequestTag/${ticket.key}`]: ticket.value, 'aws:TagKeys': [ticket.key], 'sts:SourceIdentity': 'admin' };
  const untrustedActions = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];
  const auditor = b.humanRoles.find((h) => h.kind === 'auditor');
  const deployers = columns.filter((c) => c.column.principal !== undefined && parseArn(c.column.principal)?.account === b.account);

  for (const role of b.humanRoles) {
    const trusted = trustedPrincipals(role.trust);
    for (const row of ASSUME_ROWS) {
      for (const t of trusted) {
        const caller = COLUMN_OF_TYPE[t.type];
        if (!row.callers.includes(caller)) continue;
        const r = request(t.arn, t.type, t.statement, row.variant);
        out.push({ role: role.name, roleKind: role.kind, caller, principal: t.arn, row, cell: decideAssume(role, r.caller, r.actions, r.context) });
      }
      if (row.callers.includes('same principal, another account')) {
        for (const t of trusted) {
          const arn = t.arn.replace(/^(arn:[^:]+:[^:]+:[^:]*:)\d{12}:/, `$1${OTHER_ACCOUNT}:`);
          const r = request(arn, t.type, t.statement, row.variant);
          out.push({
            role: role.name,
            roleKind: role.kind,
            caller: 'same principal, another account',
            principal: arn,
            row,
            cell: decideAssume(role, r.caller, r.actions, r.context),
          });
        }
      }
      if (row.callers.includes('account admin (*)')) {
        const admin = adminOf(b.account);
        out.push({
          role: role.name,
          roleKind: role.kind,
          caller: 'account admin (*)',
          principal: 'account admin (*)',
          row,
          cell: decideAssume(role, { ...admin, context: { ...admin.context, ...mfa } }, untrustedActions, untrustedContext),
        });
      }
      if (row.callers.includes('deployer')) {
        for (const d of deployers) {
          const caller = d.caller as Caller;
          out.push({
            role: role.name,
            roleKind: role.kind,
            caller: 'deployer',
            principal: d.column.principal as string,
            row,
            cell: decideAssume(role, { ...caller, context: { ...caller.context, ...mfa } }, untrustedActions, untrustedContext),
          });
        }
      }
      if (row.callers.includes('auditor session') && auditor && !('unknown' in auditor.permissions)) {
        // Role chaining out of a human role, with everything in IAM beside its own policy: the boundary decides.
        const session = humanCaller({ ...auditor, permissions: { ...auditor.permissions, identity: [...auditor.permissions.identity, ...compiledAll] } }, mfa);
        out.push({
          role: role.name,
          roleKind: role.kind,
          caller: 'auditor session',
          principal: auditor.arn,
          row,
          cell: decideAssume(role, session, untrustedActions, { ...untrustedContext, 'sts:SourceIdentity': 'alice' }),
        });
      }
    }
  }
  return out;
}
