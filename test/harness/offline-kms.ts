import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A KMS endpoint on loopback for the offline plan, answering the two calls `data.aws_kms_alias` makes
 * (ListAliases, then DescribeKey of the alias: seen on the wire with the real provider) for the aliases
 * a stack reads, with the AWS JSON 1.1 protocol. Keys live in the account and region of the provider
 * that reads them, as they would in AWS; their ids are derived from the alias name, so plans are stable.
 * Any other call fails the plan with the call's name: the offline plan reads nothing it was not told of.
 */
export interface OfflineAlias {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

export interface OfflineKms {
  readonly url: string;
  close(): Promise<void>;
}

/** The key id the offline endpoint gives an alias's target key. */
export function offlineKeyId(alias: OfflineAlias): string {
  const hex = createHash('sha256').update(`${alias.accountId}/${alias.region}/${alias.name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function offlineKeyArn(alias: OfflineAlias): string {
  return `arn:${alias.partition}:kms:${alias.region}:${alias.accountId}:key/${offlineKeyId(alias)}`;
}

export async function startOfflineKms(aliases: readonly OfflineAlias[]): Promise<OfflineKms> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const request = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      if (target === 'TrentService.ListAliases') {
        return reply(200, {
          Truncated: false,
          Aliases: aliases.map((a) => ({
            AliasName: a.name,
            AliasArn: `arn:${a.partition}:kms:${a.region}:${a.accountId}:${a.name}`,
            TargetKeyId: offlineKeyId(a),
          })),
        });
      }
      if (target === 'TrentService.DescribeKey') {
        const alias = aliases.find((a) => a.name === request.KeyId || offlineKeyId(a) === request.KeyId);
        if (!alias) return reply(400, { __type: 'NotFoundException', message: `offline KMS: no key ${String(request.KeyId)}` });
        return reply(200, {
          KeyMetadata: {
            KeyId: offlineKeyId(alias),
            Arn: offlineKeyArn(alias),
            AWSAccountId: alias.accountId,
            Enabled: true,
            KeyState: 'Enabled',
            KeyManager: 'CUSTOMER',
            KeyUsage: 'ENCRYPT_DECRYPT',
            KeySpec: 'SYMMETRIC_DEFAULT',
          },
        });
      }
      return reply(400, { __type: 'UnsupportedOperation', message: `the offline KMS endpoint does not answer ${target}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
