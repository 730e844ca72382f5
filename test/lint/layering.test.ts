import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type ImportRef, importsOf, partOf, readImports, sourceFiles, targetOf } from './imports';

/**
 * The architecture's one-way imports (docs: README "Architecture"): cli -> stacks -> constructs -> config,
 * all of them -> standard; policies and log-validation stand beside the cdktf side and depend on none of it;
 * access-report builds on log-validation and policies' filter patterns and is given its context by cli;
 * html-report (self-contained HTML pages) imports nothing, so any report may use it.
 * verify (deployed environments) builds on policies (and log-validation's AWS client settings) and is given
 * what it checks by cli. review (the posture diff and the evidence report) builds on policies,
 * log-validation's report and html-report; it reads verify's reports as files, not its code.
 * Tests and benchmarks sit on top; testkit/ is what both share.
 */
const ROOT = join(__dirname, '..', '..');

/** The command line, the entry point, benchmarks and tests: what no library part imports. */
const ENTRY_POINTS = ['cli', 'main', 'bench', 'test', 'testkit'];

/** Top-level parts of the repository each part must not import. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  standard: ['config', 'constructs', 'stacks', 'policies', 'log-validation', 'access-report', 'html-report', 'verify', 'review', ...ENTRY_POINTS],
  'html-report': ['standard', 'config', 'constructs', 'stacks', 'policies', 'log-validation', 'access-report', 'verify', 'review', ...ENTRY_POINTS],
  config: ['constructs', 'stacks', 'policies', 'log-validation', 'access-report', 'verify', 'review', ...ENTRY_POINTS],
  constructs: ['stacks', 'policies', 'log-validation', 'access-report', 'verify', 'review', ...ENTRY_POINTS],
  stacks: ['policies', 'log-validation', 'access-report', 'verify', 'review', ...ENTRY_POINTS],
  policies: ['config', 'constructs', 'stacks', 'log-validation', 'access-report', 'verify', 'review', ...ENTRY_POINTS],
  'log-validation': ['config', 'constructs', 'stacks', 'policies', 'access-report', 'verify', 'review', ...ENTRY_POINTS],
  'access-report': ['config', 'constructs', 'stacks', 'verify', 'review', ...ENTRY_POINTS],
  verify: ['config', 'constructs', 'stacks', 'access-report', 'review', ...ENTRY_POINTS],
  review: ['config', 'constructs', 'stacks', 'access-report', 'verify', ...ENTRY_POINTS],
  cli: ['main', 'bench', 'test', 'testkit'],
  main: ['cli', 'bench', 'test', 'testkit'],
  testkit: ['bench', 'test'],
  bench: ['test'],
};

/** Packages a part must not import: the standard is plain data; policies and log-validation never load cdktf. */
const FORBIDDEN_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  standard: ['*'],
  'html-report': ['*'],
  policies: ['cdktf', 'constructs', '@cdktf/provider-aws'],
  'log-validation': ['cdktf', 'constructs', '@cdktf/provider-aws'],
  'access-report': ['cdktf', 'constructs', '@cdktf/provider-aws'],
  review: ['cdktf', 'constructs', '@cdktf/provider-aws'],
  verify: ['cdktf', 'constructs', '@cdktf/provider-aws'],
};

/**
 * AGPL-3.0 packages: devDependencies that only tests may import, not even for types, so no part of what
 * we ship or run for users (bench, testkit included) is a work based on them.
 */
const TEST_ONLY_PACKAGES = new Set(['@cloud-copilot/iam-simulate']);

/** Parts that ship: at run time they may load only the package's dependencies (never a devDependency). */
const SHIPPED = new Set([
  'standard',
  'html-report',
  'config',
  'constructs',
  'stacks',
  'policies',
  'log-validation',
  'access-report',
  'verify',
  'review',
  'cli',
  'main',
]);
const DEPENDENCIES = new Set(Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies));

interface SourceFile {
  readonly path: string;
  readonly imports: readonly ImportRef[];
}

/** Every import that breaks a rule, as `file: imports 'x' (part): why`. */
function violations(root: string, files: readonly SourceFile[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const from = partOf(root, file.path);
    const name = relative(root, file.path);
    for (const ref of file.imports) {
      const target = targetOf(root, file.path, ref.specifier);
      if (target.kind === 'ours') {
        if (target.part === '..') found.push(`${name}: imports '${ref.specifier}', outside the repository`);
        else if (FORBIDDEN[from]?.includes(target.part))
          found.push(`${name}: imports '${ref.specifier}' (${target.part}): ${from} must not import ${target.part}`);
      } else if (target.kind === 'package') {
        const banned = FORBIDDEN_PACKAGES[from] ?? [];
        if (TEST_ONLY_PACKAGES.has(target.name) && from !== 'test')
          found.push(`${name}: imports package '${target.name}' (AGPL-3.0): only tests may import it`);
        else if (banned.includes('*') || banned.includes(target.name)) found.push(`${name}: imports package '${target.name}': ${from} must not import it`);
        else if (SHIPPED.has(from) && !ref.typeOnly && !DEPENDENCIES.has(target.name))
          found.push(`${name}: imports package '${target.name}', which is not a dependency in package.json: shipped code cannot load it`);
      }
    }
  }
  return found;
}

