import { cisAlarmRule } from '../cis-alarms';

export const rule = cisAlarmRule('cis-5-12-network-gateway-changes', 'medium', {
  control: '5.12',
  subject: 'network gateway changes',
  pattern:
    '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
});
