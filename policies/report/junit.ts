import { create } from 'xmlbuilder2';
import type { Report, Result } from '../engine';
import { byEnvironment, isFailing } from './results';

/** `--format junit`: one test suite per environment, one test case per rule and resource. */
export function formatJunit(report: Report, title: string): string {
  const skipped = (r: Result): boolean => r.status === 'not_applicable' || r.status === 'waived';
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: title,
    tests: report.results.length,
    failures: report.results.filter(isFailing).length,
    errors: 0,
    skipped: report.results.filter(skipped).length,
  });
  for (const [env, results] of byEnvironment(report.results)) {
    const suite = root.ele('testsuite', {
      name: env,
      tests: results.length,
      failures: results.filter(isFailing).length,
      errors: 0,
      skipped: results.filter(skipped).length,
    });
    for (const r of results) {
      const tc = suite.ele('testcase', { classname: `${env}.${r.rule}`, name: r.resource ?? '(environment)' });
      if (isFailing(r))
        tc.ele('failure', { message: r.message, type: r.status }).txt(`${r.rule} ${r.status} on ${r.resource ?? '(environment)'}: ${r.message}`);
      else if (r.status === 'not_applicable') tc.ele('skipped', { message: r.message });
      else if (r.status === 'waived' && r.waiver)
        tc.ele('skipped', { message: `waived until ${r.waiver.expires} by ${r.waiver.approver}: ${r.waiver.reason}` });
      else if (r.status === 'warn') tc.ele('system-out').txt(`warning: ${r.message}`);
    }
  }
  return `${root.end({ prettyPrint: true })}\n`;
}
