import { cisAlarmRule } from '../cis-alarms';

export const rule = cisAlarmRule('cis-5-07-cmk-disable-or-deletion', 'high', {
  control: '5.7',
  subject: 'disabled or scheduled-for-deletion customer-managed keys',
  pattern: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
});
