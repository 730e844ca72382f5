import { boolAttr } from '../model';
import { fail, forEach, notApplicable, pass, unresolved } from '../rule-helpers';
import type { RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'log-resources-prevent-destroy',
  title: 'The log buckets and the trail key are protected by lifecycle prevent_destroy',
  severity: 'medium',
  rationale: 'prevent_destroy makes Terraform refuse any plan that would destroy the evidence store or the key needed to read it.',
  remediation: {
    text: 'Set lifecycle { prevent_destroy = true } on the audit bucket, the access-log bucket and the trail key.',
    cdktf: `new S3Bucket(this, 'bucket', { ..., lifecycle: { preventDestroy: true } });`,
  },
  absentMeans: 'lifecycle.prevent_destroy absent means false (Terraform default): the rule fails. Plan JSON does not record it: not applicable there.',
  requires: ['lifecycle'],
  evaluate: ({ model, topology }) =>
    forEach([...topology.logBuckets, ...topology.trailKeys], 'no log bucket or trail key in this configuration', (r) => {
      if (!model.recordsLifecycle) return notApplicable(`${model.kind} JSON does not record lifecycle.prevent_destroy; check the configuration`, r);
      const v = boolAttr(r.lifecycle?.prevent_destroy, false);
      if (!v.known) return unresolved(r, 'lifecycle.prevent_destroy', v);
      return v.value
        ? pass(r, 'lifecycle.prevent_destroy is true')
        : fail(r, 'lifecycle.prevent_destroy is not true (absent means false): terraform destroy can remove it');
    }),
};
