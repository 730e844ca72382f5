import { cisAlarmRule } from '../cis-alarms';

export const rule = cisAlarmRule('cis-5-11-nacl-changes', 'medium', {
  control: '5.11',
  subject: 'network ACL changes',
  pattern:
    '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
});
