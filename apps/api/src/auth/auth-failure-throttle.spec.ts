import { SqliteRateCounterStore } from '@forkline/read-models';
import { AuthFailureThrottle, clientBucket } from './auth-failure-throttle';

describe('AuthFailureThrottle', () => {
  let now = 0;
  const clock = () => now;
  let counters: SqliteRateCounterStore;
  beforeEach(() => {
    now = 1_000_000;
    counters = new SqliteRateCounterStore(':memory:');
  });
  afterEach(() => counters.close());

  it('refuses an address past its failures per minute until its window ends, other addresses unaffected', async () => {
    const throttle = new AuthFailureThrottle(3, counters, clock);
    for (let i = 0; i < 3; i++) {
      expect(await throttle.retryAfter('10.0.0.1')).toBe(0);
      await throttle.recordFailure('10.0.0.1');
    }
    expect(await throttle.retryAfter('10.0.0.1')).toBe(60);
    expect(await throttle.retryAfter('10.0.0.2')).toBe(0);
    now += 59_001;
    expect(await throttle.retryAfter('10.0.0.1')).toBe(1);
    now += 1_000;
    expect(await throttle.retryAfter('10.0.0.1')).toBe(0);
    await throttle.recordFailure('10.0.0.1');
    expect(await throttle.retryAfter('10.0.0.1')).toBe(0);
  });

  it('shares the count between throttles on one store, as between API processes', async () => {
    const [first, second] = [new AuthFailureThrottle(2, counters, clock), new AuthFailureThrottle(2, counters, clock)];
    await first.recordFailure('10.0.0.1');
    expect(await second.retryAfter('10.0.0.1')).toBe(0);
    await second.recordFailure('10.0.0.1');
    expect(await first.retryAfter('10.0.0.1')).toBe(60);
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
