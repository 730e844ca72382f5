import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * The S3 server the integration tests use: Ceph radosgw on loopback, started by
 * scripts/s3-server/start-rgw.sh (idempotent, serialised with flock, so concurrent jest runs share
 * one server), or an external server given with AUDITREADY_S3_ENDPOINT.
 */
export interface S3ServerConnection {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

/** Set these to use an already running S3 server instead of starting one. */
export const S3_ENV = {
  endpoint: 'AUDITREADY_S3_ENDPOINT',
  accessKeyId: 'AUDITREADY_S3_ACCESS_KEY_ID',
  secretAccessKey: 'AUDITREADY_S3_SECRET_ACCESS_KEY',
  region: 'AUDITREADY_S3_REGION',
  /** Set by global setup when the server could not be started: why, for the tests that need it. */
  unavailable: 'AUDITREADY_S3_UNAVAILABLE',
} as const;

/** scripts/s3-server of the repository, also when this file runs compiled from dist/ (the benchmark). */
const SCRIPT_DIR =
  [resolve(__dirname, '../scripts/s3-server'), resolve(__dirname, '../../scripts/s3-server')].find((dir) => existsSync(resolve(dir, 'start-rgw.sh'))) ??
  resolve(__dirname, '../scripts/s3-server');
/** A first start on a bare machine installs packages and builds a chroot (about 2 minutes). */
const START_TIMEOUT_MS = 15 * 60 * 1000;

export interface StartedServer {
  readonly connection: S3ServerConnection;
  /** True when this call brought the server up (rather than finding it running or external). */
  readonly startedHere: boolean;
}

/** The external server from the environment, or the local one, started if it is not running. */
export async function ensureS3Server(): Promise<StartedServer> {
  const external = connectionFromEnv();
  if (external) return { connection: external, startedHere: false };
  const output = await runScript('start-rgw.sh', [], START_TIMEOUT_MS);
  const value = (name: string): string => {
    const match = new RegExp(`^${name}=(\\S+)`, 'm').exec(output);
    if (!match) throw new Error(`start-rgw.sh did not print ${name}`);
    return match[1] as string;
  };
  return {
    connection: {
      endpoint: value('S3_ENDPOINT'),
      accessKeyId: value('AWS_ACCESS_KEY_ID'),
      secretAccessKey: value('AWS_SECRET_ACCESS_KEY'),
      region: value('AWS_REGION'),
    },
    startedHere: value('RGW_STARTED') === 'yes',
  };
}

export async function stopS3Server(): Promise<void> {
  await runScript('stop-rgw.sh', [], 60_000);
}

/** Makes the connection visible to the test workers, which inherit this process's environment. */
export function publishConnection(connection: S3ServerConnection): void {
  process.env[S3_ENV.endpoint] = connection.endpoint;
  process.env[S3_ENV.accessKeyId] = connection.accessKeyId;
  process.env[S3_ENV.secretAccessKey] = connection.secretAccessKey;
  process.env[S3_ENV.region] = connection.region;
}

/** For tests: the server global setup provided. Throws (failing the test) when there is none. */
export function s3Connection(): S3ServerConnection {
  const connection = connectionFromEnv();
  if (connection) return connection;
  throw new Error(
    `no S3 server for this test: ${process.env[S3_ENV.unavailable] ?? 'jest global setup did not provide one'}. ` +
      `Run scripts/s3-server/start-rgw.sh as root (it installs its apt packages), or set ${S3_ENV.endpoint}, ` +
      `${S3_ENV.accessKeyId} and ${S3_ENV.secretAccessKey} for an external server.`,
  );
}

/** An S3 client for the test server: path-style addressing, as radosgw on loopback needs. */
export function testS3Client(connection: S3ServerConnection = s3Connection()): S3Client {
  return new S3Client({
    endpoint: connection.endpoint,
    region: connection.region,
    forcePathStyle: true,
    credentials: { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function connectionFromEnv(): S3ServerConnection | undefined {
  const endpoint = process.env[S3_ENV.endpoint];
  const accessKeyId = process.env[S3_ENV.accessKeyId];
  const secretAccessKey = process.env[S3_ENV.secretAccessKey];
  if (!endpoint || !accessKeyId || !secretAccessKey) return undefined;
  return { endpoint, accessKeyId, secretAccessKey, region: process.env[S3_ENV.region] ?? 'us-east-1' };
}

/** Runs a script of scripts/s3-server, relaying its log lines; resolves with its stdout. */
function runScript(name: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', [resolve(SCRIPT_DIR, name), ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`scripts/s3-server/${name} failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}
