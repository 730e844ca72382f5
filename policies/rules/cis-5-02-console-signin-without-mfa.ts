import { cisAlarmRule } from '../cis-alarms';

export const rule = cisAlarmRule('cis-5-02-console-signin-without-mfa', 'high', {
  control: '5.2',
  subject: 'console sign-ins without MFA',
  pattern:
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
});
