import { AuthFailureThrottle } from './auth-failure-throttle';

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
