/**
 * The verify canary is a second writer in the audit bucket: trail-s3-data-events passes only while the
 * trail records its writes (PutObject included), since the bucket policy lets the verifiers put objects there.
 */
import { check } from '../../policies/engine';
import { modelFromDocument } from '../../policies/load';
import { synthEnvironment } from '../support/terraform-json';

const verdict = (tf: unknown) => check([modelFromDocument(tf, 'staging/cdk.tf.json')], { waivers: [] }).results.find((r) => r.rule === 'trail-s3-data-events');

test('with the canary writes recorded, the rule passes', () => {
  expect(verdict(synthEnvironment('staging'))?.status).toBe('pass');
});

test('without the canary selector, PutObject under the canary prefix goes unrecorded and the rule fails', () => {
  const tf = synthEnvironment('staging');
  const trail = tf.resource.aws_cloudtrail?.trail_trail as { advanced_event_selector: { name: string }[] };
  trail.advanced_event_selector = trail.advanced_event_selector.filter((s) => s.name !== 'Writes of the verify canary');
  expect(verdict(tf)).toEqual(expect.objectContaining({ status: 'fail', message: expect.stringContaining('PutObject') }));
});

test('the canary selector recording only PutObject-less writes fails too', () => {
  const tf = synthEnvironment('staging');
  const trail = tf.resource.aws_cloudtrail?.trail_trail as { advanced_event_selector: { name: string; field_selector: unknown[] }[] };
  const canary = trail.advanced_event_selector.find((s) => s.name === 'Writes of the verify canary');
  canary?.field_selector.push({ field: 'eventName', not_equals: ['PutObject'] });
  expect(verdict(tf)?.status).toBe('fail');
});
