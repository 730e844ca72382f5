import { type Account, assumeRole, call, iamUser, type RoleSession, s3GetObject, serviceCall, type TrailRecord } from '../testkit/cloudtrail-events';
import { seededRandom } from '../testkit/cloudtrail-fixture';

/**
 * A day of a busy account for the access-report benchmark: a fixed population of sessions (people
 * with tickets, a few without, machines), each started by AssumeRole and then making calls in the mix
 * of a production account: S3 data events, reads, some writes, some refused. The population is the
 * same whatever the volume, so that more data means more calls per session, not more sessions.
 */
const ACCOUNT: Account = { accountId: '111122223333', region: 'us-east-1' };
const PEOPLE = 40;
const MACHINES = 20;
const BUCKETS = ['customer-data-prod', 'reports-prod', 'prod-audit-logs-111122223333-us-east-1'];
const READS = [
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['iam.amazonaws.com', 'ListRoles'],
  ['kms.amazonaws.com', 'Decrypt'],
  ['cloudtrail.amazonaws.com', 'LookupEvents'],
  ['dynamodb.amazonaws.com', 'GetItem'],
  ['lambda.amazonaws.com', 'GetFunction'],
] as const;
const WRITES = [
  ['ec2.amazonaws.com', 'RunInstances'],
  ['dynamodb.amazonaws.com', 'PutItem'],
  ['s3.amazonaws.com', 'PutBucketTagging'],
  ['iam.amazonaws.com', 'TagRole'],
  ['ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress'],
] as const;

interface Actor {
  readonly session: RoleSession;
  readonly start: TrailRecord;
}

/** The sessions of hour `hour` of the day starting at `day`: every session lasts the hour, a new set each hour. */
function population(day: Date, hour: number): Actor[] {
  const at = new Date(day.getTime() + hour * 3600_000);
  const actors: Actor[] = [];
  for (let i = 0; i < PEOPLE + MACHINES; i++) {
    const person = i < PEOPLE;
    const started = assumeRole(ACCOUNT, {
      caller: person ? iamUser(ACCOUNT, `person-${i}`) : { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
      roleArn: `arn:aws:iam::${ACCOUNT.accountId}:role/${person ? (i % 10 === 0 ? 'prod-auditor' : 'engineer') : `service-${i}`}`,
      sessionName: person ? `person-${i}` : `i-0${i.toString(16).padStart(16, '0')}`,
      time: at,
      ...(person ? { sourceIdentity: `person-${i}`, ...(i % 7 === 0 ? {} : { tags: { ticket: `CHG-${1000 + i}` } }) } : {}),
    });
    actors.push({ session: started.session as RoleSession, start: started.record });
  }
  return actors;
}

/**
 * The records of one log file of hour `hour`, about `bytes` long (as JSON): the hour's session starts
 * in its first file, then calls of random sessions of that hour.
 */
export function benchRecords(day: Date, hour: number, file: number, bytes: number): TrailRecord[] {
  const random = seededRandom(day.getTime() / 1000 + hour * 1000 + file);
  const actors = population(day, hour);
  const out: TrailRecord[] = file === 0 ? actors.map((a) => a.start) : [];
  let size = out.reduce((n, r) => n + JSON.stringify(r).length, 0);
  const base = day.getTime() + hour * 3600_000;
  while (size < bytes) {
    const actor = actors[Math.floor(random() * actors.length)] as Actor;
    const time = new Date(base + Math.floor(random() * 3600) * 1000);
    const roll = random();
    let record: TrailRecord;
    if (roll < 0.55) {
      const bucket = BUCKETS[Math.floor(random() * BUCKETS.length)] as string;
      record = s3GetObject(
        ACCOUNT,
        actor.session.identity,
        bucket,
        `data/${Math.floor(random() * 1e9).toString(36)}/${Math.floor(random() * 1e9).toString(36)}.parquet`,
        time,
      );
    } else if (roll < 0.85) {
      const [eventSource, eventName] = READS[Math.floor(random() * READS.length)] as (typeof READS)[number];
      record = call(ACCOUNT, actor.session.identity, {
        time,
        eventSource,
        eventName,
        readOnly: true,
        requestParameters: { maxResults: 100, filter: `f-${Math.floor(random() * 1e6)}` },
      });
    } else if (roll < 0.95) {
      const [eventSource, eventName] = WRITES[Math.floor(random() * WRITES.length)] as (typeof WRITES)[number];
      record = call(ACCOUNT, actor.session.identity, {
        time,
        eventSource,
        eventName,
        requestParameters: { resourceId: `r-${Math.floor(random() * 1e9).toString(36)}`, tags: [{ key: 'team', value: 'data' }] },
      });
    } else if (roll < 0.98) {
      record = call(ACCOUNT, actor.session.identity, {
        time,
        eventSource: 'ec2.amazonaws.com',
        eventName: 'TerminateInstances',
        requestParameters: { instancesSet: { items: [{ instanceId: `i-${Math.floor(random() * 1e12).toString(16)}` }] } },
        errorCode: 'Client.UnauthorizedOperation',
        errorMessage: 'You are not authorized to perform this operation.',
      });
    } else {
      record = serviceCall(ACCOUNT, 'cloudtrail.amazonaws.com', {
        time,
        eventSource: 's3.amazonaws.com',
        eventName: 'GetBucketAcl',
        requestParameters: { bucketName: BUCKETS[2] as string },
        readOnly: true,
      });
    }
    size += JSON.stringify(record).length + 1;
    out.push(record);
  }
  return out;
}
