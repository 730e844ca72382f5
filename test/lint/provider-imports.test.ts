import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SKIP = new Set(['node_modules', 'dist', 'cdktf.out', '.git', 'coverage']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name) || e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : /\.(ts|js|mjs|cjs)$/.test(e.name) ? [path] : [];
  });
}

/** The package root loads all 2,200 provider modules (seconds and ~550 MB per process). */
const ROOT_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)['"]@cdktf\/provider-aws\/?['"]/;

test('provider classes are imported from submodules only, never from @cdktf/provider-aws itself', () => {
  const files = sourceFiles(ROOT);
  expect(files.length).toBeGreaterThan(20);
  // This file holds examples of the forbidden form on purpose.
  const offenders = files.filter((f) => f !== __filename && ROOT_IMPORT.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
  expect(offenders).toEqual([]);
});

test('the rule recognizes every form of a root import', () => {
  for (const line of ["import { s3Bucket } from '@cdktf/provider-aws';", 'const aws = require("@cdktf/provider-aws");', "await import('@cdktf/provider-aws/')"])
    expect(line).toMatch(ROOT_IMPORT);
  expect("import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';").not.toMatch(ROOT_IMPORT);
});
