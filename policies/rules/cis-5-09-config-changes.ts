import { cisAlarmRule } from '../cis-alarms';

export const rule = cisAlarmRule('cis-5-09-config-changes', 'medium', {
  control: '5.9',
  subject: 'AWS Config configuration changes',
  pattern:
    '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }',
});
