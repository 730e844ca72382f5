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
  absentMeans: 'A policy without statements grants nothing: the rule passes.',
  evaluate: ({ model }) =>
    forEach(
      [...model.ofType('aws_iam_policy'), ...model.ofType('aws_iam_role_policy')],
      'no aws_iam_policy or aws_iam_role_policy in this configuration',
      (p) => {
        const doc = readPolicy(model, p.values.policy);
        if (doc.kind === 'unknown') return unknown(p, `policy cannot be resolved (${doc.expression}); unknown values fail closed`);
        if (doc.kind === 'absent') return pass(p, 'policy grants nothing');
        for (const s of doc.statements) {
          if (s.effect !== 'Allow') continue;
          if (s.actions.some((a) => a === '*' || a === '*:*')) return fail(p, `statement ${s.sid ?? '(no sid)'} allows action "*"`);
          if (s.notActions.length > 0) return fail(p, `statement ${s.sid ?? '(no sid)'} allows everything except its NotAction list`);
        }
        return pass(p, 'no statement allows action "*"');
      },
    ),
};
