/**
 * Finding the parts of a Terraform JSON document (the fixture or a synthesized stack) by following
 * references from the trail, never by logical id, so tests work on any environment; and editing policies
 * whichever form they are written in.
 */
import { parseJsonencode } from '../../policies/expression';
import type { Json } from './fixtures/environment';

export const REF = /^\$\{(?:data\.)?[a-z0-9_]+\.([A-Za-z0-9_-]+)\.[a-z_]+\}(.*)$/;

export function refName(value: unknown): string {
  const m = typeof value === 'string' ? REF.exec(value) : null;
  if (!m) throw new Error(`not a reference: ${JSON.stringify(value)}`);
  return m[1] as string;
}

export function resources(doc: Json, type: string): Record<string, Json> {
  return doc.resource?.[type] ?? {};
}

export function only(doc: Json, type: string): Json {
  const all = Object.values(resources(doc, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0] as Json;
}

export const trail = (doc: Json): Json => only(doc, 'aws_cloudtrail');
export const auditBucket = (doc: Json): string => refName(trail(doc).s3_bucket_name);

/** Split resources of `type` whose `bucket` refers to bucket `name`. */
export function splitOf(doc: Json, type: string, name: string): Json[] {
  const out = Object.values(resources(doc, type)).filter((r) => {
    try {
      return refName(r.bucket) === name;
    } catch {
      return false;
    }
  });
  if (out.length === 0) throw new Error(`no ${type} for bucket ${name}`);
  return out;
}

export const accessBucket = (doc: Json): string => refName((splitOf(doc, 'aws_s3_bucket_logging', auditBucket(doc))[0] as Json).target_bucket);
export const trailKey = (doc: Json): Json => resources(doc, 'aws_kms_key')[refName(trail(doc).kms_key_id)] as Json;
export const trailLogGroup = (doc: Json): Json => resources(doc, 'aws_cloudwatch_log_group')[refName(trail(doc).cloud_watch_logs_group_arn)] as Json;
export const first = <T>(list: readonly T[]): T => list[0] as T;

export function rolesTagged(doc: Json, role?: string): Json[] {
  const out = Object.values(resources(doc, 'aws_iam_role')).filter((r) => {
    const v = r.tags?.['auditready:role'];
    return role === undefined ? v !== undefined : v === role;
  });
  if (out.length === 0) throw new Error(`no role tagged ${role ?? 'auditready:role'}`);
  return out;
}

export const arr = (v: unknown): any[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * Edits the policy held in `holder[key]`, whichever form it has: a data.aws_iam_policy_document reference
 * (statement blocks), a JSON string, or `${jsonencode(...)}` (rewritten as a JSON string).
 */
export interface PolicyEdit {
  readonly addJson?: Json;
  readonly dropStatement?: (s: StatementForm) => boolean;
  readonly dropCondition?: (variable: string) => boolean;
  /** Limits dropCondition and dropAction to the statements this accepts. @default every statement */
  readonly where?: (s: StatementForm) => boolean;
  /** Removes matching actions; a statement left with none is removed. */
  readonly dropAction?: (action: string) => boolean;
  /** Changes statements in place (after the drops, before the addition). */
  readonly editStatement?: (s: StatementForm) => void;
}

/** One statement in either form: a data source's statement block, or a JSON statement. */
export interface StatementForm {
  readonly json?: Json;
  readonly block?: Json;
}

/** A statement's effect, actions and AWS/Service principal identifiers, whichever form it has. */
export function statementParts(s: StatementForm): { effect: string; actions: string[]; principals: string[]; text: string } {
  if (s.block)
    return {
      effect: s.block.effect ?? 'Allow',
      actions: arr(s.block.actions),
      principals: arr(s.block.principals).flatMap((p: Json) => arr(p.identifiers)),
      text: JSON.stringify(s.block),
    };
  const j = s.json as Json;
  const principal = j.Principal === '*' ? ['*'] : Object.values((j.Principal ?? {}) as Json).flatMap((v) => arr(v));
  return { effect: j.Effect, actions: arr(j.Action), principals: principal, text: JSON.stringify(j) };
}

/** Whether an IAM action pattern (with `*` and `?`) matches an action. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^$()|[\]\\{}]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(action);
}

export function editPolicy(doc: Json, holder: Json, key: string, edit: PolicyEdit): void {
  const value = holder[key] as string;
  const m = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/.exec(value);
  const where = (s: StatementForm): boolean => edit.where?.(s) ?? true;
  if (m) {
    const d = doc.data.aws_iam_policy_document[m[1] as string];
    let statements = arr(d.statement);
    if (edit.dropStatement) statements = statements.filter((s) => !edit.dropStatement!({ block: s }));
    if (edit.dropCondition)
      for (const s of statements) if (where({ block: s })) s.condition = arr(s.condition).filter((c: Json) => !edit.dropCondition!(c.variable));
    if (edit.dropAction) {
      for (const s of statements) if (where({ block: s }) && s.actions) s.actions = arr(s.actions).filter((a: string) => !edit.dropAction!(a));
      statements = statements.filter((s) => s.actions === undefined || arr(s.actions).length > 0);
    }
    if (edit.editStatement) for (const s of statements) edit.editStatement({ block: s });
    if (edit.addJson) statements.push(toBlock(edit.addJson));
    d.statement = statements;
    return;
  }
  const json = value.startsWith('${jsonencode(') ? (parseJsonencode(value.slice(2, -1)) as Json) : (JSON.parse(value) as Json);
  let statements = arr(json.Statement);
  if (edit.dropStatement) statements = statements.filter((s) => !edit.dropStatement!({ json: s }));
  if (edit.dropCondition) {
    for (const s of statements) {
      if (!where({ json: s })) continue;
      for (const [op, byKey] of Object.entries((s.Condition ?? {}) as Record<string, Json>)) {
        for (const variable of Object.keys(byKey)) if (edit.dropCondition(variable)) delete byKey[variable];
        if (Object.keys(byKey).length === 0) delete s.Condition[op];
      }
    }
  }
  if (edit.dropAction) {
    for (const s of statements) if (where({ json: s }) && s.Action !== undefined) s.Action = arr(s.Action).filter((a: string) => !edit.dropAction!(a));
    statements = statements.filter((s) => s.Action === undefined || arr(s.Action).length > 0);
  }
  if (edit.editStatement) for (const s of statements) edit.editStatement({ json: s });
  if (edit.addJson) statements.push(edit.addJson);
  json.Statement = statements;
  holder[key] = JSON.stringify(json);
}

/** A JSON policy statement as an aws_iam_policy_document statement block. */
function toBlock(j: Json): Json {
  const principals = (p: unknown): Json[] => Object.entries(p === '*' ? { AWS: '*' } : (p as Json)).map(([type, ids]) => ({ type, identifiers: arr(ids) }));
  return {
    ...(j.Sid !== undefined ? { sid: j.Sid } : {}),
    effect: j.Effect,
    ...(j.Action !== undefined ? { actions: arr(j.Action) } : {}),
    ...(j.NotAction !== undefined ? { not_actions: arr(j.NotAction) } : {}),
    ...(j.Resource !== undefined ? { resources: arr(j.Resource) } : {}),
    ...(j.NotResource !== undefined ? { not_resources: arr(j.NotResource) } : {}),
    ...(j.Principal !== undefined ? { principals: principals(j.Principal) } : {}),
    ...(j.NotPrincipal !== undefined ? { not_principals: principals(j.NotPrincipal) } : {}),
    ...(j.Condition !== undefined
      ? {
          condition: Object.entries(j.Condition as Record<string, Json>).flatMap(([test, byKey]) =>
            Object.entries(byKey).map(([variable, values]) => ({ test, variable, values: arr(values) })),
          ),
        }
      : {}),
  };
}

export const bucketPolicyHolder = (doc: Json, bucket: string): Json => first(splitOf(doc, 'aws_s3_bucket_policy', bucket));

/** The account the provider is pinned to, and the partition of its region. */
export function accountOf(doc: Json): { account: string; partition: string } {
  const provider = first(arr(doc.provider.aws)) as Json;
  const region = String(provider.region);
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return { account: String(first(arr(provider.allowed_account_ids))), partition };
}

/** The logical name of a resource object in the document. */
export function nameOf(doc: Json, type: string, resource: Json): string {
  const found = Object.entries(resources(doc, type)).find(([, r]) => r === resource);
  if (!found) throw new Error(`not a ${type} of this document`);
  return found[0];
}

/** Where a role's permissions are written: the policy a role attachment names, else the role's inline policy. */
export function rolePolicyHolder(doc: Json, role: Json): Json {
  const name = nameOf(doc, 'aws_iam_role', role);
  const attachment = Object.values(resources(doc, 'aws_iam_role_policy_attachment')).find((a) => refName(a.role) === name);
  if (attachment) return resources(doc, 'aws_iam_policy')[refName(attachment.policy_arn)] as Json;
  const inline = Object.values(resources(doc, 'aws_iam_role_policy')).find((p) => refName(p.role) === name);
  if (!inline) throw new Error(`no policy for role ${name}`);
  return inline;
}
