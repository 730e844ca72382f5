import { cisAlarmRule } from '../cis-alarms';

export const rule = cisAlarmRule('cis-5-03-root-account-usage', 'high', {
  control: '5.3',
  subject: 'uses of the root account',
  pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
});
