/**
 * Who can assume the human roles of one file: the assume matrix of `auditready diff` and `report`, for an
 * environment and for each stack of an organization.
 */
import { parseArn } from '../arn';
import type { CompiledStatement } from '../iam/evaluate';
import { decideRequest } from '../iam/request';
import { allOf } from '../iam/tri';
import type { Baseline, HumanRoleFacts, ResourcePolicy } from './baseline';
import { ALLOW_EVERYTHING, type Caller, type Callers } from './callers';
import { ASSUME_ROWS, type AssumeVariant, COLUMN_OF_TYPE, OTHER_ACCOUNT, type TrustedType } from './catalogue';
import { type Cell, cellOf } from './cell';
import type { AssumeCell } from './matrix';

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

/** The file whose human roles are asked about. */
export type AssumeScope = Pick<Baseline, 'topology' | 'humanRoles' | 'account' | 'partition'>;

/**
 * Who can assume each human role of the file: every principal its trust policy names, in each variation
 * of the request, and principals trusted nowhere (the same principals in another account, the account's
 * administrator, the `named` principals of the file's account, an auditor session chaining). `guardrails`
 * gives the SCP and RCP statements that apply to a caller's request on a role of the file.
 */
export function assumeCells(
  b: AssumeScope,
  named: readonly { readonly principal: string; readonly caller: Caller }[],
  callers: Callers,
  notes: Set<string>,
  guardrails: (caller: Caller) => readonly CompiledStatement[] = () => [],
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
            guardrails: guardrails(caller),
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
  const deployers = named.filter((n) => parseArn(n.principal)?.account === b.account);

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
          const caller = d.caller;
          out.push({
            role: role.name,
            roleKind: role.kind,
            caller: 'deployer',
            principal: d.principal,
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
