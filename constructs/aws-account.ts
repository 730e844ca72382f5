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

/** The account's root principal: "the account", to which key administration is delegated. */
export function accountRootArn(account: AwsAccount): string {
  return `arn:${account.partition}:iam::${account.accountId}:root`;
}

/** The ARN of an S3 bucket (S3 ARNs carry neither region nor account). */
export function bucketArnOf(account: AwsAccount, bucketName: string): string {
  return `arn:${account.partition}:s3:::${bucketName}`;
}

/** The DNS suffix of service principals in the account's partition. */
export function servicePrincipal(account: AwsAccount, service: string): string {
  return account.partition === 'aws-cn' ? `${service}.amazonaws.com.cn` : `${service}.amazonaws.com`;
}
