import { ARCHIVE_CLASSES, transitionsOf } from '../lifecycle-transitions';
import { strAttr } from '../model';
import { fail, forEach, notApplicable, pass, unknown, unresolved } from '../rule-helpers';
import type { Finding, RuleDefinition } from '../types';

export const rule: RuleDefinition = {
  id: 'bucket-lifecycle-small-objects',
  title: 'Lifecycle transitions of the log buckets state which small objects move',
  severity: 'low',
  rationale:
    'Since September 2024 S3 does not transition objects under 128 KB unless the lifecycle configuration says otherwise (transition_default_minimum_object_size = all_storage_classes_128K), and most CloudTrail log files and every access log are smaller: a transition to GLACIER or DEEP_ARCHIVE that leaves the default moves almost nothing, so the retention costs what STANDARD costs while the configuration reads as archived.',
  remediation: {
    text: 'Set transition_default_minimum_object_size on the lifecycle configuration: varies_by_storage_class when log files should reach GLACIER or DEEP_ARCHIVE (the infrequent-access classes still take only objects of 128 KB or more), or all_storage_classes_128K to keep small files in STANDARD deliberately when no rule moves to those classes.',
    cdktf: `new S3BucketLifecycleConfiguration(this, 'lifecycle', { bucket: bucket.id, transitionDefaultMinimumObjectSize: 'varies_by_storage_class', rule: [{ id: 'retention', status: 'Enabled', filter: [{}], transition: [{ days: 90, storageClass: 'GLACIER' }], expiration: [{ days: 2557 }] }] });`,
  },
  absentMeans:
    'transition_default_minimum_object_size absent means all_storage_classes_128K: with a transition, the rule fails. An inline lifecycle_rule on aws_s3_bucket cannot set it: with a transition, the rule fails. Without a transition the rule does not apply.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('logBuckets'), 'no audit or access-log bucket in this configuration', (b): Finding => {
      const transitions = transitionsOf(topology, b);
      if (transitions.kind === 'unknown')
        return unknown(b, `the lifecycle configuration cannot be resolved: ${transitions.reason}; unknown values fail closed`);
      if (transitions.classes.length === 0) return notApplicable('the lifecycle configuration moves no object to another storage class', b);
      if (transitions.inline || !transitions.source)
        return fail(b, 'the inline lifecycle_rule cannot set transition_default_minimum_object_size: objects under 128 KB never transition');
      const raw = transitions.source.values.transition_default_minimum_object_size;
      const size = strAttr(raw);
      if (!size.known) return unresolved(b, 'transition_default_minimum_object_size', size);
      const archive = [...new Set(transitions.classes.filter((c) => ARCHIVE_CLASSES.has(c)))];
      if (size.value === undefined)
        return fail(b, 'transition_default_minimum_object_size is not set (absent means all_storage_classes_128K): log files under 128 KB never transition');
      if (size.value === 'varies_by_storage_class') return pass(b, 'log files under 128 KB move to the archive classes (varies_by_storage_class)');
      if (size.value === 'all_storage_classes_128K' && archive.length > 0)
        return fail(b, `transition_default_minimum_object_size is all_storage_classes_128K: log files under 128 KB never reach ${archive.join(', ')}`);
      if (size.value === 'all_storage_classes_128K') return pass(b, 'log files under 128 KB stay in STANDARD, as stated (all_storage_classes_128K)');
      return fail(b, `transition_default_minimum_object_size is ${size.value}: S3 accepts all_storage_classes_128K or varies_by_storage_class`);
    }),
};
