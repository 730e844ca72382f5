import { styleText } from 'node:util';
import type { Report } from '../engine';
import type { Status } from '../types';
import { externalNotes } from './externals';
import { byEnvironment, needsAttention } from './results';

const LABEL: Readonly<Record<Status, string>> = { fail: 'FAIL', unknown: 'UNKNOWN', warn: 'WARN', waived: 'WAIVED', pass: 'PASS', not_applicable: 'N/A' };
const COLOUR: Readonly<Record<Status, Parameters<typeof styleText>[0]>> = {
  fail: 'red',
  unknown: 'red',
  warn: 'yellow',
  waived: 'cyan',
  pass: 'green',
  not_applicable: 'gray',
};

export interface TextOptions {
  /** Colour output (only when writing to a TTY). */
  readonly colour: boolean;
  /** List passing and not-applicable results too. */
  readonly verbose?: boolean;
}

/** `--format text`: readable in a terminal; problems listed per environment, then a summary line. */
export function formatText(report: Report, options: TextOptions): string {
  // The caller decides colour (only when writing to a TTY); styleText must not re-check process.stdout.
  const paint = (s: Status, text: string): string => (options.colour ? styleText(COLOUR[s], text, { validateStream: false }) : text);
  const lines: string[] = [];
  const shown = report.results.filter((r) => options.verbose || needsAttention(r));
  for (const [env, results] of byEnvironment(shown)) {
    lines.push(`${env} (${results[0]?.tier})`);
    for (const r of results) {
      const where = r.resource ? `${r.resource}${r.constructPath ? ` [${r.constructPath}]` : ''}` : '(environment)';
      lines.push(`  ${paint(r.status, LABEL[r.status].padEnd(7))} ${r.rule}  ${where}`);
      lines.push(`          ${r.message}${r.waiver ? ` (waived until ${r.waiver.expires} by ${r.waiver.approver}: ${r.waiver.reason})` : ''}`);
    }
  }
  for (const w of report.unusedWaivers ?? []) {
    lines.push(`note: waiver for ${w.rule} on ${w.resource} in ${w.environment} (expires ${w.expires}) matched no failing result; remove it`);
  }
  for (const line of externalNotes(report)) lines.push(`note: ${line}`);
  const s = report.summary;
  const verdict = s.ok ? paint('pass', 'PASSED') : paint('fail', 'FAILED');
  lines.push(
    `${verdict}: ${s.environments} environment(s), ${s.rules} rule(s), ${s.results} result(s): ${s.pass} pass, ${s.fail} fail, ${s.unknown} unknown, ${s.warn} warn, ${s.waived} waived, ${s.not_applicable} not applicable`,
  );
  return `${lines.join('\n')}\n`;
}
