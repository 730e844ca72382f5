import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type Command, Option } from 'commander';
import { expandPaths, InputError, modelFromText } from '../../policies/load';
import type { Model } from '../../policies/model';
import type { Waiver } from '../../policies/waivers';
import { WAIVERS } from '../../policies/waivers/index';
import {
  buildEvidence,
  type EvidenceInput,
  formatEvidence,
  type Provenance,
  REPORT_FORMATS,
  type ReportFormat,
  readValidateLogsReport,
  readVerifyReport,
} from '../../review/evidence';
import type { CommandContext } from '../io';
import { synthesizeAllFiles } from '../synthesize-stacks';
import { UsageError } from '../usage-error';
import { toolVersion } from '../version';
import { writeAtomically } from './check';

/** The parsed flags of `auditready report`. */
export interface ReportCommandOptions {
  readonly format: ReportFormat;
  readonly output?: string;
  readonly validateLogs?: string;
  readonly verify?: string;
  /** Resources the inputs refer to that live elsewhere, by name or ARN (`--external`, repeatable). */
  readonly external?: readonly string[];
}

/** What tests replace: the waivers, the clock, the git commit. */
export interface ReportDependencies {
  readonly waivers?: readonly Waiver[];
  readonly now?: Date;
  readonly git?: Provenance['git'];
}

export function registerReport(program: Command, context: CommandContext, deps: ReportDependencies = {}): void {
  program
    .command('report')
    .description(
      'Audit evidence per environment: the control matrix, waivers, effective settings, who can do what, and the latest verify and validate-logs ' +
        'results; with the date, git commit, tool versions and the SHA-256 of every input. Without PATH, synthesizes every environment and organization. ' +
        'Exit 0 all evidence passes, 1 an environment fails the standard (or verify failed, or logs are invalid), 2 usage or input error.',
    )
    .argument('[path...]', 'cdktf.out, stacks or plan JSON to report on (default: synthesize every environment and organization)')
    .addOption(new Option('--format <format>', 'report format').choices([...REPORT_FORMATS]).default('html'))
    .option('--output <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--validate-logs <report.json>', 'the JSON report of auditready validate-logs --format json to include')
    .option('--verify <report.json>', 'the JSON report of auditready verify --format json to include')
    .option(
      '--external <name-or-arn>',
      "a resource the inputs refer to that lives elsewhere, as check --external takes it; repeatable (without PATH, the organizations' log-archive names are declared external)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action((paths: string[], options: ReportCommandOptions) => {
      const { text, ok } = runReport(paths, options, deps);
      if (options.output !== undefined) writeAtomically(options.output, text);
      else context.stdout.write(text);
      if (!ok) context.setExitCode(1);
    });
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Reads every input (hashing exactly the bytes read), builds the evidence and renders it. Input problems are UsageError. */
export function runReport(paths: readonly string[], options: ReportCommandOptions, deps: ReportDependencies = {}): { text: string; ok: boolean } {
  const scratch = paths.length === 0 ? mkdtempSync(join(tmpdir(), 'auditready-report-')) : undefined;
  try {
    const inputs: EvidenceInput[] = [];
    const read = (file: string, name: string, kind: EvidenceInput['kind']): Buffer => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (err) {
        throw new InputError(`${name}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
      inputs.push({ name, kind, sha256: sha256(bytes), bytes: bytes.length });
      return bytes;
    };
    const verify =
      options.verify !== undefined
        ? readVerifyReport(read(options.verify, options.verify, 'verify report').toString('utf8'), `--verify ${options.verify}`)
        : undefined;
    const validateLogs =
      options.validateLogs !== undefined
        ? readValidateLogsReport(
            read(options.validateLogs, options.validateLogs, 'validate-logs report').toString('utf8'),
            `--validate-logs ${options.validateLogs}`,
          )
        : undefined;
    let files: { file: string; name: string }[];
    const externals = [...(options.external ?? [])];
    if (scratch) {
      const out = join(scratch, 'cdktf.out');
      externals.push(...synthesizeAllFiles(out).externals);
      files = expandPaths([out]).map((file) => ({ file, name: join('cdktf.out', relative(out, file)) }));
    } else {
      files = expandPaths(paths).map((file) => ({ file, name: file }));
      if (files.length === 0) throw new InputError(`${paths.join(', ')}: no cdk.tf.json, *.tf.json or plan JSON found`);
    }
    const models: Model[] = files.map(({ file, name }) => modelFromText(read(file, name, 'terraform').toString('utf8'), name));
    const now = deps.now ?? new Date();
    const provenance: Provenance = {
      generatedAt: now.toISOString(),
      git: deps.git ?? gitState(),
      tools: tools(),
      inputs: [...inputs.filter((i) => i.kind === 'terraform'), ...inputs.filter((i) => i.kind !== 'terraform')],
    };
    const evidence = buildEvidence(models, provenance, {
      waivers: deps.waivers ?? WAIVERS,
      today: now.toISOString().slice(0, 10),
      externals: [...new Set(externals)],
      ...(verify ? { verify } : {}),
      ...(validateLogs ? { validateLogs } : {}),
    });
    const ok = evidence.environments.every((e) => e.ok) && (verify?.ok ?? true) && (validateLogs?.valid ?? true);
    return { text: formatEvidence(evidence, options.format, toolVersion()), ok };
  } catch (err) {
    if (err instanceof InputError) throw new UsageError(err.message);
    throw err;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/** The commit checked out in the working directory, and whether the tree has changes. */
function gitState(): Provenance['git'] {
  const run = (args: string[]) => spawnSync('git', args, { encoding: 'utf8' });
  const head = run(['rev-parse', 'HEAD']);
  if (head.error || head.status !== 0) return { unavailable: 'not a git checkout (or git is not installed)' };
  const status = run(['status', '--porcelain']);
  return { commit: head.stdout.trim(), dirty: status.status === 0 && status.stdout.trim() !== '' };
}

/** auditready, Node.js and the cdktf packages that synthesize the stacks. */
function tools(): Provenance['tools'] {
  const version = (pkg: string): string => {
    try {
      return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
    } catch {
      return 'not installed';
    }
  };
  return [
    { name: 'auditready', version: toolVersion() },
    { name: 'Node.js', version: process.version.slice(1) },
    { name: 'cdktf', version: version('cdktf') },
    { name: '@cdktf/provider-aws', version: version('@cdktf/provider-aws') },
  ];
}
