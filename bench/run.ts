/**
 * `npm run bench`: every benchmark in this folder, in one run, printing its figures.
 * Each suite is a module exporting `run(): Promise<void>`.
 */
const suites: ReadonlyArray<readonly [string, () => Promise<{ run(): Promise<void> }>]> = [
  ['synthesis', () => import('./synth.bench')],
  ['log validation', () => import('./validate-logs.bench')],
  ['access report', () => import('./access-report.bench')],
  ['check (the logging standard)', () => import('./check.bench')],
  ['organization scale', () => import('./organization.bench')],
];

async function main(): Promise<void> {
  for (const [name, load] of suites) {
    process.stdout.write(`\n== ${name}\n`);
    await (await load()).run();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
