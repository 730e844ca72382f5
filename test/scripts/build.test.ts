import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const { build } = require('../../scripts/build') as { build(options: { root: string }): { changed: string[]; removed: string[] } };

/** A small project laid out like this one: tsconfig.build.json's include, rootDir and outDir. */
let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const run = () => execFileSync(process.execPath, [join(root, 'dist', 'main.js')], { encoding: 'utf8' });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'auditready-build-'));
  write('tsconfig.build.json', JSON.stringify({ compilerOptions: { rootDir: '.', outDir: 'dist' }, include: ['main.ts', 'lib'] }));
  write('lib/greeting.ts', "export interface Greeting { readonly text: string }\nexport const greeting: Greeting = { text: 'hello' };\n");
  write(
    'lib/counter.ts',
    // A declared field without initializer exists on instances under tsc's ES2022 output (define semantics): so under swc's.
    'export class Counter {\n  note!: string;\n  readonly doubled: number;\n  constructor(readonly start: number) {\n    this.doubled = start * 2;\n  }\n}\n',
  );
  write(
    'main.ts',
    "import { Counter } from './lib/counter';\nimport { greeting } from './lib/greeting';\nconst c = new Counter(2);\nconsole.log(greeting.text, c.doubled, 'note' in c);\n",
  );
  write('notes.ts.txt', 'not a source');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('transpiles every source once, then only what changed, and removes the output of deleted sources', () => {
  expect(build({ root }).changed.sort()).toEqual(['lib/counter.ts', 'lib/greeting.ts', 'main.ts']);
  expect(run()).toBe('hello 4 true\n');
  expect(existsSync(join(root, 'dist', 'main.js.map'))).toBe(true);

  expect(build({ root })).toEqual({ changed: [], removed: [] });

  write('lib/greeting.ts', "export const greeting = { text: 'hi' };\n");
  expect(build({ root })).toEqual({ changed: ['lib/greeting.ts'], removed: [] });
  expect(run()).toBe('hi 4 true\n');

  unlinkSync(join(root, 'dist', 'lib', 'counter.js'));
  expect(build({ root })).toEqual({ changed: ['lib/counter.ts'], removed: [] });

  write('main.ts', "import { greeting } from './lib/greeting';\nconsole.log(greeting.text);\n");
  unlinkSync(join(root, 'lib', 'counter.ts'));
  expect(build({ root })).toEqual({ changed: ['main.ts'], removed: ['lib/counter.ts'] });
  expect(existsSync(join(root, 'dist', 'lib', 'counter.js'))).toBe(false);
  expect(run()).toBe('hi\n');
});

test('a change of the transpiler settings rebuilds everything', () => {
  build({ root });
  const state = JSON.parse(readFileSync(join(root, 'dist', '.build-state.json'), 'utf8'));
  writeFileSync(join(root, 'dist', '.build-state.json'), JSON.stringify({ ...state, toolchain: 'another swc' }));
  expect(build({ root }).changed).toHaveLength(3);
});
