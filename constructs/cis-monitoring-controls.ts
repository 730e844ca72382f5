import { eventFrom, eventNamed } from './filter-pattern';

/** Where a monitoring control comes from: a CIS AWS Foundations Benchmark v7.0 recommendation, or auditready's protection of its own baseline. */
export type ControlSource = { readonly standard: 'cis'; readonly control: string } | { readonly standard: 'auditready' };

/** One monitoring control: a metric filter on the trail's log group and an alarm. */
export interface MonitoringControl {
  /** Where the control comes from. */
  readonly source: ControlSource;
  /** Short kebab-case name, used in metric and alarm names. */
  readonly name: string;
  /** What the alarm means, for the people it pages. */
  readonly description: string;
  /** CloudWatch Logs filter pattern. */
  readonly pattern: string;
  /**
   * What the alarm watches: `change`, calls that change the account's configuration or this baseline
   * (`auditready access-report` lists the sessions that made them as baseline changes); `access`, how
   * people get in and what they are refused (root, sign-ins, refused calls, break-glass, restores).
   */
  readonly watches: 'change' | 'access';
}

/** The metric a control's filter counts into, and its alarm's name after the environment's prefix, e.g. `cis-5-4-iam-policy-changes`. */
export function metricNameOf(control: MonitoringControl): string {
  return control.source.standard === 'cis' ? `cis-${control.source.control.replace('.', '-')}-${control.name}` : control.name;
}

/**
 * CIS AWS Foundations Benchmark v7.0, section 5 (v3/v5 number these 4.x): the monitoring set.
 * Patterns follow the benchmark's definitions; 5.13's is parenthesized so the event source applies
 * to every event name (the benchmark's text leaves that precedence ambiguous).
 */
export const CIS_MONITORING_CONTROLS: readonly MonitoringControl[] = [
  {
    source: { standard: 'cis', control: '5.1' },
    watches: 'access',
    name: 'unauthorized-api-calls',
    description: 'Unauthorized API calls',
    pattern:
      '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
  },
  {
    source: { standard: 'cis', control: '5.2' },
    watches: 'access',
    name: 'console-signin-without-mfa',
    description: 'Management console sign-in without MFA',
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    source: { standard: 'cis', control: '5.3' },
    watches: 'access',
    name: 'root-account-usage',
    description: 'Usage of the root account',
    pattern: '{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent") }',
  },
  {
    source: { standard: 'cis', control: '5.4' },
    watches: 'change',
    name: 'iam-policy-changes',
    description: 'IAM policy changes',
    pattern: eventFrom('iam.amazonaws.com', [
      'DeleteGroupPolicy',
      'DeleteRolePolicy',
      'DeleteUserPolicy',
      'PutGroupPolicy',
      'PutRolePolicy',
      'PutUserPolicy',
      'CreatePolicy',
      'DeletePolicy',
      'CreatePolicyVersion',
      'DeletePolicyVersion',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'AttachGroupPolicy',
      'DetachGroupPolicy',
    ]),
  },
  {
    source: { standard: 'cis', control: '5.5' },
    watches: 'change',
    name: 'cloudtrail-configuration-changes',
    description: 'CloudTrail configuration changes',
    pattern: eventNamed(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging']),
  },
  {
    source: { standard: 'cis', control: '5.6' },
    watches: 'access',
    name: 'console-authentication-failures',
    description: 'Management console authentication failures',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }',
  },
  {
    source: { standard: 'cis', control: '5.7' },
    watches: 'change',
    name: 'cmk-disabled-or-scheduled-deletion',
    description: 'Disabling or scheduled deletion of customer-managed KMS keys',
    pattern: eventFrom('kms.amazonaws.com', ['DisableKey', 'ScheduleKeyDeletion']),
  },
  {
    source: { standard: 'cis', control: '5.8' },
    watches: 'change',
    name: 's3-bucket-policy-changes',
    description: 'S3 bucket policy changes',
    pattern: eventFrom('s3.amazonaws.com', [
      'PutBucketAcl',
      'PutBucketPolicy',
      'PutBucketCors',
      'PutBucketLifecycle',
      'PutBucketReplication',
      'DeleteBucketPolicy',
      'DeleteBucketCors',
      'DeleteBucketLifecycle',
      'DeleteBucketReplication',
    ]),
  },
  {
    source: { standard: 'cis', control: '5.9' },
    watches: 'change',
    name: 'config-changes',
    description: 'AWS Config configuration changes',
    pattern: eventFrom('config.amazonaws.com', ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder']),
  },
  {
    source: { standard: 'cis', control: '5.10' },
    watches: 'change',
    name: 'security-group-changes',
    description: 'Security group changes',
    pattern: eventNamed([
      'AuthorizeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
      'CreateSecurityGroup',
      'DeleteSecurityGroup',
    ]),
  },
  {
    source: { standard: 'cis', control: '5.11' },
    watches: 'change',
    name: 'nacl-changes',
    description: 'Network ACL changes',
    pattern: eventNamed([
      'CreateNetworkAcl',
      'CreateNetworkAclEntry',
      'DeleteNetworkAcl',
      'DeleteNetworkAclEntry',
      'ReplaceNetworkAclEntry',
      'ReplaceNetworkAclAssociation',
    ]),
  },
  {
    source: { standard: 'cis', control: '5.12' },
    watches: 'change',
    name: 'network-gateway-changes',
    description: 'Network gateway changes',
    pattern: eventNamed([
      'CreateCustomerGateway',
      'DeleteCustomerGateway',
      'AttachInternetGateway',
      'CreateInternetGateway',
      'DeleteInternetGateway',
      'DetachInternetGateway',
    ]),
  },
  {
    source: { standard: 'cis', control: '5.13' },
    watches: 'change',
    name: 'route-table-changes',
    description: 'Route table changes',
    pattern: eventFrom('ec2.amazonaws.com', [
      'CreateRoute',
      'CreateRouteTable',
      'ReplaceRoute',
      'ReplaceRouteTableAssociation',
      'DeleteRouteTable',
      'DeleteRoute',
      'DisassociateRouteTable',
    ]),
  },
  {
    source: { standard: 'cis', control: '5.14' },
    watches: 'change',
    name: 'vpc-changes',
    description: 'VPC changes',
    pattern: eventNamed([
      'CreateVpc',
      'DeleteVpc',
      'ModifyVpcAttribute',
      'AcceptVpcPeeringConnection',
      'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection',
      'RejectVpcPeeringConnection',
      'AttachClassicLinkVpc',
      'DetachClassicLinkVpc',
      'DisableVpcClassicLink',
      'EnableVpcClassicLink',
    ]),
  },
  {
    source: { standard: 'cis', control: '5.15' },
    watches: 'change',
    name: 'organizations-changes',
    description: 'AWS Organizations changes',
    pattern: eventFrom('organizations.amazonaws.com', [
      'AcceptHandshake',
      'AttachPolicy',
      'CreateAccount',
      'CreateOrganizationalUnit',
      'CreatePolicy',
      'DeclineHandshake',
      'DeleteOrganization',
      'DeleteOrganizationalUnit',
      'DeletePolicy',
      'DetachPolicy',
      'DisablePolicyType',
      'EnablePolicyType',
      'InviteAccountToOrganization',
      'LeaveOrganization',
      'MoveAccount',
      'RemoveAccountFromOrganization',
      'UpdatePolicy',
      'UpdateOrganizationalUnit',
    ]),
  },
];
