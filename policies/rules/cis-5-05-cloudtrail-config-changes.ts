import { cisAlarmRule } from '../cis-alarms';

export const rule = cisAlarmRule('cis-5-05-cloudtrail-config-changes', 'high', {
  control: '5.5',
  subject: 'CloudTrail configuration changes',
  pattern:
    '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
});
