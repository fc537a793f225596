import { ThrottlerStorage } from '@nestjs/throttler';
import { RateCounterStore } from '@forkline/read-models';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * The throttler's counts kept in the shared rate counter store instead of this process's memory, so a limit of N per
 * minute holds across every API process on the backend. The throttler's own rules stay: the hit past the limit starts
 * a block of `blockDuration`, and while it lasts every request is refused and nothing is counted.
 */
export class SharedThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly counters: RateCounterStore,
    private readonly now: () => number = Date.now,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    const window = await this.counters.increment(`throttle:${key}`, { now, windowMs: ttl, limit, blockMs: blockDuration });
    const isBlocked = window.blockedUntil > now;
    return {
      totalHits: window.hits,
      timeToExpire: seconds(window.windowEndsAt - now),
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds(window.blockedUntil - now) : 0,
    };
  }
}
