import { cisAlarmRule } from '../cis-alarms';

export const rule = cisAlarmRule('cis-5-10-security-group-changes', 'medium', {
  control: '5.10',
  subject: 'security group changes',
  pattern:
    '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
});
