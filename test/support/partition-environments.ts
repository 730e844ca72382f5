import type { EnvironmentInput } from '../../config/environment-schema';
import { ENVIRONMENTS } from '../../config/environments';

/** An example environment moved to another region and partition: every ARN in it rewritten. */
function inPartition(base: string, name: string, region: string, partition: 'aws-us-gov' | 'aws-cn'): EnvironmentInput {
  const env = ENVIRONMENTS.find((e) => e.name === base);
  if (!env) throw new Error(`no example environment ${base}`);
  const json = JSON.stringify(env).replace(/"arn:aws:/g, `"arn:${partition}:`);
  const moved = JSON.parse(json) as EnvironmentInput;
  const { backend: _backend, ...rest } = moved;
  return { ...rest, name, region: region as EnvironmentInput['region'] };
}

/**
 * A GovCloud and a China environment, made from the prod and staging examples: every principal type
 * (SAML and OIDC included) in the two partitions whose ARNs and service principals differ.
 */
export const PARTITION_ENVIRONMENTS: readonly EnvironmentInput[] = [
  inPartition('prod', 'govcloud', 'us-gov-west-1', 'aws-us-gov'),
  inPartition('staging', 'china', 'cn-north-1', 'aws-cn'),
];
