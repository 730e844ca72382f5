import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliRun, runCli } from '../cli/run-cli';

// Endpoints that are not S3, or do not answer at all: each run must end quickly with exit 2 and one
// line of ours first on stderr. No S3 server needed: these are local listeners.
const TRAIL = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/audit-trail';
const keyFile = join(mkdtempSync(join(tmpdir(), 'validate-logs-endpoints-')), 'key.pem');
writeFileSync(keyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }));

const savedEnv = { ...process.env };
beforeAll(() => {
  // Credentials from the environment: the SDK then asks no metadata service.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example', AWS_REGION: 'us-east-1' });
  delete process.env.AWS_ENDPOINT_URL_CLOUDTRAIL;
});
afterAll(() => {
  process.env = savedEnv;
});

const offline = (endpoint: string, ...more: string[]) =>
  runCli([
    'validate-logs',
    '--trail-arn',
    TRAIL,
    '--start-time',
    '2026-03-10',
    '--end-time',
    '2026-03-11',
    '--s3-bucket',
    'audit-logs',
    '--public-key',
    keyFile,
    '--endpoint-url',
    endpoint,
    ...more,
  ]);

/** A TCP listener that accepts connections and never sends a byte. */
async function silentListener(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => sockets.length,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An HTTP server answering every request with `answer`. */
async function httpServer(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function timed(run: () => Promise<CliRun>): Promise<CliRun & { seconds: number }> {
  const started = Date.now();
  const result = await run();
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

describe('validate-logs against an endpoint that never answers', () => {
  test('S3 accepts the connection and stays silent: exit 2 within the timeout, naming the endpoint and the timeout', async () => {
    const listener = await silentListener();
    try {
      const run = await timed(() => offline(listener.url, '--timeout', '1'));

      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toMatch(
        new RegExp(`^auditready: no answer from S3 at ${listener.url} within --timeout 1 s \\(3 attempts\\): TimeoutError on s3://audit-logs/`),
      );
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      // Three attempts of a third of the timeout each, and the SDK's short backoff between them.
      expect(run.seconds).toBeLessThan(4);
      expect(listener.connections()).toBeGreaterThanOrEqual(1);
    } finally {
      await listener.close();
    }
  });

  test('CloudTrail stays silent: exit 2 within the timeout, naming the call', async () => {
    const listener = await silentListener();
    process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = listener.url;
    try {
      const run = await timed(() =>
        runCli(['validate-logs', '--trail-arn', TRAIL, '--start-time', '2026-03-10', '--end-time', '2026-03-11', '--timeout', '1']),
      );

      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toBe(`auditready: no answer from CloudTrail within --timeout 1 s (3 attempts): DescribeTrails for ${TRAIL}\n`);
      expect(run.seconds).toBeLessThan(4);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_CLOUDTRAIL;
      await listener.close();
    }
  });

  test.each([
    ['0', /--timeout expects whole seconds from 1 to 3600\./],
    ['3601', /--timeout expects whole seconds from 1 to 3600\./],
    ['1.5', /--timeout expects whole seconds from 1 to 3600\./],
    ['soon', /--timeout expects whole seconds from 1 to 3600\./],
  ])('refuses --timeout %s: exit 2, the allowed values named', async (value, message) => {
    const run = await offline('http://127.0.0.1:9', '--timeout', value);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(message);
  });
});

describe('validate-logs against an endpoint that is not S3', () => {
  test.each([
    ['a web page answering 200', 200, 'text/html', '<!DOCTYPE html><html><body><h1>It works!</h1><p>hello<br>world</p></body></html>', 'HTTP 200'],
    ['a well-formed page answering 200', 200, 'text/html', '<html><body><h1>It works</h1></body></html>', 'HTTP 200'],
    ['an empty 200', 200, 'text/plain', '', 'HTTP 200'],
    ['JSON answering 200', 200, 'application/json', '{"ok":true}', 'HTTP 200'],
    ['a 404 page', 404, 'text/html', '<html><body>Not Found</body></html>', 'HTTP 404, text/html'],
    ['a 500 page', 500, 'text/html', '<html><body>Internal Server Error</body></html>', 'HTTP 500, text/html'],
  ])('%s: exit 2, the answer described, no "no region folder"', async (_name, status, type, body, described) => {
    const server = await httpServer((_req, res) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
    try {
      const run = await offline(server.url);

      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toBe(
        `auditready: the answer to HeadBucket on s3://audit-logs/ is not from S3 (${described}, no x-amz-request-id header): is --endpoint-url ${server.url} an S3 endpoint?\n`,
      );
    } finally {
      await server.close();
    }
  });

  test('a server that answers like S3 but lists nothing, not even the bucket name: exit 2', async () => {
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml', 'x-amz-request-id': 'tx1' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult></ListBucketResult>');
    });
    try {
      const run = await offline(server.url);

      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toBe(
        'auditready: the answer to ListObjectsV2 on s3://audit-logs/AWSLogs/111122223333/CloudTrail-Digest/ is not from S3 ' +
          `(HTTP 200, no bucket name in it, no x-amz-request-id header): is --endpoint-url ${server.url} an S3 endpoint?\n`,
      );
    } finally {
      await server.close();
    }
  });
});

describe("the AWS SDK's Node-version warning", () => {
  test('is not printed by validate-logs, whatever the Node version', async () => {
    delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const emitWarning = jest.spyOn(process, 'emitWarning');
    const server = await httpServer((_req, res) => res.end('<html></html>'));
    try {
      await offline(server.url);
      expect(emitWarning.mock.calls.map((call) => String(call[0]))).not.toContainEqual(expect.stringContaining('NodeVersionSupportWarning'));
    } finally {
      emitWarning.mockRestore();
      await server.close();
    }
  });
});
