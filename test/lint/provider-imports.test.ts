import { join, relative } from 'node:path';
import { readImports, sourceFiles } from './imports';

const ROOT = join(__dirname, '..', '..');

/** The package root loads all 2,200 provider modules (seconds and ~550 MB per process). */
const isRootImport = (specifier: string): boolean => /^@cdktf\/provider-aws\/?$/.test(specifier);

test('provider classes are imported from submodules only, never from @cdktf/provider-aws itself', () => {
  const files = sourceFiles(ROOT);
  expect(files.length).toBeGreaterThan(20);
  const offenders = files.filter((f) => readImports(f).some((i) => isRootImport(i.specifier))).map((f) => relative(ROOT, f));
  expect(offenders).toEqual([]);
});

test('the rule recognizes the root import with and without a trailing slash, and only it', () => {
  expect(['@cdktf/provider-aws', '@cdktf/provider-aws/'].every(isRootImport)).toBe(true);
  expect(isRootImport('@cdktf/provider-aws/lib/s3-bucket')).toBe(false);
});
