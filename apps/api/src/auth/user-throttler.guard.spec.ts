import { ExecutionContext } from '@nestjs/common';
import { SkipThrottle, Throttle, ThrottlerException } from '@nestjs/throttler';
import { createHash } from 'crypto';
import { SqliteRateCounterStore } from '@forkline/read-models';
import { SharedThrottlerStorage } from './shared-throttler.storage';
import { UserThrottlerGuard } from './user-throttler.guard';

class Limited {
  route() {}
}
@SkipThrottle()
class Skipped {
  route() {}
}
class Stricter {
  @Throttle({ default: { limit: 1, ttl: 10_000 } })
  route() {}
}
class Computed {
  @Throttle({ default: { limit: () => Promise.resolve(2), ttl: 60_000, blockDuration: 5_000 } })
  route() {}
}
class OwnTracker {
  @Throttle({ default: { limit: 1, ttl: 1, getTracker: () => 'x' } })
  route() {}
}

describe('UserThrottlerGuard', () => {
  let counters: SqliteRateCounterStore;
  let now = 1_000_000;
  beforeEach(() => (counters = new SqliteRateCounterStore(':memory:')));
  afterEach(() => counters.close());

  const guard = (limit: number) =>
    new UserThrottlerGuard(
      { throttlers: [{ ttl: 60_000, limit }], errorMessage: 'slow down' },
      new SharedThrottlerStorage(counters, () => now),
    );

  /** A request of `user` (or, without one, from 10.0.0.1) to a route of `controller`; the headers set on its answer. */
  function context(controller: { prototype: { route(): void } }, user?: string) {
    const headers: Record<string, string> = {};
    const request = { user: user ? { id: user } : undefined, ip: '10.0.0.1' };
    const response = { setHeader: (name: string, value: string) => (headers[name] = value) };
    const ctx = {
      getHandler: () => controller.prototype.route,
      getClass: () => controller,
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
    } as unknown as ExecutionContext;
    return { ctx, headers };
  }

  it('counts each user apart, with the X-RateLimit headers, and refuses the hit past the limit until the block ends', async () => {
    const g = guard(2);
    for (const remaining of ['1', '0']) {
      const { ctx, headers } = context(Limited, 'alice');
      await expect(g.canActivate(ctx)).resolves.toBe(true);
      expect(headers).toEqual({ 'X-RateLimit-Limit': '2', 'X-RateLimit-Remaining': remaining, 'X-RateLimit-Reset': '60' });
    }
    const refused = context(Limited, 'alice');
    await expect(g.canActivate(refused.ctx)).rejects.toEqual(new ThrottlerException('slow down'));
    expect(refused.headers).toEqual({
      'Retry-After': '60',
      'X-RateLimit-Limit': '2',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '60',
    });
    await expect(g.canActivate(context(Limited, 'bob').ctx)).resolves.toBe(true);
    await expect(g.canActivate(context(Limited).ctx)).resolves.toBe(true);
    now += 60_001;
    await expect(g.canActivate(context(Limited, 'alice').ctx)).resolves.toBe(true);
  });

  it('keeps the counter keys of @nestjs/throttler-era windows (a hash of the throttler name and tracker)', async () => {
    await guard(5).canActivate(context(Limited, 'alice').ctx);
    await guard(5).canActivate(context(Limited).ctx);
    const hashOf = (plain: string) => `throttle:${createHash('sha256').update(plain).digest('hex')}`;
    expect(await counters.peek(hashOf('default:user:alice'), now)).toMatchObject({ hits: 1 });
    expect(await counters.peek(hashOf('default:ip:10.0.0.1'), now)).toMatchObject({ hits: 1 });
  });

  it('lets @SkipThrottle() routes through without counting or headers', async () => {
    const g = guard(1);
    for (let i = 0; i < 3; i++) {
      const { ctx, headers } = context(Skipped, 'alice');
      await expect(g.canActivate(ctx)).resolves.toBe(true);
      expect(headers).toEqual({});
    }
    await expect(g.canActivate(context(Limited, 'alice').ctx)).resolves.toBe(true);
  });

  it("takes a route's own @Throttle limit, ttl and block duration (a number or a function of the request)", async () => {
    const g = guard(5);
    const first = context(Stricter, 'alice');
    await expect(g.canActivate(first.ctx)).resolves.toBe(true);
    expect(first.headers).toMatchObject({ 'X-RateLimit-Limit': '1', 'X-RateLimit-Reset': '10' });
    const refused = context(Stricter, 'alice');
    await expect(g.canActivate(refused.ctx)).rejects.toBeInstanceOf(ThrottlerException);
    expect(refused.headers).toMatchObject({ 'Retry-After': '10' });
    for (let i = 0; i < 2; i++) await expect(g.canActivate(context(Computed, 'bob').ctx)).resolves.toBe(true);
    const blocked = context(Computed, 'bob');
    await expect(g.canActivate(blocked.ctx)).rejects.toBeInstanceOf(ThrottlerException);
    expect(blocked.headers).toMatchObject({ 'Retry-After': '5', 'X-RateLimit-Limit': '2' });
    await expect(g.canActivate(context(OwnTracker, 'carol').ctx)).rejects.toThrow(/tracker or key generator/);
  });

  it('refuses a configuration it would not honour', () => {
    const storage = new SharedThrottlerStorage(counters);
    expect(
      () =>
        new UserThrottlerGuard(
          {
            throttlers: [
              { ttl: 1, limit: 1 },
              { ttl: 2, limit: 2 },
            ],
            errorMessage: 'x',
          },
          storage,
        ),
    ).toThrow(/one throttler/);
    expect(() => new UserThrottlerGuard({ throttlers: [{ ttl: 1, limit: 1 }] }, storage)).toThrow(/errorMessage/);
  });
});
