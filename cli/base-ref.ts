/**
 * The environments and organizations of another commit (`auditready diff --base-ref REF`): the commit is checked out in a
 * temporary git worktree and synthesized there with its own code (`npm run synth` of that commit),
 * reusing this checkout's node_modules through a symlink rather than installing again. The worktree is
 * removed whatever happens.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expandPaths, InputError, modelFromDocument } from '../policies/load';
import type { Model } from '../policies/model';
import type { Waiver } from '../policies/waivers';

export interface RefEnvironments {
  readonly commit: string;
  readonly models: Model[];
  readonly waivers: Waiver[];
  /** What the commit's own check declares external: its organizations' log-archive names. */
  readonly externals: string[];
  /** Things the user should know (dependencies that differ from the commit's lock file). */
  readonly notes: string[];
}

function git(args: readonly string[], cwd: string): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.error) throw new InputError(`--base-ref: cannot run git (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`);
  return { ok: r.status === 0, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

/** Synthesizes every environment of `ref` in the git repository around `cwd`. Throws InputError when it cannot. */
export function synthesizeRef(ref: string, cwd: string = process.cwd()): RefEnvironments {
  const top = git(['rev-parse', '--show-toplevel'], cwd);
  if (!top.ok) throw new InputError(`--base-ref ${ref}: ${cwd} is not in a git repository`);
  const root = top.stdout;
  const resolved = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  if (!resolved.ok) throw new InputError(`--base-ref ${ref}: not a commit of the repository at ${root} (fetch it first, e.g. git fetch origin main)`);
  const commit = resolved.stdout;
  const modules = join(root, 'node_modules');
  if (!existsSync(modules)) throw new InputError(`--base-ref ${ref}: ${modules} does not exist; run npm ci first`);

  const scratch = mkdtempSync(join(tmpdir(), 'auditready-base-'));
  const tree = join(scratch, 'tree');
  try {
    const added = git(['worktree', 'add', '--detach', '--quiet', tree, commit], root);
    if (!added.ok) throw new InputError(`--base-ref ${ref}: git worktree add failed: ${added.stderr}`);
    symlinkSync(modules, join(tree, 'node_modules'), 'dir');
    const notes: string[] = [];
    const lock = (dir: string) => (existsSync(join(dir, 'package-lock.json')) ? readFileSync(join(dir, 'package-lock.json'), 'utf8') : '');
    if (lock(tree) !== lock(root))
      notes.push(`the base ${ref} has other dependencies (package-lock.json differs): it was synthesized with this checkout's node_modules`);
    // The base's own synth command, its own output directory and cache: nothing of this checkout is written.
    const synth = spawnSync('npm', ['run', '--silent', 'synth'], {
      cwd: tree,
      encoding: 'utf8',
      env: { ...process.env, AUDITREADY_SYNTH_CACHE_DIR: join(scratch, 'synth-cache') },
    });
    if (synth.status !== 0) {
      const why = `${synth.stderr ?? ''}${synth.stdout ?? ''}`.trim().split('\n').slice(-8).join('\n');
      throw new InputError(`--base-ref ${ref}: synthesizing ${commit.slice(0, 12)} failed (npm run synth exited ${synth.status ?? synth.signal}):\n${why}`);
    }
    const out = join(tree, 'cdktf.out');
    if (!existsSync(out)) throw new InputError(`--base-ref ${ref}: npm run synth wrote no cdktf.out`);
    const models = expandPaths([out]).map((file) => modelFromDocument(JSON.parse(readFileSync(file, 'utf8')), `${ref}:${relative(tree, file)}`));
    return { commit, models, waivers: baseWaivers(tree, ref, notes), externals: baseExternals(tree, ref, models, notes), notes };
  } finally {
    git(['worktree', 'remove', '--force', tree], root);
    rmSync(scratch, { recursive: true, force: true });
    git(['worktree', 'prune'], root);
  }
}

/** The waivers of the base commit, from its compiled waiver list. */
function baseWaivers(tree: string, ref: string, notes: string[]): Waiver[] {
  const file = join(tree, 'dist', 'policies', 'waivers', 'index.js');
  if (!existsSync(file)) {
    notes.push(`the base ${ref} has no dist/policies/waivers/index.js: its waivers are taken to be none`);
    return [];
  }
  const r = spawnSync(process.execPath, ['-e', `process.stdout.write(JSON.stringify(require(${JSON.stringify(file)}).WAIVERS ?? []))`], { encoding: 'utf8' });
  if (r.status !== 0) throw new InputError(`--base-ref ${ref}: cannot read its waivers: ${r.stderr.trim().split('\n')[0]}`);
  return JSON.parse(r.stdout) as Waiver[];
}

/**
 * The names the base commit's check declares external: each organization's log-archive bucket and key
 * alias, computed by the commit's own compiled code from its own config. A commit without organizations
 * has none.
 */
function baseExternals(tree: string, ref: string, models: readonly Model[], notes: string[]): string[] {
  const config = join(tree, 'dist', 'config', 'configured-organizations.js');
  const names = join(tree, 'dist', 'stacks', 'organization-names.js');
  if (!existsSync(config) || !existsSync(names)) {
    if (models.some((m) => m.declaredScope !== undefined))
      notes.push(`the base ${ref} has organization stacks but no dist/stacks/organization-names.js: its stacks are compared without externals`);
    return [];
  }
  const script = `const { configuredOrganizations } = require(${JSON.stringify(config)});
const { logArchiveNamesUsedByManagement } = require(${JSON.stringify(names)});
process.stdout.write(JSON.stringify(configuredOrganizations(process.env).flatMap(logArchiveNamesUsedByManagement)));`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: tree, encoding: 'utf8' });
  if (r.status !== 0) throw new InputError(`--base-ref ${ref}: cannot read its organizations: ${r.stderr.trim().split('\n')[0]}`);
  return JSON.parse(r.stdout) as string[];
}
