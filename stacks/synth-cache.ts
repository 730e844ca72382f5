import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { replaceDirectory } from './replace-directory';

/** What the cached synthesis depends on besides the code: these environment variables and the environments and organizations files. */
const KEYED_ENV = /^(CDKTF_|SYNTH_|AUDITREADY_|TERRAFORM_BINARY_NAME$)/;
/** cdktf writes the same files whatever the output directory is (a test checks this), so it is not part of the key. */
const UNKEYED_ENV = new Set(['CDKTF_OUTDIR', 'AUDITREADY_SYNTH_CACHE_DIR']);
/** Entries kept: the current synthesis and a few before it, for switching back and forth between branches. */
const KEEP = 4;
const SUMMARY = '.auditready-synth.json';

/**
 * The output of the last few syntheses, keyed by everything that decides what cdktf writes: the app's
 * compiled code, the installed dependencies (npm's lock files), the Node version, the environments file
 * and the environment variables cdktf and auditready read. When nothing of that changed, `restore`
 * puts the same files in place without loading cdktf; a change to any byte of it is a miss.
 */
export class SynthCache {
  /**
   * The cache for the app in `codeDir` (dist/), in `<project>/node_modules/.cache/auditready/synth`
   * or AUDITREADY_SYNTH_CACHE_DIR.
   */
  static forApp(codeDir: string, env: NodeJS.ProcessEnv): SynthCache | undefined {
    const project = resolve(codeDir, '..');
    const dir = env.AUDITREADY_SYNTH_CACHE_DIR ?? join(project, 'node_modules', '.cache', 'auditready', 'synth');
    const key = keyOf(codeDir, project, env);
    return key === undefined ? undefined : new SynthCache(dir, key);
  }

  private constructor(
    private readonly dir: string,
    /** Hex SHA-256 of every input. */
    readonly key: string,
  ) {}

  /** Puts the cached output in `outdir`, all or nothing, and returns its summary; undefined on a miss. */
  restore(outdir: string): string | undefined {
    const entry = join(this.dir, this.key);
    let summary: string;
    try {
      summary = (JSON.parse(readFileSync(join(entry, SUMMARY), 'utf8')) as { summary: string }).summary;
    } catch {
      return undefined;
    }
    replaceDirectory(outdir, (staging) => copyTree(entry, staging, (name) => name !== SUMMARY));
    return summary;
  }

  /** Keeps a copy of `outdir`, just synthesized, with its one-line summary. A failure to cache is not an error. */
  store(outdir: string, summary: string): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      const staging = mkdtempSync(join(this.dir, '.staging-'));
      copyTree(outdir, staging);
      // Written last: an entry without it is incomplete and never restored.
      writeFileSync(join(staging, SUMMARY), JSON.stringify({ summary }));
      rmSync(join(this.dir, this.key), { recursive: true, force: true });
      renameSync(staging, join(this.dir, this.key));
      this.prune();
    } catch {
      // A read-only or full disk only costs the next run its speed.
    }
  }

  private prune(): void {
    const entries = readdirSync(this.dir)
      .map((name) => ({ name, mtime: statSync(join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of entries.slice(KEEP)) rmSync(join(this.dir, old.name), { recursive: true, force: true });
  }
}

/** The key, or undefined when the environments or organizations file cannot be read (synthesis then reports why). */
function keyOf(codeDir: string, project: string, env: NodeJS.ProcessEnv): string | undefined {
  const hash = createHash('sha256');
  const add = (label: string, value: string | Buffer) => hash.update(`${label}\0${value.length}\0`).update(value);
  add('node', `${process.version} ${process.arch}`);
  for (const file of filesBelow(codeDir)) add(`code:${relative(codeDir, file)}`, readFileSync(file));
  for (const lock of [join(project, 'package-lock.json'), join(project, 'node_modules', '.package-lock.json')]) {
    add(`lock:${relative(project, lock)}`, existsSync(lock) ? readFileSync(lock) : '(none)');
  }
  for (const name of Object.keys(env)
    .filter((n) => KEYED_ENV.test(n) && !UNKEYED_ENV.has(n))
    .sort())
    add(`env:${name}`, env[name] ?? '');
  for (const [label, file] of [
    ['environments-file', env.AUDITREADY_ENVIRONMENTS_FILE],
    ['organizations-file', env.AUDITREADY_ORGANIZATIONS_FILE],
  ] as const) {
    if (!file) continue;
    try {
      add(label, readFileSync(file));
    } catch {
      return undefined;
    }
  }
  return hash.digest('hex');
}

/** Copies the files below `from` into the existing directory `to` (fs.cpSync costs several times more for a few files). */
function copyTree(from: string, to: string, keep: (name: string) => boolean = () => true): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (!keep(entry.name)) continue;
    if (entry.isDirectory()) {
      mkdirSync(join(to, entry.name));
      copyTree(join(from, entry.name), join(to, entry.name), keep);
    } else {
      copyFileSync(join(from, entry.name), join(to, entry.name));
    }
  }
}

/** The JavaScript files below `dir`: what the app runs. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesBelow(join(dir, e.name)) : e.isFile() && e.name.endsWith('.js') ? [join(dir, e.name)] : []))
    .sort();
}
