import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SynthCache } from '../../stacks/synth-cache';

/** A project with compiled code in dist/ and npm's lock files, as the app sees it. */
let project: string;
const dist = () => join(project, 'dist');
const keyOf = (env: NodeJS.ProcessEnv = {}) => SynthCache.forApp(dist(), { AUDITREADY_SYNTH_CACHE_DIR: join(project, 'cache'), ...env })?.key;

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'auditready-synth-cache-'));
  mkdirSync(join(project, 'dist', 'stacks'), { recursive: true });
  mkdirSync(join(project, 'node_modules'));
  writeFileSync(join(project, 'dist', 'main.js'), 'main');
  writeFileSync(join(project, 'dist', 'stacks', 'stack.js'), 'stack');
  writeFileSync(join(project, 'package-lock.json'), '{}');
  writeFileSync(join(project, 'node_modules', '.package-lock.json'), '{}');
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

test('the key changes with any byte of the code, the installed dependencies, the environments file or a variable cdktf reads', () => {
  const base = keyOf();
  expect(keyOf()).toBe(base);
  expect(keyOf({ CDKTF_OUTDIR: '/elsewhere', PATH: '/other', HOME: '/x' })).toBe(base);

  const changes: [string, () => void, NodeJS.ProcessEnv?][] = [
    ['a compiled file', () => writeFileSync(join(project, 'dist', 'stacks', 'stack.js'), 'stack2')],
    ['a new compiled file', () => writeFileSync(join(project, 'dist', 'stacks', 'extra.js'), '')],
    ['package-lock.json', () => writeFileSync(join(project, 'package-lock.json'), '{ }')],
    ['the installed tree', () => writeFileSync(join(project, 'node_modules', '.package-lock.json'), '{ }')],
  ];
  for (const [what, change] of changes) {
    const before = keyOf();
    change();
    expect([what, keyOf()]).not.toEqual([what, before]);
  }
  const now = keyOf();
  for (const env of [{ CDKTF_CONTEXT_JSON: '{}' }, { CDKTF_TARGET_STACK_ID: 'prod' }, { SYNTH_HCL_OUTPUT: 'true' }, { TERRAFORM_BINARY_NAME: 'tofu' }]) {
    expect(keyOf(env)).not.toBe(now);
  }
  for (const variable of ['AUDITREADY_ENVIRONMENTS_FILE', 'AUDITREADY_ORGANIZATIONS_FILE']) {
    const file = join(project, `${variable}.json`);
    writeFileSync(file, '[]');
    const withFile = keyOf({ [variable]: file });
    writeFileSync(file, '[ ]');
    expect([variable, keyOf({ [variable]: file })]).not.toEqual([variable, withFile]);
    // An unreadable file has no key: synthesis runs and reports it.
    expect([variable, keyOf({ [variable]: join(project, 'missing.json') })]).toEqual([variable, undefined]);
  }
});

test('restores exactly what was stored, and nothing for an entry it never completed', () => {
  const cache = SynthCache.forApp(dist(), { AUDITREADY_SYNTH_CACHE_DIR: join(project, 'cache') }) as SynthCache;
  expect(cache.restore(join(project, 'out'))).toBeUndefined();
  mkdirSync(join(project, 'synthesized', 'stacks', 'prod'), { recursive: true });
  writeFileSync(join(project, 'synthesized', 'stacks', 'prod', 'cdk.tf.json'), '{"x":1}');
  cache.store(join(project, 'synthesized'), 'prod (prod)');
  mkdirSync(join(project, 'out'));
  writeFileSync(join(project, 'out', 'stale.json'), 'from an older synthesis');
  expect(cache.restore(join(project, 'out'))).toBe('prod (prod)');
  expect(readFileSync(join(project, 'out', 'stacks', 'prod', 'cdk.tf.json'), 'utf8')).toBe('{"x":1}');
  expect(() => readFileSync(join(project, 'out', 'stale.json'))).toThrow();

  rmSync(join(project, 'cache', cache.key, '.auditready-synth.json'));
  expect(cache.restore(join(project, 'out2'))).toBeUndefined();
});
