/**
 * `auditready diff` on an organization's two stacks: a change to an SCP, an RCP or the organization trail
 * stated in words, with the verdict and what it lets people do (the organization access matrix, decided
 * with the guardrails applied as AWS applies them), and the exit code of the command on directories with
 * the log archive's names declared external as check declares them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelFromDocument } from '../../policies/load';
import { diffPostures, type PostureDiff, type Side } from '../../review/diff';
import { logArchiveNamesUsedByManagement } from '../../stacks/organization-names';
import { runCli } from '../cli/run-cli';
import { clone, type Json } from '../policies/fixtures/environment';
import { exampleOrganization, synthOrganization } from '../support/organization-stacks';

const TODAY = '2026-06-01';
const BASE = synthOrganization();
const EXTERNALS = logArchiveNamesUsedByManagement(BASE.org);
const LA = 'example-org-log-archive';
const MG = 'example-org-management';

type Stacks = Record<typeof LA | typeof MG, Json>;
const copy = (): Stacks => ({ [LA]: clone(BASE.logArchive as Json), [MG]: clone(BASE.management as Json) }) as Stacks;
const side = (stacks: Stacks, externals: readonly string[] = EXTERNALS): Side => ({
  models: Object.entries(stacks).map(([id, tf]) => modelFromDocument(tf, `cdktf.out/stacks/${id}/cdk.tf.json`)),
  waivers: [],
  externals,
});
const diff = (head: Stacks): PostureDiff => diffPostures(side(copy()), side(head), { today: TODAY });
const texts = (d: PostureDiff, direction?: string) =>
  d.environments.flatMap((e) => e.changes.filter((c) => direction === undefined || c.direction === direction).map((c) => `${e.name}: ${c.text}`));
const statement = (tf: Json, doc: string, sid: string): Json => {
  const s = (tf.data.aws_iam_policy_document[doc].statement as Json[]).find((x) => x.sid === sid);
  if (!s) throw new Error(`no statement ${sid} in ${doc}`);
  return s;
};

describe('organization diff pairs: verdict and wording', () => {
  test('nothing changed: neutral, both stacks unchanged', () => {
    const d = diff(copy());
    expect(d).toMatchObject({ verdict: 'neutral', ok: true });
    expect(d.environments.map((e) => [e.name, e.status])).toEqual([
      [LA, 'unchanged'],
      [MG, 'unchanged'],
    ]);
  });

  test("an SCP exception widened to every account's Administrator role: weakening; the SCP rule fails, the exception and what it lets members do are named", () => {
    const head = copy();
    const exception = statement(head[MG], 'guardrails_scp_document', 'DenyChangingTheOrganizationTrail').condition[0];
    exception.test = 'ArnNotLike';
    exception.values.push('arn:aws:iam::*:role/Administrator');
    const d = diff(head);
    expect(d).toMatchObject({ verdict: 'weakening', ok: false });
    expect(texts(d, 'weakening')).toEqual([
      `${MG}: org-scp-protects-trail newly failing on aws_cloudtrail.trail_trail: no attached SCP denies cloudtrail:StopLogging to every member principal outside the named exceptions`,
      `${MG}: SCP example-org-protect-audit-trail, statement DenyChangingTheOrganizationTrail now leaves out aws:PrincipalArn matching arn:aws:iam::*:role/Administrator`,
      `${MG}: member admin (*) can now stop the organization trail as a CloudTrail delegated administrator in a member account`,
      `${MG}: log-archive admin (*) can now stop the organization trail as a CloudTrail delegated administrator in a member account`,
    ]);
  });

  test("an RCP exception widened to the log archive's deployer: the rule still passes (the exception is named), yet the diff weakens and says what the deployer can now destroy", () => {
    const head = copy();
    statement(head[MG], 'guardrails_rcp_document', 'DenyDestroyingEvidence').condition[0].values.push('arn:aws:iam::666666666666:role/auditready-deployer');
    const d = diff(head);
    expect(d).toMatchObject({ verdict: 'weakening', ok: false });
    expect(texts(d, 'weakening')).toEqual([
      `${LA}: deployer (log archive) auditready-deployer can now delete a log version under a bucket policy rewritten to allow it to the whole organization`,
      `${MG}: RCP example-org-protect-log-archive, statement DenyDestroyingEvidence now leaves out aws:PrincipalArn arn:aws:iam::666666666666:role/auditready-deployer`,
    ]);
    expect(d.environments.flatMap((e) => e.changes).filter((c) => c.kind === 'rule')).toEqual([]);
  });

  test('the trail no longer organization-wide: weakening, the rule and the setting', () => {
    const head = copy();
    head[MG].resource.aws_cloudtrail.trail_trail.is_organization_trail = false;
    const d = diff(head);
    expect(d).toMatchObject({ verdict: 'weakening', ok: false });
    expect(texts(d)).toEqual([
      `${MG}: org-trail-organization-wide newly failing on aws_cloudtrail.trail_trail: is_organization_trail is false: the trail logs the management account only: member accounts go unlogged`,
      `${MG}: trail example-org-organization-trail: every account of the organization (organization trail) changed from enabled to disabled`,
    ]);
  });

  test('the SCP detached from a member account: weakening, naming the account', () => {
    const head = copy();
    delete head[MG].resource.aws_organizations_policy_attachment['guardrails_scp_attachment-222222222222'];
    const d = diff(head);
    expect(d.verdict).toBe('weakening');
    expect(texts(d, 'weakening')).toEqual([`${MG}: SCP example-org-protect-audit-trail is no longer attached to 222222222222`]);
  });

  test("the RCP's data perimeter dropped: weakening; the outsider may now read a log file under policies rewritten to grant it", () => {
    const head = copy();
    const rcp = head[MG].data.aws_iam_policy_document.guardrails_rcp_document;
    rcp.statement = (rcp.statement as Json[]).filter((s) => s.sid !== 'DenyAccessFromOutsideTheOrganization');
    const d = diff(head);
    expect(d.verdict).toBe('weakening');
    expect(texts(d, 'weakening')).toEqual(
      expect.arrayContaining([
        `${LA}: admin outside the organization (*) can now read a log file under bucket and key policies rewritten to grant another organization's account`,
        `${MG}: RCP example-org-protect-log-archive, statement DenyAccessFromOutsideTheOrganization no longer denies kms:* on arn:aws:s3:::example-org-audit-logs-666666666666-eu-central-1, arn:aws:s3:::example-org-access-logs-666666666666-eu-central-1, arn:aws:s3:::example-org-audit-logs-666666666666-eu-central-1/*, arn:aws:s3:::example-org-access-logs-666666666666-eu-central-1/*, arn:aws:kms:*:666666666666:key/* to *`,
      ]),
    );
  });

  test('a harmless tag change on both stacks: neutral', () => {
    const head = synthOrganization({ tags: { ...exampleOrganization().tags, 'cost-center': 'platform' } });
    const d = diffPostures(side(copy()), side({ [LA]: clone(head.logArchive as Json), [MG]: clone(head.management as Json) } as Stacks), { today: TODAY });
    expect(d).toMatchObject({ verdict: 'neutral', ok: true });
    expect(d.environments.map((e) => e.changes.map((c) => c.kind))).toEqual([['setting'], ['setting']]);
  });

  test('the log archive removed from the head: weakening, and the management stack can no longer say who can do what', () => {
    const { [LA]: _removed, ...head } = copy();
    const d = diffPostures(side(copy()), side(head as Stacks), { today: TODAY });
    expect(d.verdict).toBe('weakening');
    expect(texts(d, 'weakening')).toEqual([
      `${LA}: organization stack ${LA} removed: the organization's log archive (its buckets, key and roles) is no longer in the configuration`,
      `${MG}: the access matrix can no longer be computed: no log archive stack among the inputs holds the organization trail's bucket example-org-audit-logs-666666666666-eu-central-1`,
    ]);
  });
});

describe('auditready diff on directories of organization stacks', () => {
  let dir: string;
  const write = (root: string, stacks: Stacks) => {
    for (const [id, tf] of Object.entries(stacks)) {
      mkdirSync(join(root, 'stacks', id), { recursive: true });
      writeFileSync(join(root, 'stacks', id, 'cdk.tf.json'), JSON.stringify(tf));
    }
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'auditready-diff-org-'));
    write(join(dir, 'base'), copy());
    const head = copy();
    head[MG].resource.aws_cloudtrail.trail_trail.is_organization_trail = false;
    write(join(dir, 'head'), head);
    writeFileSync(join(dir, 'none.json'), '[]');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('--external names the log archive as check takes it: the trail change fails the diff (exit 1); the same stacks compare unchanged (exit 0)', async () => {
    const args = (head: string) => [
      'diff',
      '--base',
      join(dir, 'base'),
      '--head',
      join(dir, head),
      '--waivers',
      join(dir, 'none.json'),
      ...EXTERNALS.flatMap((e) => ['--external', e]),
      '--format',
      'json',
    ];
    const weaker = await runCli(args('head'));
    expect(weaker.code).toBe(1);
    const management = JSON.parse(weaker.stdout).environments.find((e: Json) => e.name === MG);
    expect(management.changes.map((c: Json) => c.text)).toContain(
      'trail example-org-organization-trail: every account of the organization (organization trail) changed from enabled to disabled',
    );
    const same = await runCli(args('base'));
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).environments.map((e: Json) => [e.name, e.status])).toEqual([
      [LA, 'unchanged'],
      [MG, 'unchanged'],
    ]);
  });
});
