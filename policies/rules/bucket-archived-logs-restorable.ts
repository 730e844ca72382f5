import { denied } from '../iam/evaluate';
import { ARCHIVE_CLASSES, transitionsOf } from '../lifecycle-transitions';
import { fail, forEach, notApplicable, pass, unknown } from '../rule-helpers';
import type { Finding, RuleDefinition } from '../types';

const RESTORE = 's3:RestoreObject';

export const rule: RuleDefinition = {
  id: 'bucket-archived-logs-restorable',
  title: 'Auditors can restore the audit logs the lifecycle archives',
  severity: 'medium',
  rationale:
    'A log file in GLACIER or DEEP_ARCHIVE can be read only after s3:RestoreObject makes a temporary copy. If no auditor may restore, archived evidence is kept but cannot be produced when an investigation or an assessor asks for it (PCI DSS 10.5.1: older logs must remain retrievable).',
  remediation: {
    text: 'Allow the auditor role s3:RestoreObject on the audit bucket objects (the restored copy is read with s3:GetObject and kms:Decrypt as before), and alarm on its use.',
    cdktf: `{ sid: 'RestoreArchivedLogObjects', actions: ['s3:RestoreObject'], resources: [\`\${auditBucket.arn}/*\`] }`,
  },
  absentMeans:
    'No transition to GLACIER or DEEP_ARCHIVE: the rule does not apply. No auditor role, or none whose policies allow s3:RestoreObject on the objects without the bucket policy denying it: the rule fails.',
  evaluate: ({ topology }) =>
    forEach(topology.subjects('auditBuckets'), 'no audit bucket (no trail delivers to a bucket in this configuration)', (b): Finding => {
      const transitions = transitionsOf(topology, b);
      if (transitions.kind === 'unknown')
        return unknown(b, `the lifecycle configuration cannot be resolved: ${transitions.reason}; unknown values fail closed`);
      const archive = [...new Set(transitions.classes.filter((c) => ARCHIVE_CLASSES.has(c)))];
      if (archive.length === 0) return notApplicable('the lifecycle configuration archives nothing (no GLACIER or DEEP_ARCHIVE transition)', b);
      const objects = { kind: 'prefix', prefix: `${topology.bucketArn(b)}/` } as const;
      const policy = topology.bucketPolicy(b);
      let maybe = false;
      for (const auditor of topology.auditorRoles) {
        const own = topology.identityAllows(auditor, { action: RESTORE, resource: objects });
        const refused =
          policy.kind === 'document'
            ? denied(policy.statements, { principal: { kind: 'principal', arn: topology.principalArn(auditor) }, action: RESTORE, resource: objects }).result
            : policy.kind === 'absent'
              ? 'no'
              : 'maybe';
        if (own === 'yes' && refused === 'no') return pass(b, `${auditor.address} may restore archived log files (${archive.join(', ')})`);
        maybe ||= own !== 'no' && refused !== 'yes';
      }
      if (maybe) return unknown(b, 'whether an auditor may restore archived log files cannot be resolved; unknown values fail closed');
      return fail(b, `log files move to ${archive.join(', ')}, and no auditor role may s3:RestoreObject them`);
    }),
};
