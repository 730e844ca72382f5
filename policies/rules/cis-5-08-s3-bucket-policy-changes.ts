import { cisAlarmRule } from '../cis-alarms';

export const rule = cisAlarmRule('cis-5-08-s3-bucket-policy-changes', 'medium', {
  control: '5.8',
  subject: 'S3 bucket policy changes',
  pattern:
    '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
});
