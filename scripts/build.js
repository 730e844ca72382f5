/**
 * Builds dist/ from the TypeScript sources with swc, without type checking (`npm run typecheck` and CI do
 * that): `npm run build`, the cdktf app (scripts/cdktf-app.js) and the bin. Incremental: a source is
 * transpiled again only when its size or modification time changed, and the output of a deleted source is
 * removed, so that nothing stale can be loaded. With nothing changed, a build only reads file metadata.
 *
 * The sources are tsconfig.build.json's `include` folders (and files), under its `rootDir`, into its `outDir`.
 */
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const SWC_OPTIONS = require('./swc-options');

const STATE_FILE = '.build-state.json';

function config(root) {
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'));
  const options = tsconfig.compilerOptions;
  return { include: tsconfig.include, rootDir: resolve(root, options.rootDir), outDir: resolve(root, options.outDir) };
}

/** Every `.ts` source (declaration files excluded), relative to rootDir, with the size and mtime it has now. */
function sources(root, rootDir, include) {
  const found = new Map();
  const add = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules' && !entry.startsWith('.')) add(join(path, entry));
    } else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) {
      found.set(relative(rootDir, path), `${stat.size}:${stat.mtimeMs}`);
    }
  };
  // A folder named in `include` that does not exist yet is skipped, as tsc skips it.
  for (const entry of include) if (existsSync(resolve(root, entry))) add(resolve(root, entry));
  return found;
}

function readState(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Writes via a temporary file and a rename, so a concurrent build or a reader never sees half a file. */
function writeAtomically(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const outputOf = (outDir, source) => join(outDir, source.replace(/\.ts$/, '.js'));

/**
 * Brings dist/ up to date. Returns what it transpiled and removed (source paths relative to rootDir).
 * @param {{ root?: string, log?: (line: string) => void }} [options] root: the project (where tsconfig.build.json is)
 */
function build(options = {}) {
  const root = options.root ?? resolve(__dirname, '..');
  const { include, rootDir, outDir } = config(root);
  const current = sources(root, rootDir, include);
  const statePath = join(outDir, STATE_FILE);
  // The transpiler's version and settings are part of every output: when they change, everything is rebuilt.
  const swcVersion = require('@swc/core/package.json').version;
  const toolchain = JSON.stringify({ swcVersion, SWC_OPTIONS });
  const previous = readState(statePath);
  const known = previous?.toolchain === toolchain ? previous.files : {};

  const changed = [...current].filter(([source, stamp]) => known[source] !== stamp || !existsSync(outputOf(outDir, source))).map(([source]) => source);
  const removed = Object.keys(known).filter((source) => !current.has(source));
  for (const source of removed) {
    rmSync(outputOf(outDir, source), { force: true });
    rmSync(`${outputOf(outDir, source)}.map`, { force: true });
  }
  if (changed.length > 0) {
    // Loaded only when there is work: with nothing changed, a build costs file metadata reads.
    const swc = require('@swc/core');
    for (const source of changed) {
      const output = outputOf(outDir, source);
      const result = swc.transformFileSync(join(rootDir, source), {
        ...SWC_OPTIONS,
        filename: join(rootDir, source),
        sourceMaps: true,
        sourceFileName: relative(dirname(output), join(rootDir, source)),
        outputPath: output,
        swcrc: false,
        configFile: false,
      });
      writeAtomically(output, `${result.code}\n//# sourceMappingURL=${output.split('/').pop()}.map\n`);
      writeAtomically(`${output}.map`, result.map);
    }
  }
  if (changed.length > 0 || removed.length > 0 || previous?.toolchain !== toolchain) {
    writeAtomically(statePath, JSON.stringify({ toolchain, files: Object.fromEntries(current) }));
  }
  options.log?.(`build: ${changed.length} transpiled, ${removed.length} removed, ${current.size - changed.length} unchanged`);
  return { changed, removed };
}

module.exports = { build };

if (require.main === module) {
  try {
    build({ log: (line) => process.stderr.write(`${line}\n`) });
  } catch (err) {
    process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
