import { cisAlarmRule } from '../cis-alarms';

export const rule = cisAlarmRule('cis-5-06-console-auth-failures', 'medium', {
  control: '5.6',
  subject: 'console authentication failures',
  pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
});
