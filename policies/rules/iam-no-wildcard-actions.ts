import { blocks } from '../model';
import { readPolicy } from '../policy-document';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'iam-no-wildcard-actions',
  title: 'IAM policies grant no "*" action and no NotAction allow',
  severity: 'critical',
  rationale: 'Action "*" (or Allow with NotAction) grants full administrative power, including stopping the trail and deleting the key.',
  remediation: {
    text: 'List the actions each role needs; use service-scoped actions (s3:GetObject), never "*".',
    cdktf: `statement: [{ effect: 'Allow', actions: ['s3:GetObject', 's3:ListBucket'], resources: [bucket.arn, \`\${bucket.arn}/*\`] }]`,
  },
  absentMeans: "A policy without statements grants nothing: the rule passes. Covers aws_iam_policy, aws_iam_role_policy and roles' inline_policy blocks.",
  evaluate: ({ model }) =>
    forEach(
      [
        ...model.ofType('aws_iam_policy'),
        ...model.ofType('aws_iam_role_policy'),
        ...model.ofType('aws_iam_role').filter((r) => blocks(r.values.inline_policy).some((b) => b.policy !== undefined)),
      ],
      'no aws_iam_policy or aws_iam_role_policy in this configuration',
      (p) => {
        const documents = p.type === 'aws_iam_role' ? blocks(p.values.inline_policy).map((b) => b.policy) : [p.values.policy];
        for (const value of documents) {
          const doc = readPolicy(model, value);
          if (doc.kind === 'unknown') return unknown(p, `policy cannot be resolved (${doc.expression}); unknown values fail closed`);
          if (doc.kind === 'absent') continue;
          for (const s of doc.statements) {
            if (s.effect !== 'Allow') continue;
            if (s.actions.some((a) => a === '*' || a === '*:*')) return fail(p, `statement ${s.sid ?? '(no sid)'} allows action "*"`);
            if (s.notActions.length > 0) return fail(p, `statement ${s.sid ?? '(no sid)'} allows everything except its NotAction list`);
          }
        }
        return pass(p, 'no statement allows action "*"');
      },
    ),
};
