/**
 * Who can do what to one environment's baseline: every question of the catalogue answered by the policy
 * evaluator (iam/request.ts) over the environment's Terraform. The callers with `*` in IAM (an account
 * administrator, the deployers) stand for the worst case: only resource policies and boundaries hold them.
 * A cell is `unknown` when a policy or ARN it needs cannot be read from the file.
 */
import { parseArn } from '../arn';
import { type ConcreteRequest, decideRequest } from '../iam/request';
import { allOf, type Tri } from '../iam/tri';
import type { Model } from '../model';
import { assumeCells } from './assume';
import { type Baseline, baselineOf, type HumanRoleFacts } from './baseline';
import { ALLOW_EVERYTHING, type Caller, callerBuilders } from './callers';
import {
  type AccessRow,
  type AccessStep,
  type AccessTarget,
  type AssumeCaller,
  type AssumeRow,
  type ContextValueSpec,
  OTHER_ACCOUNT,
  RESOURCE_CALLERS,
  RESOURCE_ROWS,
  type ResourceCallerSpec,
} from './catalogue';
import { type Cell, cellOf } from './cell';
import type { OrganizationCallerSpec, OrganizationRow, OrganizationTarget } from './organization-catalogue';

export type { Cell } from './cell';

/** One column of the resource matrix: a caller of the catalogue (a `named` caller once per principal). */
export interface MatrixColumn {
  /** Stable across environments and changes: the catalogue label, or `named:<arn>`. */
  readonly id: string;
  readonly label: string;
  readonly spec: ResourceCallerSpec | OrganizationCallerSpec;
  /** The principal's ARN, for `named` callers. */
  readonly principal?: string;
}

export interface MatrixRow {
  /** The question: an environment's, or an organization's (organization-catalogue.ts). */
  readonly row: AccessRow | OrganizationRow;
  /** Column id to decision; a caller the question does not apply to has none. */
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
      readonly targets: Readonly<Partial<Record<AccessTarget | OrganizationTarget, string>>>;
      /** The Terraform address of each human role, by role name. */
      readonly roles: Readonly<Record<string, string>>;
      /** Why some cells are unknown (a policy that cannot be read), one line each. */
      readonly notes: readonly string[];
      /** For a stack of an organization: the organization, both stacks the matrix is made from, and the member account asked about. */
      readonly organization?: { readonly id: string; readonly management: string; readonly logArchive: string; readonly memberAccount: string };
    }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** The access matrix of one environment, computed once per model and set of externals. */
export function accessMatrix(model: Model, externals: readonly string[] = []): AccessMatrix {
  return model.memo(`access-matrix|${externals.join('\u0000')}`, () => {
    const baseline = baselineOf(model, externals);
    if ('unavailable' in baseline) return { kind: 'unavailable', reason: baseline.unavailable };
    return computeMatrix(baseline);
  });
}

function computeMatrix(b: Baseline): AccessMatrix {
  const tokenName = (t: string) => b.topology.resolver.tokenName(t);
  const compiledAll = b.topology.compile(ALLOW_EVERYTHING);
  const notes = new Set<string>();
  const { roleSession, adminOf, namedCaller, humanCaller, userSession } = callerBuilders(b.partition, b.account, compiledAll);
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

  // A named principal the audit bucket's policy lets write a verify canary is a verifier.
  const writeCanary = RESOURCE_ROWS.find((r) => r.id === 'write-canary') as AccessRow;
  const verifiers = new Set(b.named.filter((arn) => allOf(writeCanary.steps.map((s) => decideStep(s, namedCaller(arn)))) === 'yes'));

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
        for (const arn of b.named)
          if ((spec.role === 'verifier') === verifiers.has(arn))
            columns.push({ column: { id: `named:${arn}`, label: arn, spec, principal: arn }, caller: namedCaller(arn) });
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
    if (verifiers.has(column.principal)) return { ...column, label: `verifier ${name}` };
    const deployer = putKeyPolicy?.cells[column.id] === 'allow' && arn?.account === b.account && arn.resource.startsWith('role/');
    return { ...column, label: deployer ? `deployer ${name}` : `named ${name}` };
  });

  // The assume matrix asks as the deployers and other named principals; verifiers are left out: the account
  // administrator's column, with the same `*`, already asks as a principal of the account the roles do not trust.
  const named = columns.flatMap(({ column, caller }) =>
    column.principal !== undefined && caller && !verifiers.has(column.principal) ? [{ principal: column.principal, caller }] : [],
  );
  const assume = assumeCells(b, named, { roleSession, humanCaller, adminOf, namedCaller, userSession }, notes);
  const targets: Partial<Record<AccessTarget, string>> = {};
  for (const [t, f] of Object.entries(b.targets)) if (f.kind === 'found') targets[t as AccessTarget] = f.resource.address;
  const roles = Object.fromEntries(b.humanRoles.map((h) => [h.name, h.resource.address]));
  return { kind: 'matrix', columns: labelled, rows, assume, targets, roles, notes: [...notes].sort() };
}
