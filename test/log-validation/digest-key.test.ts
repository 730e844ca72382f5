import { type DigestScope, digestDayPrefix, digestRootPrefix, parseAnyDigestKey, parseDigestKey } from '../../log-validation/digest-key';

// The digest key of the AWS documentation's example (CloudTrail digest file structure).
const AWS_EXAMPLE_KEY =
  'AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz';
const SCOPE: DigestScope = { bucket: 'b', accountId: '111122223333', trailName: 'your-trail-name', homeRegion: 'us-east-2' };

describe('digest keys', () => {
  test('parses the end time of a key of this trail and region', () => {
    expect(parseDigestKey(SCOPE, 'us-east-2', AWS_EXAMPLE_KEY)).toEqual({ endTime: new Date('2015-08-17T15:01:31Z'), backfill: false });
  });

  test('recognises a backfill digest by its _backfill suffix', () => {
    expect(parseDigestKey(SCOPE, 'us-east-2', AWS_EXAMPLE_KEY.replace('.json.gz', '_backfill.json.gz'))).toEqual({
      endTime: new Date('2015-08-17T15:01:31Z'),
      backfill: true,
    });
  });

  test.each([
    ['another trail', AWS_EXAMPLE_KEY.replace('your-trail-name', 'other-trail')],
    ['another region folder', AWS_EXAMPLE_KEY.replace('CloudTrail-Digest/us-east-2', 'CloudTrail-Digest/eu-west-1')],
    ['a log file', 'AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz'],
    ['a day folder that disagrees with the time stamp', AWS_EXAMPLE_KEY.replace('2015/08/17/', '2015/08/16/')],
    ['an impossible time stamp', AWS_EXAMPLE_KEY.replace('T150131Z', 'T256131Z')],
    ['another suffix', AWS_EXAMPLE_KEY.replace('.json.gz', '_copy.json.gz')],
  ])('ignores %s', (_name, key) => {
    expect(parseDigestKey(SCOPE, 'us-east-2', key)).toBeUndefined();
  });

  test('puts the prefix and the organization id where CloudTrail does', () => {
    const scope = { ...SCOPE, prefix: 'audit/logs', organizationId: 'o-exampleorgid' };
    expect(digestRootPrefix(scope)).toBe('audit/logs/AWSLogs/o-exampleorgid/111122223333/CloudTrail-Digest/');
    expect(digestDayPrefix(scope, 'eu-west-1', new Date('2026-02-01T00:30:00Z'))).toBe(
      'audit/logs/AWSLogs/o-exampleorgid/111122223333/CloudTrail-Digest/eu-west-1/2026/02/01/',
    );
  });

  test('parses any digest key, wherever it is: prefix, organization, account, region, trail and home region', () => {
    const key = `audit/logs/AWSLogs/o-exampleorgid/${AWS_EXAMPLE_KEY.slice('AWSLogs/'.length).replace(/your-trail-name/g, 'my_trail.v2-x')}`;
    expect(parseAnyDigestKey(key)).toEqual({
      prefix: 'audit/logs',
      organizationId: 'o-exampleorgid',
      accountId: '111122223333',
      region: 'us-east-2',
      trailName: 'my_trail.v2-x',
      homeRegion: 'us-east-2',
      endTime: new Date('2015-08-17T15:01:31Z'),
      backfill: false,
    });
    expect(parseAnyDigestKey(AWS_EXAMPLE_KEY)).toMatchObject({ accountId: '111122223333', trailName: 'your-trail-name' });
    expect(parseAnyDigestKey(AWS_EXAMPLE_KEY)).not.toHaveProperty('prefix');
  });

  test.each([
    ['an account in the name that differs from the folder', AWS_EXAMPLE_KEY.replace('/111122223333_', '/444455556666_')],
    ['a region in the name that differs from the folder', AWS_EXAMPLE_KEY.replace('_CloudTrail-Digest_us-east-2_', '_CloudTrail-Digest_eu-west-1_')],
    ['a day folder that disagrees with the time stamp', AWS_EXAMPLE_KEY.replace('2015/08/17/', '2015/08/16/')],
    ['an impossible date', AWS_EXAMPLE_KEY.replace('2015/08/17/', '2015/02/30/').replace('20150817T', '20150230T')],
  ])('parseAnyDigestKey ignores %s', (_name, key) => {
    expect(parseAnyDigestKey(key)).toBeUndefined();
  });
});
