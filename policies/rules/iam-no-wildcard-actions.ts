import type { CompiledStatement } from '../iam/evaluate';
import { managedPolicy } from '../iam/managed-policies';
import { blocks, strList, type TfResource } from '../model';
import { fail, forEach, pass, unknown, unresolvedTarget } from '../rule-helpers';
import type { Topology } from '../topology';
import type { Finding, RuleDefinition } from '../types';

/** Documents written in the file: their resource type and where the document is. */
const DOCUMENT_TYPES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'] as const;
/** Resources that attach a policy by ARN. */
const ATTACHMENT_TYPES = ['aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment'];
const PRINCIPAL_TYPES = ['aws_iam_role', 'aws_iam_user', 'aws_iam_group'];

/** The first statement that allows every action: `*` (or `*:*`), or everything except a NotAction list. */
function wildcard(statements: readonly CompiledStatement[]): { statement: CompiledStatement; what: string } | 'maybe' | undefined {
  let maybe = false;
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    if (s.actions.some((a) => a === '*' || a === '*:*')) return { statement: s, what: 'allows action "*"' };
    if (s.notActions.length > 0) return { statement: s, what: 'allows everything except its NotAction list' };
    if (s.actions.some((a) => a === undefined)) maybe = true;
  }
  return maybe ? 'maybe' : undefined;
}

function checkDocuments(topology: Topology, owner: TfResource, values: readonly unknown[]): Finding {
  for (const value of values) {
    const p = topology.policyFrom(owner, value);
    if (p.kind === 'unknown') return unknown(owner, `${p.reason}; unknown values fail closed`);
    if (p.kind !== 'document') continue;
    const w = wildcard(p.statements);
    if (w === 'maybe') return unknown(owner, 'an action cannot be resolved; unknown values fail closed');
    if (w) return fail(owner, `statement ${w.statement.sid ?? '(no sid)'} ${w.what}`);
  }
  return pass(owner, 'no statement allows action "*"');
}

function checkManaged(topology: Topology, owner: TfResource, attribute: string, arns: readonly unknown[]): Finding {
  for (const arn of arns) {
    const t = topology.resolver.target(owner, attribute, arn, ['aws_iam_policy']);
    if (t.kind === 'unknown') return unresolvedTarget(owner, attribute, t);
    if (t.kind !== 'aws-managed') continue;
    const managed = managedPolicy(t.name);
    if (!managed) return unknown(owner, `${t.name} is an AWS-managed policy the checker does not know; unknown values fail closed`);
    const w = wildcard(topology.compile(managed.statements));
    if (w && w !== 'maybe') return fail(owner, `attaches ${t.name}, which ${w.what}`);
  }
  return pass(owner, 'attaches no AWS-managed policy that allows action "*"');
}

export const rule: RuleDefinition = {
  id: 'iam-no-wildcard-actions',
  title: 'IAM policies grant no "*" action and no NotAction allow',
  severity: 'critical',
  rationale: 'Action "*" (or Allow with NotAction) grants full administrative power, including stopping the trail and deleting the key.',
  remediation: {
    text: 'List the actions each role needs; use service-scoped actions (s3:GetObject), never "*"; do not attach AdministratorAccess or PowerUserAccess.',
    cdktf: `statement: [{ effect: 'Allow', actions: ['s3:GetObject', 's3:ListBucket'], resources: [bucket.arn, \`\${bucket.arn}/*\`] }]`,
  },
  absentMeans:
    "A policy without statements grants nothing: the rule passes. Covers aws_iam_policy, the role, user and group inline policies, roles' inline_policy blocks, and AWS-managed policies attached by ARN.",
  evaluate: ({ model, topology }) => {
    const documents = DOCUMENT_TYPES.flatMap((t) => model.ofType(t));
    const inlineBlocks = model.ofType('aws_iam_role').filter((r) => blocks(r.values.inline_policy).some((b) => b.policy !== undefined));
    // Attachments of a policy written in the file add nothing to check: that policy is checked itself.
    const attachments = ATTACHMENT_TYPES.flatMap((t) => model.ofType(t)).filter(
      (a) => topology.resolver.target(a, 'policy_arn', a.values.policy_arn, ['aws_iam_policy']).kind !== 'resource',
    );
    const managedLists = PRINCIPAL_TYPES.flatMap((t) => model.ofType(t)).filter((r) => strList(r.values.managed_policy_arns).length > 0);
    return forEach([...documents, ...inlineBlocks, ...attachments, ...managedLists], 'no IAM policy or policy attachment in this configuration', (r) => {
      if ((DOCUMENT_TYPES as readonly string[]).includes(r.type)) return checkDocuments(topology, r, [r.values.policy]);
      if (ATTACHMENT_TYPES.includes(r.type)) return checkManaged(topology, r, 'policy_arn', [r.values.policy_arn]);
      const findings: Finding[] = [];
      if (inlineBlocks.includes(r))
        findings.push(
          checkDocuments(
            topology,
            r,
            blocks(r.values.inline_policy).map((b) => b.policy),
          ),
        );
      if (managedLists.includes(r)) findings.push(checkManaged(topology, r, 'managed_policy_arns', strList(r.values.managed_policy_arns)));
      return findings.find((f) => f.outcome !== 'pass') ?? findings[0] ?? pass(r, 'no statement allows action "*"');
    });
  },
};
