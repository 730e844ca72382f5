/**
 * The organization policies (SCPs and RCPs) a management account's file manages, as the organization
 * rules read them: each policy of one type, whether it is attached and where, and its statements
 * compiled for the evaluator. Anything that cannot be read (a type, a content or an attachment from a
 * variable) is reported, never assumed: the rules fail closed on it.
 */
import type { CompiledStatement } from './iam/evaluate';
import { strAttr, type TfResource } from './model';
import type { Topology } from './topology';

export type OrganizationPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

export interface OrganizationPolicies {
  /** Policies of the type that are attached to at least one target. */
  readonly attached: readonly TfResource[];
  /** Policies of the type attached nowhere (they restrict nothing). */
  readonly unattached: readonly TfResource[];
  /** The targets (root, OU and account ids) the attached policies are attached to, as written. */
  readonly targets: readonly string[];
  /** The statements of every attached policy: AWS applies each policy at its level, and a Deny in any of them denies. */
  readonly statements: readonly CompiledStatement[];
  /** Each attached policy with its own targets and statements (the access matrix applies each where it is attached). */
  readonly policies: readonly { readonly resource: TfResource; readonly targets: readonly string[]; readonly statements: readonly CompiledStatement[] }[];
  /** Why the policies cannot be told (an unresolvable type, content or attachment); undefined when they can. */
  readonly unknown?: { readonly resource: TfResource; readonly reason: string };
}

/** The organization policies of one type in the file, and what they say. */
export function organizationPolicies(topology: Topology, type: OrganizationPolicyType): OrganizationPolicies {
  return topology.memo(`organization-policies|${type}`, () => read(topology, type));
}

function read(topology: Topology, type: OrganizationPolicyType): OrganizationPolicies {
  const attached: TfResource[] = [];
  const unattached: TfResource[] = [];
  const targets: string[] = [];
  const statements: CompiledStatement[] = [];
  const policies: { resource: TfResource; targets: string[]; statements: readonly CompiledStatement[] }[] = [];
  let unknown: OrganizationPolicies['unknown'];
  const note = (resource: TfResource, reason: string) => {
    unknown ??= { resource, reason };
  };
  for (const policy of topology.model.ofType('aws_organizations_policy')) {
    const declared = strAttr(policy.values.type);
    // The provider's default type is SERVICE_CONTROL_POLICY.
    const policyType = declared.known ? (declared.value ?? 'SERVICE_CONTROL_POLICY') : undefined;
    if (policyType === undefined) {
      note(policy, `the type of ${policy.address} cannot be resolved`);
      continue;
    }
    if (policyType !== type) continue;
    if (policy.existence) note(policy, `${policy.address} may not exist (${policy.existence.expression})`);
    const referrers = topology.resolver.referrers(policy, 'aws_organizations_policy_attachment', 'policy_id');
    if (referrers.uncertain) note(referrers.uncertain.resource, referrers.uncertain.reason);
    const attachments = referrers.resources.filter((a) => !a.existence);
    if (attachments.length === 0) {
      unattached.push(policy);
      continue;
    }
    attached.push(policy);
    const own: string[] = [];
    for (const a of attachments) {
      const target = strAttr(a.values.target_id);
      if (target.known && target.value !== undefined) own.push(target.value);
      else note(a, `the target of ${a.address} cannot be resolved`);
    }
    targets.push(...own);
    const content = topology.policyIn(policy, 'content');
    policies.push({ resource: policy, targets: own, statements: content.kind === 'document' ? content.statements : [] });
    if (content.kind === 'document') statements.push(...content.statements);
    else if (content.kind === 'unknown') note(policy, content.reason);
    else if (content.kind === 'duplicate') note(policy, `${content.addresses.length} documents set its content`);
  }
  return { attached, unattached, targets, statements, policies, ...(unknown ? { unknown } : {}) };
}
