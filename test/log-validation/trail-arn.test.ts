import { parseTrailArn } from '../../log-validation/trail-arn';

describe('parseTrailArn', () => {
  test('splits a trail ARN into partition, home region, account and name', () => {
    expect(parseTrailArn('arn:aws-us-gov:cloudtrail:us-gov-west-1:111122223333:trail/org_trail.v2')).toEqual({
      arn: 'arn:aws-us-gov:cloudtrail:us-gov-west-1:111122223333:trail/org_trail.v2',
      partition: 'aws-us-gov',
      homeRegion: 'us-gov-west-1',
      accountId: '111122223333',
      trailName: 'org_trail.v2',
    });
  });

  test.each([
    'audit-trail',
    'arn:aws:cloudtrail:us-east-1:1111:trail/audit-trail',
    'arn:aws:s3:::bucket',
    'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/x',
    'arn:aws:cloudtrail:us-east-1:111122223333:trail/a b',
  ])('refuses %s', (arn) => {
    expect(parseTrailArn(arn)).toBeUndefined();
  });
});
