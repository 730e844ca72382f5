/**
 * A stand-in for the CloudTrail API on loopback, for the end-to-end test only: the Ceph S3 server has no
 * CloudTrail, and without a trail in the state no rule of the standard knows which bucket is the audit
 * bucket. It implements what the AWS provider calls to create, read and tag one trail (JSON 1.1 protocol,
 * `X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Operation>`), storing what it is
 * given and answering in the shapes of the CloudTrail API Reference. It checks no signature.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, any>;

export interface FakeCloudTrail {
  readonly endpoint: string;
  /** Every operation called, in order. */
  readonly calls: string[];
  close(): Promise<void>;
}

export async function startFakeCloudTrail(account: string, region: string): Promise<FakeCloudTrail> {
  const trails = new Map<string, Json>();
  const calls: string[] = [];
  const arnOf = (name: string) => (name.startsWith('arn:') ? name : `arn:aws:cloudtrail:${region}:${account}:trail/${name}`);
  const find = (name: string): Json => {
    const t = trails.get(arnOf(name));
    if (!t) throw Object.assign(new Error(`Unknown trail: ${name}`), { code: 'TrailNotFoundException' });
    return t;
  };
  const describe = (t: Json): Json => {
    const { selectors: _s, insights: _i, tags: _t, logging: _l, ...trail } = t;
    return trail;
  };
  const operations: Record<string, (input: Json) => Json> = {
    CreateTrail: (i) => {
      const arn = arnOf(i.Name);
      const t: Json = {
        Name: i.Name,
        TrailARN: arn,
        HomeRegion: region,
        S3BucketName: i.S3BucketName,
        ...(i.S3KeyPrefix ? { S3KeyPrefix: i.S3KeyPrefix } : {}),
        IncludeGlobalServiceEvents: i.IncludeGlobalServiceEvents ?? true,
        IsMultiRegionTrail: i.IsMultiRegionTrail ?? false,
        LogFileValidationEnabled: i.EnableLogFileValidation ?? false,
        ...(i.CloudWatchLogsLogGroupArn ? { CloudWatchLogsLogGroupArn: i.CloudWatchLogsLogGroupArn } : {}),
        ...(i.CloudWatchLogsRoleArn ? { CloudWatchLogsRoleArn: i.CloudWatchLogsRoleArn } : {}),
        ...(i.KmsKeyId ? { KmsKeyId: i.KmsKeyId } : {}),
        IsOrganizationTrail: i.IsOrganizationTrail ?? false,
        HasCustomEventSelectors: false,
        HasInsightSelectors: false,
        tags: i.TagsList ?? [],
        logging: false,
      };
      trails.set(arn, t);
      return describe(t);
    },
    UpdateTrail: (i) => {
      const t = find(i.Name);
      Object.assign(t, {
        ...(i.S3BucketName ? { S3BucketName: i.S3BucketName } : {}),
        ...(i.EnableLogFileValidation !== undefined ? { LogFileValidationEnabled: i.EnableLogFileValidation } : {}),
      });
      return describe(t);
    },
    GetTrail: (i) => ({ Trail: describe(find(i.Name)) }),
    DescribeTrails: (i) => ({
      trailList: (i.trailNameList?.length
        ? i.trailNameList.flatMap((n: string) => (trails.has(arnOf(n)) ? [trails.get(arnOf(n))] : []))
        : [...trails.values()]
      ).map(describe),
    }),
    StartLogging: (i) => {
      find(i.Name).logging = true;
      return {};
    },
    StopLogging: (i) => {
      find(i.Name).logging = false;
      return {};
    },
    GetTrailStatus: (i) => {
      const t = find(i.Name);
      const now = Date.now() / 1000;
      return t.logging
        ? {
            IsLogging: true,
            LatestDeliveryTime: now - 300,
            LatestDigestDeliveryTime: now - 600,
            LatestCloudWatchLogsDeliveryTime: now - 120,
            StartLoggingTime: now - 3600,
          }
        : { IsLogging: false };
    },
    PutEventSelectors: (i) => {
      const t = find(i.TrailName);
      t.selectors = i.AdvancedEventSelectors ? { AdvancedEventSelectors: i.AdvancedEventSelectors } : { EventSelectors: i.EventSelectors };
      t.HasCustomEventSelectors = true;
      return { TrailARN: t.TrailARN, ...t.selectors };
    },
    GetEventSelectors: (i) => {
      const t = find(i.TrailName);
      return { TrailARN: t.TrailARN, ...(t.selectors ?? { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }] }) };
    },
    PutInsightSelectors: (i) => {
      const t = find(i.TrailName);
      t.insights = i.InsightSelectors;
      t.HasInsightSelectors = (i.InsightSelectors ?? []).length > 0;
      return { TrailARN: t.TrailARN, InsightSelectors: t.insights };
    },
    GetInsightSelectors: (i) => {
      const t = find(i.TrailName);
      if (!t.insights?.length) throw Object.assign(new Error('Insights are not enabled'), { code: 'InsightNotEnabledException' });
      return { TrailARN: t.TrailARN, InsightSelectors: t.insights };
    },
    AddTags: (i) => {
      const t = find(i.ResourceId);
      const keys = new Set((i.TagsList ?? []).map((x: Json) => x.Key));
      t.tags = [...t.tags.filter((x: Json) => !keys.has(x.Key)), ...(i.TagsList ?? [])];
      return {};
    },
    RemoveTags: (i) => {
      const t = find(i.ResourceId);
      const keys = new Set((i.TagsList ?? []).map((x: Json) => x.Key));
      t.tags = t.tags.filter((x: Json) => !keys.has(x.Key));
      return {};
    },
    ListTags: (i) => ({ ResourceTagList: (i.ResourceIdList ?? []).map((id: string) => ({ ResourceId: id, TagsList: find(id).tags })) }),
    DeleteTrail: (i) => {
      trails.delete(arnOf(i.Name));
      return {};
    },
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const op =
        String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      calls.push(op);
      const send = (status: number, body: Json) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `fake-${calls.length}` });
        res.end(JSON.stringify(body));
      };
      const handler = operations[op];
      if (!handler) return send(400, { __type: 'UnsupportedOperationException', message: `the fake CloudTrail does not implement ${op}` });
      try {
        send(200, handler(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}));
      } catch (err) {
        send(400, { __type: (err as { code?: string }).code ?? 'InvalidParameterException', message: (err as Error).message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
