/**
 * The cdktf app as `cdktf synth` runs it (cdktf.json's "app"): dist/ built by swc without type checking,
 * and output reused when no input changed. What it writes must be byte for byte what the app compiled by
 * tsc writes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { exampleOrganization } from '../support/organization-stacks';
import { exampleEnvironment } from '../support/terraform-json';

const ROOT = join(__dirname, '..', '..');
const APP = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).app as string;

let work: string;
/** What the app printed on its first run, into `swc`, with an empty cache. */
let firstRun: string;
beforeAll(() => {
  // Inside node_modules/.cache: the tsc-built reference resolves cdktf from the project's node_modules.
  const cacheRoot = join(ROOT, 'node_modules', '.cache', 'auditready');
  mkdirSync(cacheRoot, { recursive: true });
  work = mkdtempSync(join(cacheRoot, 'app-test-'));
  firstRun = runApp(APP, 'swc');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a node command line (as cdktf would run the app) with the output and cache directories given. */
function runApp(command: string, outdir: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('sh', ['-c', command], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDKTF_OUTDIR: join(work, outdir), AUDITREADY_SYNTH_CACHE_DIR: join(work, 'cache'), ...env },
  });
}

/** Every file below `dir`, relative path -> bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

test('cdktf.json runs the swc-built app, which writes exactly what the tsc-built app writes', () => {
  expect(APP).toBe('node scripts/cdktf-app.js');
  expect(firstRun).toBe(
    `synthesized dev (dev), staging (staging), prod (prod), organization example-org (prod): example-org-log-archive, example-org-management into ${join(work, 'swc')}\n`,
  );

  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(work, 'tsc-dist')], { cwd: ROOT });
  runApp(`node ${join(work, 'tsc-dist', 'main.js')}`, 'tsc', { AUDITREADY_SYNTH_CACHE_DIR: join(work, 'tsc-cache') });

  const swc = tree(join(work, 'swc'));
  expect([...swc.keys()].sort()).toEqual([
    'manifest.json',
    'stacks/dev/cdk.tf.json',
    'stacks/example-org-log-archive/cdk.tf.json',
    'stacks/example-org-management/cdk.tf.json',
    'stacks/prod/cdk.tf.json',
    'stacks/staging/cdk.tf.json',
  ]);
  expect(swc).toEqual(tree(join(work, 'tsc')));
});

test('with no input changed the app puts the same bytes in place from its cache; a changed input synthesizes again', () => {
  // The first run filled the cache (keys are checked input by input in synth-cache.test.ts).
  expect(runApp(APP, 'again')).toContain('(inputs unchanged: the previous output)');
  expect(tree(join(work, 'again'))).toEqual(tree(join(work, 'swc')));

  const file = join(work, 'environments.json');
  const organizations = join(work, 'organizations.json');
  writeFileSync(file, JSON.stringify([exampleEnvironment('prod')]));
  writeFileSync(organizations, '[]');
  const fromFiles = { AUDITREADY_ENVIRONMENTS_FILE: file, AUDITREADY_ORGANIZATIONS_FILE: organizations };
  expect(runApp(APP, 'from-file', fromFiles)).toBe(`synthesized prod (prod) into ${join(work, 'from-file')}\n`);
  writeFileSync(organizations, JSON.stringify([exampleOrganization()]));
  expect(runApp(APP, 'organization-added', fromFiles)).not.toContain('inputs unchanged');
  writeFileSync(file, JSON.stringify([{ ...exampleEnvironment('prod'), logGroupRetentionDays: 731 }]));
  expect(runApp(APP, 'changed-file', fromFiles)).not.toContain('inputs unchanged');
  const changed = readFileSync(join(work, 'changed-file', 'stacks', 'prod', 'cdk.tf.json'), 'utf8');
  expect(changed).toContain('"retention_in_days": 731');
  expect(changed).not.toEqual(readFileSync(join(work, 'from-file', 'stacks', 'prod', 'cdk.tf.json'), 'utf8'));
});
