import { cisAlarmRule } from '../cis-alarms';

export const rule = cisAlarmRule('cis-5-13-route-table-changes', 'medium', {
  control: '5.13',
  subject: 'route table changes',
  pattern:
    '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }',
});
