/**
 * The settings of the organization policies (SCPs and RCPs) a management account's file manages, per
 * policy: where it is attached, and for each Deny statement what it denies and to whom it does not apply.
 * An exception widened (a principal added to an `ArnNotEquals aws:PrincipalArn` list), a condition added,
 * an action or resource dropped or an attachment removed each weaken; the reverse strengthen.
 */
import { strAttr, type TfResource } from '../model';
import type { Condition, Statement } from '../policy-document';
import type { Topology } from '../topology';
import { type Setting, UNRESOLVED_TEXT } from './setting';
import { actionsText, resourcesText } from './statement-text';

const KIND: Readonly<Record<string, { readonly label: string; readonly rules: readonly string[] }>> = {
  SERVICE_CONTROL_POLICY: { label: 'SCP', rules: ['org-scp-protects-trail'] },
  RESOURCE_CONTROL_POLICY: { label: 'RCP', rules: ['org-rcp-protects-log-archive'] },
};
const UNKNOWN_KIND = { label: 'organization policy of unknown type', rules: ['org-scp-protects-trail', 'org-rcp-protects-log-archive'] };

/** A negated operator (`ArnNotEquals`, `StringNotLikeIfExists`, ...): each of its values is someone or something the statement leaves out. */
const NEGATED = /^(ForAnyValue:|ForAllValues:)?(String|Arn)Not/i;

/** Every SCP and RCP of the file, with its attachments and Deny statements, as settings. */
export function organizationPolicySettings(topology: Topology, text: (v: string) => string): Setting[] {
  const { model, resolver } = topology;
  const out: Setting[] = [];
  for (const policy of [...model.ofType('aws_organizations_policy')].sort((a, b) => (a.address < b.address ? -1 : 1))) {
    const declared = strAttr(policy.values.type);
    // The provider's default type is SERVICE_CONTROL_POLICY.
    const kind = declared.known ? KIND[declared.value ?? 'SERVICE_CONTROL_POLICY'] : UNKNOWN_KIND;
    // Tag, backup and AI opt-out policies grant or deny nothing.
    if (!kind) continue;
    const name = typeof policy.values.name === 'string' ? text(resolver.materialize(policy.values.name) ?? policy.values.name) : policy.address;
    const group = `${kind.label} ${name}`;
    const set = (id: string, g: string, label: string, value: readonly string[] | null, strength: Setting['strength'], phrases: Setting['phrases']) =>
      out.push({
        key: `${group}/${id}`,
        group: g,
        label,
        value,
        text: value === null ? UNRESOLVED_TEXT : value.length === 0 ? 'none' : value.join('; '),
        strength,
        resource: policy.address,
        rules: kind.rules,
        ...(phrases ? { phrases } : {}),
      });
    set('attached', group, 'attached to', attachments(topology, policy), 'members-protect', {
      added: 'is now attached to',
      removed: 'is no longer attached to',
    });
    const content = topology.policyIn(policy, 'content');
    if (content.kind !== 'document') {
      set('statements', group, 'statements', content.kind === 'absent' ? [] : null, 'members-protect', undefined);
      continue;
    }
    content.statements.forEach((compiled, i) => {
      const s = compiled.written;
      if (s.effect !== 'Deny') return;
      const label = s.sid ? `statement ${s.sid}` : `statement ${i + 1}`;
      const g = `${group}, ${label}`;
      set(`deny ${s.sid ?? i}/denies`, g, 'denies', denies(s, text), 'members-protect', { added: 'now denies', removed: 'no longer denies' });
      set(`deny ${s.sid ?? i}/except`, g, 'does not apply to (exceptions and conditions)', exceptions(s.conditions, text), 'members-grant', {
        added: 'now leaves out',
        removed: 'no longer leaves out',
      });
    });
  }
  return out;
}

/** The targets (root, OU or account ids) a policy is attached to; null when one cannot be resolved. */
function attachments(topology: Topology, policy: TfResource): string[] | null {
  const referrers = topology.resolver.referrers(policy, 'aws_organizations_policy_attachment', 'policy_id');
  if (referrers.uncertain) return null;
  const out: string[] = [];
  for (const a of referrers.resources) {
    const target = strAttr(a.values.target_id);
    if (a.existence || !target.known || target.value === undefined) return null;
    out.push(target.value);
  }
  return out.sort();
}

/** One line per action (or NotAction), on the statement's resources. */
function denies(s: Statement, text: (v: string) => string): string[] {
  const on = resourcesText(s, text);
  const to = s.principals.length > 0 ? ` to ${s.principals.flatMap((p) => p.identifiers.map((id) => (p.type === '*' ? '*' : text(id)))).join(', ')}` : '';
  return actionsText(s)
    .map((a) => `${text(a)} ${on}${to}`)
    .sort();
}

/**
 * What keeps the statement from applying: each value of a negated condition (one principal more is one
 * exception more), and each other condition whole (the Deny applies only to requests matching it, so a
 * condition added narrows it).
 */
function exceptions(conditions: readonly Condition[], text: (v: string) => string): string[] {
  const out = new Set<string>();
  for (const c of conditions) {
    // A pattern (`*`, `?` under a Like operator) leaves out every value it matches; a literal only itself, whichever operator names it.
    if (NEGATED.test(c.test)) for (const v of c.values) out.add(`${c.variable} ${/Like/i.test(c.test) && /[*?]/.test(v) ? 'matching ' : ''}${text(v)}`);
    else out.add(`requests not matching ${c.test} ${c.variable} ${c.values.map(text).join('|')}`);
  }
  return [...out].sort();
}
