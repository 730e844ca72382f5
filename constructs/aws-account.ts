/** Where resources live: the account, region and partition that every ARN is built from. */
export interface AwsAccount {
  /** 12-digit account id. */
  readonly accountId: string;
  /** Region of the stack, e.g. "eu-central-1". */
  readonly region: string;
  /** ARN partition: "aws", "aws-cn" or "aws-us-gov". */
  readonly partition: string;
}

/**
 * Builds an ARN as a plain string. Policies that name a resource created in the same stack use these
 * instead of the resource's `arn` attribute where the reference would make a dependency cycle
 * (bucket policy -> trail -> bucket policy; key policy -> log group -> key).
 */
export function arnOf(account: AwsAccount, service: string, resource: string, scope: 'regional' | 'global' = 'regional'): string {
  const region = scope === 'regional' ? account.region : '';
  return `arn:${account.partition}:${service}:${region}:${account.accountId}:${resource}`;
}

/** The account's root principal, as key and trust policies name the account. */
export function accountRootArn(account: AwsAccount): string {
  return arnOf(account, 'iam', 'root', 'global');
}

/** The ARN of an IAM role (IAM ARNs carry no region). */
export function roleArnOf(account: AwsAccount, roleName: string): string {
  return arnOf(account, 'iam', `role/${roleName}`, 'global');
}

/** The ARN of an S3 bucket (S3 ARNs carry neither region nor account). */
export function bucketArnOf(account: AwsAccount, bucketName: string): string {
  return `arn:${account.partition}:s3:::${bucketName}`;
}

/** The DNS suffix of the partition's service endpoints ("Beijing Region Endpoints": amazonaws.com.cn in China). */
export function dnsSuffixOf(account: AwsAccount): string {
  return account.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/**
 * The service principal of `service` in the account's partition. Service principals are
 * `<service>.amazonaws.com` in every partition, China included; CloudWatch Logs is the exception that
 * this baseline uses: it is regional, and in China it takes the partition's DNS suffix
 * (`logs.cn-north-1.amazonaws.com.cn`). Same table as the AWS provider's aws_service_principal and the
 * AWS CDK's region-info.
 */
export function servicePrincipal(account: AwsAccount, service: 'cloudtrail' | 'cloudwatch' | 'logging.s3' | 'logs'): string {
  return service === 'logs' ? `logs.${account.region}.${dnsSuffixOf(account)}` : `${service}.amazonaws.com`;
}

/** The regional endpoint name a service calls KMS through, the value of `kms:ViaService` (e.g. s3.eu-west-1.amazonaws.com). */
export function serviceEndpoint(account: AwsAccount, service: string): string {
  return `${service}.${account.region}.${dnsSuffixOf(account)}`;
}

/** The sign-in host SAML assertions for the partition's console are addressed to (the `SAML:aud` values). */
export function signInHostOf(account: AwsAccount): string {
  if (account.partition === 'aws-cn') return 'signin.amazonaws.cn';
  if (account.partition === 'aws-us-gov') return 'signin.amazonaws-us-gov.com';
  return 'signin.aws.amazon.com';
}
