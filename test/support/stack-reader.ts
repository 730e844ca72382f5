/**
 * Reads the policies of one synthesized stack as AWS will read them: the data.aws_iam_policy_document
 * statements, with Terraform references replaced by the values AWS will see. Anything that cannot be
 * resolved throws, so a test never evaluates a policy it only half read.
 */
import type { PolicyJson } from './iam-evaluator';
import type { TerraformJson } from './terraform-json';

/** The key id the tests give every audit key (its real id exists only once KMS creates it). */
export const KEY_ID = '0f1e2d3c-4b5a-4697-8877-665544332211';

type Block = Record<string, any>;

/** Where a stack's resources live: every ARN built for them carries this account, region and partition. */
export interface StackAccount {
  readonly id: string;
  readonly region: string;
  readonly partition: string;
}

export interface StackReader {
  /** The resource of that type and address; throws when absent. */
  one(type: string, id: string): Block;
  /** The value AWS will see for `${type.id.attr}`. */
  attribute(type: string, id: string, attr: string): string;
  /** A `${data.aws_iam_policy_document.<id>.json}` (or `.minified_json`) reference as IAM JSON. */
  policy(reference: string): PolicyJson;
  /** An ARN of a resource of this account. */
  arn(service: string, resource: string, regional?: boolean): string;
}

export function stackReader(tf: TerraformJson, account: StackAccount, label: string): StackReader {
  const { partition, region, id: accountId } = account;
  const arn = (service: string, resource: string, regional = true) => `arn:${partition}:${service}:${regional ? region : ''}:${accountId}:${resource}`;
  const one = (type: string, id: string): Block => {
    const r = tf.resource[type]?.[id];
    if (!r) throw new Error(`${label}: no ${type}.${id}`);
    return r;
  };
  const attribute = (type: string, id: string, attr: string): string => {
    const r = one(type, id);
    switch (`${type}.${attr}`) {
      case 'aws_kms_key.arn':
        return arn('kms', `key/${KEY_ID}`);
      case 'aws_kms_key.key_id':
        return KEY_ID;
      case 'aws_s3_bucket.arn':
        return `arn:${partition}:s3:::${r.bucket}`;
      case 'aws_s3_bucket.id':
      case 'aws_s3_bucket.bucket':
        return r.bucket;
      case 'aws_sns_topic.arn':
        return arn('sns', r.name);
      case 'aws_cloudwatch_log_group.arn':
        return arn('logs', `log-group:${r.name}`);
      case 'aws_cloudwatch_log_group.name':
      case 'aws_iam_role.name':
        return r.name;
      case 'aws_iam_role.arn':
        return arn('iam', `role/${r.name}`, false);
      default:
        throw new Error(`${label}: the tests cannot resolve \${${type}.${id}.${attr}}`);
    }
  };
  const resolve = (value: string): string => {
    const out = value
      .replace(/\$\{(aws_[a-z0-9_]+)\.([\w-]+)\.(\w+)\}/g, (_m, type, id, attr) => attribute(type, id, attr))
      // aws_iam_policy_document writes IAM policy variables as &{...}.
      .replace(/&\{/g, '${');
    if (/\$\{(?!aws:)/.test(out)) throw new Error(`${label}: unresolved reference in ${value}`);
    return out;
  };
  const policy = (reference: string): PolicyJson => {
    const m = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.(json|minified_json)\}$/.exec(reference);
    if (!m) throw new Error(`${label}: not a policy document reference: ${reference}`);
    const doc = tf.data?.aws_iam_policy_document?.[m[1] as string];
    if (!doc) throw new Error(`${label}: no data.aws_iam_policy_document.${m[1]}`);
    return { Version: '2012-10-17', Statement: (doc.statement as Block[]).map((s) => statementJson(s, resolve)) };
  };
  return { one, attribute, policy, arn };
}

/** One statement of aws_iam_policy_document as IAM JSON. */
function statementJson(s: Block, resolve: (v: string) => string): Record<string, unknown> {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v : []).map((x) => resolve(String(x)));
  const out: Record<string, unknown> = { Sid: s.sid, Effect: s.effect ?? 'Allow', Action: list(s.actions) };
  if (s.resources) out.Resource = list(s.resources);
  if (s.not_resources) out.NotResource = list(s.not_resources);
  if (s.principals) {
    const blocks = s.principals as Block[];
    out.Principal = blocks.length === 1 && blocks[0].type === '*' ? '*' : Object.fromEntries(blocks.map((p) => [p.type, list(p.identifiers)]));
  }
  if (s.condition) {
    const condition: Record<string, Record<string, string[]>> = {};
    for (const c of s.condition as Block[]) {
      condition[c.test] ??= {};
      if (condition[c.test][c.variable]) throw new Error(`two ${c.test} conditions on ${c.variable} in statement ${s.sid}`);
      condition[c.test][c.variable] = list(c.values);
    }
    out.Condition = condition;
  }
  return out;
}
