import { cisAlarmRule } from '../cis-alarms';

export const rule = cisAlarmRule('cis-5-01-unauthorized-api-calls', 'medium', {
  control: '5.1',
  subject: 'unauthorized API calls',
  pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
  // The benchmark's pattern leaves out CloudWatch Logs' S3 delivery (and HeadBucket, an event name) as noise.
  exceptions: ['sourceIPAddress=delivery.logs.amazonaws.com'],
});
