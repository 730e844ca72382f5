import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { Construct } from 'constructs';
import { minifiedPolicyJson, type PolicyStatement, policyDocument } from './policy-document';

/** The two authorization policy types of AWS Organizations. */
export type OrganizationPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** AWS Organizations refuses an SCP or RCP document longer than this ("Quotas for AWS Organizations"). */
export const MAX_ORGANIZATION_POLICY_CHARACTERS = 5120;

/**
 * Services whose resources RCPs govern ("Resource control policies", list of supported services): an
 * RCP statement about any other service would silently do nothing.
 */
export const RCP_SERVICES = ['kms', 's3', 'secretsmanager', 'sqs', 'sts'] as const;

/** Targets a policy can be attached to: the root, an OU, or an account. */
const TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

export interface OrganizationPolicyProps {
  /** Policy name. */
  readonly name: string;
  /** What the policy is for. */
  readonly description: string;
  /** SCP (limits principals of the accounts it applies to) or RCP (limits access to their resources). */
  readonly type: OrganizationPolicyType;
  /** Deny statements; an RCP's name principal "*", an SCP's none. */
  readonly statements: readonly PolicyStatement[];
  /** Root, OU and account ids the policy is attached to; at least one, each once. */
  readonly targetIds: readonly string[];
}

/**
 * A deny-only SCP or RCP and its attachments. The document is a `data.aws_iam_policy_document`
 * (statements readable in the synthesized JSON) whose `minified_json` becomes the content, checked here
 * against the size AWS accepts. Each attachment is addressed by its target id, so adding or removing a
 * target changes only that target's attachment. The policy itself keeps `prevent_destroy`: removing a
 * guardrail takes an explicit change.
 */
export class OrganizationPolicy extends Construct {
  readonly policy: OrganizationsPolicy;
  readonly attachments: readonly OrganizationsPolicyAttachment[];
  /** The content as AWS receives it. */
  readonly content: string;

  constructor(scope: Construct, id: string, props: OrganizationPolicyProps) {
    super(scope, id);
    const problems = statementProblems(props.type, props.statements);
    if (props.targetIds.length === 0) problems.push('targetIds must name at least one root, OU or account');
    props.targetIds.forEach((target, i) => {
      if (!TARGET_ID.test(target)) problems.push(`targetIds[${i}] "${target}" is not a root (r-...), OU (ou-...-...) or 12-digit account id`);
      if (props.targetIds.indexOf(target) < i) problems.push(`targetIds[${i}] "${target}" is listed twice: a policy is attached to a target once`);
    });
    this.content = minifiedPolicyJson(props.statements);
    if (this.content.length > MAX_ORGANIZATION_POLICY_CHARACTERS) {
      problems.push(`the policy is ${this.content.length} characters; AWS Organizations accepts at most ${MAX_ORGANIZATION_POLICY_CHARACTERS}`);
    }
    if (problems.length > 0) throw new Error(`OrganizationPolicy ${id}: ${problems.join('; ')}`);

    const document = policyDocument(this, 'document', props.statements);
    this.policy = new OrganizationsPolicy(this, 'policy', {
      name: props.name,
      description: props.description,
      type: props.type,
      content: document.minifiedJson,
      lifecycle: { preventDestroy: true },
    });
    this.attachments = props.targetIds.map(
      (targetId) => new OrganizationsPolicyAttachment(this, `attachment-${targetId}`, { policyId: this.policy.id, targetId }),
    );
  }
}

/** What AWS refuses or ignores in a statement of this policy type. */
function statementProblems(type: OrganizationPolicyType, statements: readonly PolicyStatement[]): string[] {
  const problems: string[] = [];
  if (statements.length === 0) problems.push('statements must not be empty');
  for (const s of statements) {
    const where = `statement ${s.sid}`;
    // Allow statements would need FullAWSAccess-style reasoning at every level; these guardrails only deny.
    if (s.effect !== 'Deny') problems.push(`${where} must be a Deny: these guardrails only take permissions away`);
    if (type === 'SERVICE_CONTROL_POLICY' && s.principals) problems.push(`${where}: an SCP statement cannot name a principal`);
    if (type === 'RESOURCE_CONTROL_POLICY') {
      if (!(s.principals?.length === 1 && s.principals[0]?.type === '*')) problems.push(`${where}: an RCP statement's principal must be "*"`);
      const unsupported = s.actions.filter((a) => !(RCP_SERVICES as readonly string[]).includes(a.split(':')[0] ?? ''));
      if (unsupported.length > 0) problems.push(`${where}: RCPs do not govern ${unsupported.join(', ')} (they cover ${RCP_SERVICES.join(', ')})`);
    }
  }
  return problems;
}
