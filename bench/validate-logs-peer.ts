import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The AWS CLI users would compare against: Debian's `awscli` package (`apt-get install awscli`). */
export const AWS_CLI = '/usr/bin/aws';
const PYTHON = '/usr/bin/python3';

/** Wall time, CPU time (user + system) and peak RSS of one command, with what it printed. */
export interface CommandRun {
  readonly code: number;
  readonly wallS: number;
  readonly cpuS: number;
  readonly peakRssMb: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Why the side-by-side cannot run here, or undefined when it can. */
export function peerUnavailable(): string | undefined {
  if (!existsSync(AWS_CLI)) return `no AWS CLI at ${AWS_CLI} (apt-get install awscli)`;
  if (!existsSync(PYTHON)) return `no ${PYTHON} to measure the AWS CLI with`;
  return undefined;
}

// getrusage(RUSAGE_CHILDREN) after the child ends: the same measurement for the CLI (Python) and for
// auditready (Node), each started the way a user starts it.
const RUSAGE_WRAPPER = `
import json, resource, subprocess, sys, time
t = time.monotonic()
p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.monotonic() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout.buffer.write(p.stdout)
sys.stderr.buffer.write(p.stderr)
sys.stderr.write('\\n__rusage=' + json.dumps({'wall': wall, 'cpu': r.ru_utime + r.ru_stime, 'maxrss_kb': r.ru_maxrss}) + '\\n')
sys.exit(p.returncode)
`;

/** Runs a command under the rusage wrapper, without blocking this process (it may serve the command). */
export function measureCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(PYTHON, ['-c', RUSAGE_WRAPPER, command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const marker = /\n__rusage=(\{.*\})\n$/.exec(stderr);
      if (!marker) return reject(new Error(`${command} was not measured: ${stderr.slice(-500)}`));
      const usage = JSON.parse(marker[1] as string) as { wall: number; cpu: number; maxrss_kb: number };
      resolvePromise({
        code: code ?? -1,
        wallS: usage.wall,
        cpuS: usage.cpu,
        peakRssMb: usage.maxrss_kb / 1024,
        stdout,
        stderr: stderr.slice(0, marker.index),
      });
    });
  });
}

/** Where the AWS CLI finds its configuration: our plugin that points its S3 calls at the local server. */
export function awsCliConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'auditready-bench-awscli-'));
  const pluginDir = [resolve(__dirname, 'awscli-peer'), resolve(__dirname, '../../bench/awscli-peer')].find((d) =>
    existsSync(join(d, 'auditready_local_s3.py')),
  );
  if (!pluginDir) throw new Error('bench/awscli-peer/auditready_local_s3.py not found');
  const config = join(dir, 'config');
  writeFileSync(
    config,
    [
      '[default]',
      'region = us-east-1',
      's3 =',
      '    addressing_style = path',
      '[plugins]',
      `cli_legacy_plugin_path = ${pluginDir}`,
      'auditready_local_s3 = auditready_local_s3',
      '',
    ].join('\n'),
  );
  return config;
}
