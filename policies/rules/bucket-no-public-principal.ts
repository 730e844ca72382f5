import { hasPublicPrincipal } from '../policy-document';
import { fail, forEach, pass, unknown } from '../rule-helpers';
import { bucketPolicy } from '../topology';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-no-public-principal',
  title: 'The log bucket policies grant nothing to an unconditioned public principal',
  severity: 'critical',
  rationale: 'An Allow for Principal "*" without conditions makes audit logs readable or writable by anyone on the internet.',
  remediation: {
    text: 'Name the principals (service principals with aws:SourceArn, or account roles) instead of "*", or add conditions that bind the statement.',
    cdktf: `principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }], condition: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] }]`,
  },
  absentMeans: 'No bucket policy grants nothing to anyone: the rule passes.',
  evaluate: ({ model, topology }) =>
    forEach(topology.logBuckets, 'no audit or access-log bucket in this configuration', (b) => {
      const policy = bucketPolicy(model, topology, b);
      if (policy.kind === 'absent') return pass(b, 'no bucket policy grants access');
      if (policy.kind === 'unknown') return unknown(b, `bucket policy cannot be resolved (${policy.expression}); unknown values fail closed`);
      const open = policy.statements.filter((s) => s.effect === 'Allow' && hasPublicPrincipal(s) && s.conditions.length === 0);
      if (open.length > 0) return fail(b, `statement ${open[0]?.sid ?? '(no sid)'} allows principal "*" without conditions`);
      return pass(b, 'no statement allows an unconditioned public principal');
    }),
};
