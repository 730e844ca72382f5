/**
 * "Will AWS let this service deliver?" asked as AWS decides it: one concrete request, the one the service
 * really sends (its documented context keys with this environment's values), every other key absent, and
 * only a definite allow counts. Asking about a class of requests instead (keys free) would count a statement
 * with a wrong `aws:SourceArn`, an added `aws:SourceIp` or a wrong encryption context as allowing, while AWS
 * refuses every delivery.
 */
import type { Resolver } from '../resolver';
import { allowed, type CompiledStatement } from './evaluate';
import { hasToken } from './glob';
import { decideRequest } from './request';
import type { Tri } from './tri';

export interface ServiceRequest {
  /** The service principal, e.g. `cloudtrail.amazonaws.com` or `logs.eu-central-1.amazonaws.com`. */
  readonly principal: string;
  readonly action: string;
  /** The ARN the request is on (an object, a bucket, a key, a topic). */
  readonly resource: string;
  /** The request's own context keys (aws:SourceArn, aws:SourceAccount, s3:x-amz-acl, kms:EncryptionContext:...). */
  readonly context: Readonly<Record<string, string>>;
}

/**
 * AWS's decision on a service's request under a resource policy: `yes` only when the policy allows it. Every
 * service request is over TLS and names the service (IAM User Guide, "AWS global condition context keys":
 * aws:PrincipalIsAWSService, aws:PrincipalServiceName); it carries no aws:SourceIp, aws:PrincipalArn or tags.
 */
export function serviceDecision(statements: readonly CompiledStatement[], request: ServiceRequest, resolver: Resolver): Tri {
  // An account the file does not pin (a plan without allowed_account_ids) leaves the request open: asked as a
  // class with its keys free, as before. Pin the account for the concrete question.
  if (hasToken(resolver.account()))
    return allowed(statements, {
      principal: { kind: 'service', service: request.principal.startsWith('logs.') ? 'logs' : request.principal.replace(/\.amazonaws\.com(\.cn)?$/, '') },
      action: request.action,
    }).result;
  return decideRequest({
    caller: { kind: 'service', principal: request.principal },
    action: request.action,
    resource: request.resource,
    resourceAccount: resolver.account(),
    resourcePolicy: statements,
    tokenName: (t) => resolver.tokenName(t),
    context: {
      'aws:SecureTransport': 'true',
      'aws:PrincipalIsAWSService': 'true',
      'aws:PrincipalServiceName': request.principal,
      ...request.context,
    },
  });
}

/**
 * CloudWatch Logs' regional service principal (`logs.<region>.amazonaws.com`, `.amazonaws.com.cn` in China:
 * "Encrypt log data in CloudWatch Logs using AWS KMS"); the other services' principals are global.
 */
export function logsPrincipal(resolver: Resolver): string {
  return `logs.${resolver.region()}.${resolver.partition() === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}
