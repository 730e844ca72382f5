import { ObjectLockRetention } from '../../constructs/object-lock-retention';

describe('ObjectLockRetention', () => {
  test.each([0, -1, 1.5, 36501])('refuses %p days', (days) => {
    expect(() => ObjectLockRetention.of('COMPLIANCE', days)).toThrow(/whole number of days from 1 to 36500 \(100 years\)/);
  });
  test('holds mode and days', () => {
    expect(ObjectLockRetention.of('GOVERNANCE', 90)).toMatchObject({ mode: 'GOVERNANCE', days: 90 });
    expect(ObjectLockRetention.of('COMPLIANCE', 36500)).toMatchObject({ mode: 'COMPLIANCE', days: 36500 });
  });
});
