/**
 * What `auditready verify` checks beyond the standard's rules: drift, the pipeline's health as AWS reports
 * it, and the WORM proof. Each check borrows the control mappings of the standard's rule it proves live,
 * so reports map both to the same requirements.
 */
import { ruleById } from '../policies/registry';
import type { ReportRule } from '../policies/report';
import type { Control, Severity } from '../policies/types';

const controlsOf = (...ruleIds: string[]): Control[] => {
  const out: Control[] = [];
  for (const id of ruleIds) {
    const rule = ruleById(id);
    if (!rule) throw new Error(`verify check borrows controls of unknown rule ${id}`);
    for (const c of rule.controls) if (!out.some((o) => o.framework === c.framework && o.id === c.id)) out.push(c);
  }
  return out;
};

const check = (id: string, severity: Severity, title: string, rationale: string, remediation: string, controls: Control[]): ReportRule => ({
  id,
  title,
  severity,
  rationale,
  remediation: { text: remediation },
  controls,
});

export const VERIFY_CHECKS = {
  drift: check(
    'drift',
    'high',
    'The deployed resources are what Terraform last applied',
    'A setting changed outside Terraform (console, CLI, another pipeline) is invisible to `auditready check`, which reads code.',
    'Find who changed it (the baseline-change alarms and CloudTrail), then redeploy with `cdktf deploy <env>`, or change the code and deploy.',
    controlsOf('bucket-object-lock', 'trail-logging-enabled'),
  ),
  trailLogging: check(
    'live-trail-logging',
    'critical',
    'The trail is logging',
    'A stopped trail records nothing; its configuration can be perfect and still deliver no evidence.',
    'Start it (`aws cloudtrail start-logging --name <trail-arn>`) and find out who stopped it (CloudTrail StopLogging event, cis-5-5 alarm).',
    controlsOf('trail-logging-enabled'),
  ),
  trailDelivery: check(
    'live-trail-delivery',
    'critical',
    'The trail delivers log files and digests without errors, and delivered a digest in the last two hours',
    'Delivery errors (a bucket or key policy that refuses CloudTrail) lose evidence; CloudTrail writes a digest every hour while logging.',
    'Read LatestDeliveryError / LatestDigestDeliveryError (`aws cloudtrail get-trail-status`) and fix the bucket or key policy they name.',
    controlsOf('trail-logging-enabled', 'trail-log-file-validation'),
  ),
  cloudWatchDelivery: check(
    'live-cloudwatch-delivery',
    'high',
    'The trail delivers to CloudWatch Logs without errors, within the last two hours',
    'The CIS alarms read the log group: without delivery they are silent.',
    "Read LatestCloudWatchLogsDeliveryError and fix the delivery role or the key policy's grant to CloudWatch Logs.",
    controlsOf('trail-cloudwatch-logs'),
  ),
  alarmSubscriptions: check(
    'live-alarm-subscriptions',
    'medium',
    'Every alarm subscription is confirmed',
    'SNS delivers nothing to a subscription still pending confirmation: the alarm fires and nobody hears it.',
    'Confirm the subscription from the message SNS sent to the endpoint, or re-subscribe it.',
    controlsOf('cis-5-01-unauthorized-api-calls'),
  ),
  heartbeat: check(
    'live-heartbeat-alarm',
    'high',
    'The log-delivery heartbeat alarm is OK, with its actions enabled',
    'The heartbeat fires when the log group receives nothing for an hour: ALARM or INSUFFICIENT_DATA means the pipeline is dead or unproven.',
    'Find why the log group receives no events (trail stopped, delivery role, key) and fix it; re-enable alarm actions if they were disabled.',
    controlsOf('trail-cloudwatch-logs'),
  ),
  keyEnabled: check(
    'live-key-enabled',
    'critical',
    'The audit key is enabled',
    'A disabled key, or one pending deletion, stops CloudTrail from encrypting and everyone from reading the logs.',
    'Re-enable the key (break-glass), or cancel its deletion.',
    controlsOf('kms-key-rotation', 'trail-kms-cmk'),
  ),
  bucketLive: check(
    'live-bucket-settings',
    'critical',
    'S3 reports the Object Lock, versioning and default encryption that the state claims',
    'Read from S3 directly, independently of Terraform: the settings that make the logs WORM and encrypted are in force.',
    'Redeploy the bucket settings with `cdktf deploy <env>`; Object Lock cannot be turned off once enabled.',
    controlsOf('bucket-object-lock', 'bucket-versioning', 'bucket-sse-kms'),
  ),
  otherTrails: check(
    'live-no-weaker-trail',
    'high',
    'No other trail delivers to the audit bucket with weaker settings',
    'A second trail writing to the same bucket without validation, encryption or all regions produces evidence of lesser quality beside ours.',
    'Delete the other trail, or point it elsewhere; the audit bucket policy admits only this trail.',
    controlsOf('bucket-cloudtrail-source-arn'),
  ),
  wormDeleteVersion: check(
    'worm-delete-version',
    'critical',
    'Deleting a locked log version is refused',
    'The audit scenario: a version under Object Lock retention cannot be deleted.',
    'Object Lock (COMPLIANCE) and the bucket policy must refuse it: check the bucket policy and the Object Lock configuration.',
    controlsOf('bucket-object-lock'),
  ),
  wormShortenRetention: check(
    'worm-shorten-retention',
    'critical',
    "Shortening a locked version's retention is refused",
    'COMPLIANCE retention can be extended but never shortened, by anyone.',
    'Object Lock must be in COMPLIANCE mode for the canary; check the bucket policy and the Object Lock configuration.',
    controlsOf('bucket-object-lock'),
  ),
  wormBypassGovernance: check(
    'worm-bypass-governance',
    'critical',
    'Deleting a locked version while bypassing governance retention is refused',
    's3:BypassGovernanceRetention lifts GOVERNANCE retention for whoever holds it; COMPLIANCE retention and the bucket policy refuse it.',
    'Only break-glass may bypass governance; check the bucket policy and who holds s3:BypassGovernanceRetention.',
    controlsOf('bucket-object-lock'),
  ),
} as const satisfies Record<string, ReportRule>;

export type VerifyCheckKey = keyof typeof VERIFY_CHECKS;
