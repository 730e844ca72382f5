import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './run-cli';

const PACKAGE_VERSION = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version as string;

describe('auditready', () => {
  it('--version prints the package version and exits 0', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${PACKAGE_VERSION}\n`, stderr: '' });
  });

  it('--help lists every subcommand and --version', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['check', 'validate-logs', '--version']) expect(r.stdout).toContain(word);
  });

  it('exits 2 for an unknown command or flag, naming it', async () => {
    const command = await runCli(['chek']);
    expect(command).toMatchObject({ code: 2, stdout: '' });
    expect(command.stderr).toContain("unknown command 'chek'");
    const flag = await runCli(['check', '--colour']);
    expect(flag).toMatchObject({ code: 2, stdout: '' });
    expect(flag.stderr).toContain("unknown option '--colour'");
  });
});
