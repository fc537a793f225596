import { isIPv6 } from 'net';

const WINDOW_MS = 60_000;

/**
 * Counts failed authentications per client address in one-minute windows. Past the limit the address is
 * refused before its key is even looked at, valid or not, until its window ends: a guess that happens to be
 * right must not be told apart from a wrong one. Windows start in time order, so the Map's insertion order is
 * their expiry order and the oldest entries are the first to drop when too many addresses are tracked.
 */
export class AuthFailureThrottle {
  private readonly windows = new Map<string, { failures: number; endsAt: number }>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxAddresses = 100_000,
  ) {}

  /** Whole seconds until `address` may authenticate again; 0 when it may now. */
  retryAfter(address: string): number {
    const window = this.windows.get(address);
    if (!window) return 0;
    const left = window.endsAt - this.now();
    if (left <= 0) {
      this.windows.delete(address);
      return 0;
    }
    return window.failures >= this.perMinute ? Math.ceil(left / 1000) : 0;
  }

  recordFailure(address: string): void {
    const now = this.now();
    let window = this.windows.get(address);
    if (!window || window.endsAt <= now) {
      this.windows.delete(address);
      this.evict(now);
      window = { failures: 0, endsAt: now + WINDOW_MS };
      this.windows.set(address, window);
    }
    window.failures++;
  }

  private evict(now: number): void {
    for (const [address, window] of this.windows) {
      if (window.endsAt > now && this.windows.size < this.maxAddresses) return;
      this.windows.delete(address);
    }
  }
}

/**
 * The address a failure counts against: an IPv4 address (also when IPv4-mapped), or an IPv6 address's /64,
 * since one IPv6 client commonly holds a whole /64 and could otherwise start afresh with every address in it.
 */
export function clientBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  const bare = address.split('%')[0];
  if (!isIPv6(bare)) return address;
  const [head, tail] = bare.split('::');
  const [h, t] = [head, tail].map((part) => (part ? part.split(':') : []));
  const all = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return `${all
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
