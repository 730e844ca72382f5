import { POLICY_VARIABLE } from '../iam/evaluate';
import type { Resolver } from '../resolver';

/**
 * A materialized value made readable: each token (a value known only after apply) is shown as the
 * reference it stands for (`${aws_kms_key.k.arn}`), a policy variable as itself (`${aws:username}`).
 */
export function tokenText(resolver: Resolver, value: string): string {
  return value.replace(/[\uE000-\uF8FF]/g, (t) => {
    const name = resolver.tokenName(t);
    if (name === undefined) return '(known after apply)';
    return `\${${name.startsWith(POLICY_VARIABLE) ? name.slice(POLICY_VARIABLE.length) : name}}`;
  });
}
