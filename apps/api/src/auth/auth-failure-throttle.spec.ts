import { AuthFailureThrottle, clientBucket } from './auth-failure-throttle';

describe('AuthFailureThrottle', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('refuses an address past its failures per minute until its window ends, other addresses unaffected', () => {
    const throttle = new AuthFailureThrottle(3, clock);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfter('10.0.0.1')).toBe(0);
      throttle.recordFailure('10.0.0.1');
    }
    expect(throttle.retryAfter('10.0.0.1')).toBe(60);
    expect(throttle.retryAfter('10.0.0.2')).toBe(0);
    now += 59_001;
    expect(throttle.retryAfter('10.0.0.1')).toBe(1);
    now += 1_000;
    expect(throttle.retryAfter('10.0.0.1')).toBe(0);
    throttle.recordFailure('10.0.0.1');
    expect(throttle.retryAfter('10.0.0.1')).toBe(0);
  });

  it('keeps at most maxAddresses windows, dropping the oldest first', () => {
    const throttle = new AuthFailureThrottle(1, clock, 2);
    throttle.recordFailure('a');
    now += 1;
    throttle.recordFailure('b');
    now += 1;
    throttle.recordFailure('c');
    expect(['a', 'b', 'c'].map((address) => throttle.retryAfter(address) > 0)).toEqual([false, true, true]);
  });
});

describe('clientBucket', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['2001:db8:1:2:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:bbbb:cccc:dddd:eeee', '2001:db8:1:2::/64'],
    ['2001:db8::5', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ])('%s counts against %s', (address, bucket) => {
    expect(clientBucket(address)).toBe(bucket);
  });
});