test('every import runs the way the architecture says', () => {
  const files = sourceFiles(ROOT).map((path) => ({ path, imports: readImports(path) }));
  expect(files.length).toBeGreaterThan(100);
  // The parser sees relative imports: without them the rules would pass vacuously.
  expect(files.flatMap((f) => f.imports).filter((i) => i.specifier.startsWith('.')).length).toBeGreaterThan(200);
  expect(violations(ROOT, files)).toEqual([]);
});

test('the parser finds every form of import, and nothing in strings or comments', () => {
  const source = [
    "import type { A } from './a';",
    "import b from 'b';",
    "export * from './c';",
    "export { d } from './d';",
    "import './e';",
    "import f = require('./f');",
    "const g = require('./g');",
    "async function h() { return import('./h'); }",
    "// import x from './not-an-import';",
    'const s = "require(\'./not-an-import-either\')";',
  ].join('\n');
  expect(importsOf(source)).toEqual([
    { specifier: './a', typeOnly: true },
    { specifier: 'b', typeOnly: false },
    { specifier: './c', typeOnly: false },
    { specifier: './d', typeOnly: false },
    { specifier: './e', typeOnly: false },
    { specifier: './f', typeOnly: false },
    { specifier: './g', typeOnly: false },
    { specifier: './h', typeOnly: false },
  ]);
});

test('each kind of violation is reported', () => {
  const root = '/repo';
  const file = (path: string, ...specifiers: string[]): SourceFile => ({
    path: `${root}/${path}`,
    imports: specifiers.map((specifier) => ({ specifier, typeOnly: false })),
  });
  expect(
    violations(root, [
      file('policies/rules/x.ts', '../../config/environment-schema', 'cdktf', '../model'),
      file('constructs/x.ts', '../stacks/audit-logging-stack', '../config/regions'),
      file('config/x.ts', '../constructs/x'),
      file('log-validation/x.ts', '@cdktf/provider-aws/lib/s3-bucket'),
      file('standard/x.ts', '../config/x', 'valibot', './tiers'),
      file('bench/x.ts', '../test/harness/terraform', '../testkit/s3-server'),
      file('cli/x.ts', '@cloud-copilot/iam-simulate', 'node:fs', 'fs/promises', 'commander'),
      file('test/x.ts', '@cloud-copilot/iam-simulate', '../../outside'),
      { path: `${root}/constructs/y.ts`, imports: [{ specifier: '@cloud-copilot/iam-simulate', typeOnly: true }] },
      file('testkit/x.ts', '@cloud-copilot/iam-simulate'),
    ]),
  ).toEqual([
    "policies/rules/x.ts: imports '../../config/environment-schema' (config): policies must not import config",
    "policies/rules/x.ts: imports package 'cdktf': policies must not import it",
    "constructs/x.ts: imports '../stacks/audit-logging-stack' (stacks): constructs must not import stacks",
    "config/x.ts: imports '../constructs/x' (constructs): config must not import constructs",
    "log-validation/x.ts: imports package '@cdktf/provider-aws': log-validation must not import it",
    "standard/x.ts: imports '../config/x' (config): standard must not import config",
    "standard/x.ts: imports package 'valibot': standard must not import it",
    "bench/x.ts: imports '../test/harness/terraform' (test): bench must not import test",
    "cli/x.ts: imports package '@cloud-copilot/iam-simulate' (AGPL-3.0): only tests may import it",
    "test/x.ts: imports '../../outside', outside the repository",
    "constructs/y.ts: imports package '@cloud-copilot/iam-simulate' (AGPL-3.0): only tests may import it",
    "testkit/x.ts: imports package '@cloud-copilot/iam-simulate' (AGPL-3.0): only tests may import it",
  ]);
});

test('AGPL-3.0 packages are exact-pinned devDependencies, never dependencies', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const name of TEST_ONLY_PACKAGES) {
    expect({ name, dependency: pkg.dependencies?.[name] }).toEqual({ name, dependency: undefined });
    expect({ name, devDependency: pkg.devDependencies?.[name] }).toEqual({ name, devDependency: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  }
});
