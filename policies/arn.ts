/**
 * ARNs in every partition (`aws`, `aws-cn`, `aws-us-gov`): `arn:<partition>:<service>:<region>:<account>:<resource>`.
 * Nothing here assumes the commercial partition or the `amazonaws.com` suffix.
 */

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the fifth colon, e.g. `key/1234`, `log-group:/aws/x:*`, `bucket/AWSLogs/`. */
  readonly resource: string;
}

const ARN = /^arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|\*|):(.*)$/s;

export function parseArn(value: string): Arn | undefined {
  const m = ARN.exec(value);
  if (!m) return undefined;
  return { partition: m[1] as string, service: m[2] as string, region: m[3] as string, account: m[4] as string, resource: m[5] as string };
}

/**
 * Whether a service principal names `service` in any partition: `cloudtrail.amazonaws.com`, and the
 * `.amazonaws.com.cn` form some services use in the China regions.
 */
export function isServicePrincipal(identifier: string, service: string): boolean {
  return identifier === `${service}.amazonaws.com` || identifier === `${service}.amazonaws.com.cn`;
}

/** AWS-managed KMS keys: `alias/aws/<service>`, alone or as an alias ARN. They are not customer-managed. */
export function isAwsManagedKeyAlias(value: string): boolean {
  if (/^alias\/aws\//.test(value)) return true;
  const arn = parseArn(value);
  return arn !== undefined && arn.service === 'kms' && /^alias\/aws\//.test(arn.resource);
}

/** AWS-managed IAM policy ARNs (`arn:<partition>:iam::aws:policy/<path><name>`): returns `<path><name>`. */
export function awsManagedPolicyName(value: string): string | undefined {
  const arn = parseArn(value);
  if (arn?.service !== 'iam' || arn.account !== 'aws' || !arn.resource.startsWith('policy/')) return undefined;
  return arn.resource.slice('policy/'.length);
}
