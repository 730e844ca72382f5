import { readFileSync, statSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { expandInputs, InputError, loadFile } from '../../policies/load';
import type { Model } from '../../policies/model';
import type { Waiver } from '../../policies/waivers';
import { WAIVERS } from '../../policies/waivers/index';
import { DIFF_FORMATS, type DiffFormat, diffPostures, formatDiff, type Side } from '../../review/diff';
import { type RefEnvironments, synthesizeRef } from '../base-ref';
import type { CommandContext } from '../io';
import { type SynthesizedModels, synthesizeAll } from '../synthesize-stacks';
import { UsageError } from '../usage-error';
import { writeAtomically } from './check';

/** The parsed flags of `auditready diff`. */
export interface DiffCommandOptions {
  readonly base?: string;
  readonly baseRef?: string;
  readonly head?: string;
  readonly format: DiffFormat;
  readonly output?: string;
  readonly waivers?: string;
  readonly baseWaivers?: string;
  /** Resources both sides refer to that live outside the compared files, by name or ARN (`--external`, repeatable). */
  readonly external?: readonly string[];
}

/** What tests replace: the project's waivers, the date, synthesis of the checkout and of a git ref. */
export interface DiffDependencies {
  readonly waivers?: readonly Waiver[];
  readonly today?: string;
  readonly synthesize?: () => SynthesizedModels;
  readonly synthesizeRef?: (ref: string) => RefEnvironments;
}

export function registerDiff(program: Command, context: CommandContext, deps: DiffDependencies = {}): void {
  program
    .command('diff')
    .description(
      'What a change does to the logging posture, per environment: rule results, effective settings, who can do what, waivers, ' +
        'and what a plan replaces or destroys. Exit 0 no weakening (or every one waived), 1 a weakening no head waiver covers, 2 usage or input error.',
    )
    .option('--base <dir>', 'the base: a synthesized cdktf.out, or a folder of terraform show -json plans')
    .option('--base-ref <git-ref>', 'the base: synthesize this commit in a temporary git worktree (instead of --base)')
    .option('--head <dir>', 'the head: a synthesized cdktf.out or a folder of plans (default: synthesize this checkout, its environments and organizations)')
    .addOption(new Option('--format <format>', 'report format').choices([...DIFF_FORMATS]).default('text'))
    .option('--output <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--waivers <file>', "the head's waivers, a JSON array (default: this checkout's policies/waivers)")
    .option('--base-waivers <file>', "the base's waivers, a JSON array (default: the --base-ref commit's, else the head's)")
    .option(
      '--external <name-or-arn>',
      "a resource both sides refer to that lives elsewhere, as check --external takes it; repeatable (a synthesized side adds its organizations' log-archive names itself)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action((options: DiffCommandOptions) => {
      const { text, ok, notes } = runDiff(options, deps);
      for (const note of notes) context.stderr.write(`auditready: note: ${note}\n`);
      if (options.output !== undefined) writeAtomically(options.output, text);
      else context.stdout.write(text);
      if (!ok) context.setExitCode(1);
    });
}

/** Loads both sides, compares them and renders the report. Input problems become UsageError (exit 2), before anything is written. */
export function runDiff(options: DiffCommandOptions, deps: DiffDependencies = {}): { text: string; ok: boolean; notes: string[] } {
  if ((options.base === undefined) === (options.baseRef === undefined)) throw new UsageError('diff: give exactly one of --base DIR and --base-ref GIT_REF');
  try {
    const headWaivers = options.waivers !== undefined ? readWaivers(options.waivers, '--waivers') : (deps.waivers ?? WAIVERS);
    const declared = options.external ?? [];
    // A synthesized side declares its organizations' log-archive names external, as check does; a directory only what --external names.
    const synthesized = options.head === undefined ? (deps.synthesize ?? synthesizeAll)() : undefined;
    const head: Side = {
      models: synthesized?.models ?? loadDirectory(options.head as string, '--head'),
      waivers: headWaivers,
      externals: union(declared, synthesized?.externals ?? []),
    };
    const notes: string[] = [];
    let base: Side;
    if (options.baseRef !== undefined) {
      const ref = (deps.synthesizeRef ?? synthesizeRef)(options.baseRef);
      notes.push(...ref.notes);
      base = {
        models: ref.models,
        waivers: options.baseWaivers !== undefined ? readWaivers(options.baseWaivers, '--base-waivers') : ref.waivers,
        externals: union(declared, ref.externals),
      };
    } else {
      base = {
        models: loadDirectory(options.base as string, '--base'),
        waivers: options.baseWaivers !== undefined ? readWaivers(options.baseWaivers, '--base-waivers') : headWaivers,
        externals: declared,
      };
    }
    const diff = diffPostures(base, head, deps.today !== undefined ? { today: deps.today } : {});
    return { text: formatDiff(diff, options.format), ok: diff.ok, notes };
  } catch (err) {
    if (err instanceof InputError) throw new UsageError(err.message);
    throw err;
  }
}

const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];

/** Every stack or plan below a directory; a missing directory, or one with nothing to compare, is an input error. */
function loadDirectory(dir: string, flag: string): Model[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (err) {
    throw new InputError(`${flag} ${dir}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!isDirectory) throw new InputError(`${flag} ${dir}: not a directory (give a cdktf.out or a folder of plan JSON)`);
  const files = expandInputs([dir]);
  if (files.length === 0) throw new InputError(`${flag} ${dir}: no cdk.tf.json, *.tf.json or plan JSON found`);
  return files.map(loadFile);
}

const WAIVER_FIELDS = ['rule', 'resource', 'environment', 'reason', 'expires', 'approver'] as const;

/** A JSON array of waivers; its content is validated with the project's waivers (reason, expiry, approver). */
function readWaivers(path: string, flag: string): Waiver[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${flag} ${path}: ${code ? `cannot read (${code})` : `invalid JSON (${(err as Error).message.split('\n')[0]})`}`);
  }
  if (!Array.isArray(doc)) throw new InputError(`${flag} ${path}: expected a JSON array of waivers`);
  doc.forEach((w, i) => {
    const missing = WAIVER_FIELDS.filter((f) => typeof (w as Record<string, unknown> | null)?.[f] !== 'string');
    if (missing.length > 0)
      throw new InputError(`${flag} ${path}: waiver ${i + 1}: ${missing.join(', ')} must be strings (fields: ${WAIVER_FIELDS.join(', ')})`);
  });
  return doc as Waiver[];
}
