import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type Command, Option } from 'commander';
import { check, type Report } from '../../policies/engine';
import { expandInputs, InputError, loadFile } from '../../policies/load';
import type { Model } from '../../policies/model';
import { FORMATS, type Format, formatReport } from '../../policies/report';
import type { Waiver } from '../../policies/waivers';
import { WAIVERS } from '../../policies/waivers/index';
import { TIERS, type Tier } from '../../standard/tiers';
import type { CommandContext } from '../io';
import { type SynthesizedModels, synthesizeAll } from '../synthesize-stacks';
import { UsageError } from '../usage-error';
import { toolVersion } from '../version';

/** The parsed flags of `auditready check`. */
export interface CheckCommandOptions {
  readonly tier?: Tier;
  readonly format: Format;
  readonly output?: string;
  readonly verbose?: boolean;
  /** Resources that live outside the checked files, by name or ARN (`--external`, repeatable). */
  readonly external?: readonly string[];
}

/** Inputs the command can be given in tests: the waiver list, the date, and the synthesizer for "no PATH". */
export interface CheckDependencies {
  readonly waivers?: readonly Waiver[];
  readonly today?: string;
  readonly synthesize?: () => SynthesizedModels;
}

export function registerCheck(program: Command, context: CommandContext, deps: CheckDependencies = {}): void {
  program
    .command('check')
    .description(
      'Check Terraform JSON against the logging standard: cdktf stacks (cdk.tf.json), *.tf.json, or terraform show -json plans. ' +
        'Without PATH, synthesizes every environment and organization and checks them all. Exit 0 nothing fails, 1 a rule fails, 2 usage or input error.',
    )
    .argument('[path...]', 'files or directories (every *.tf.json and plan JSON below a directory)')
    .addOption(new Option('--tier <tier>', 'tier to check at (default: the auditready:tier default tag each file declares)').choices([...TIERS]))
    .addOption(new Option('--format <format>', 'report format').choices([...FORMATS]).default('text'))
    .option('--output <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--verbose', 'text format: list passing and not-applicable results too')
    .option(
      '--external <name-or-arn>',
      'a resource the files refer to that lives elsewhere (e.g. a central log bucket): references to it are not unknown, and the report lists it; repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action((paths: string[], options: CheckCommandOptions) => {
      const report = runCheck(paths, options, deps);
      const text = formatReport(report, options.format, {
        colour: options.output === undefined && context.stdout.isTTY === true && process.env.NO_COLOR === undefined,
        ...(options.verbose !== undefined ? { verbose: options.verbose } : {}),
        toolVersion: toolVersion(),
      });
      if (options.output !== undefined) writeAtomically(options.output, text);
      else context.stdout.write(text);
      if (!report.summary.ok) context.setExitCode(1);
    });
}

/** Loads the inputs (or synthesizes every environment and organization) and runs the standard. Input problems become UsageError. */
export function runCheck(paths: readonly string[], options: Pick<CheckCommandOptions, 'tier' | 'external'>, deps: CheckDependencies = {}): Report {
  try {
    const files = paths.length === 0 ? [] : expandInputs(paths);
    if (paths.length > 0 && files.length === 0) throw new InputError(`${paths.join(', ')}: no cdk.tf.json, *.tf.json or plan JSON found`);
    const synthesized = paths.length === 0 ? (deps.synthesize ?? synthesizeAll)() : undefined;
    const externals = [...(options.external ?? []), ...(synthesized?.externals ?? [])];
    return check(synthesized?.models ?? lazily(files), {
      ...(options.tier !== undefined ? { tier: options.tier } : {}),
      waivers: deps.waivers ?? WAIVERS,
      ...(deps.today !== undefined ? { today: deps.today } : {}),
      ...(externals.length > 0 ? { externals } : {}),
    });
  } catch (err) {
    if (err instanceof InputError) throw new UsageError(err.message);
    throw err;
  }
}

/** Loads each file only when the check reaches it, so one file's model is dropped before the next is read. */
function* lazily(files: readonly string[]): Generator<Model> {
  for (const f of files) yield loadFile(f);
}

/** Writes `text` to `path` via a temporary file in the same directory and a rename: all or nothing. */
export function writeAtomically(path: string, text: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) throw new UsageError(`--output ${path}: directory ${dir} does not exist`);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UsageError(`--output ${path}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
