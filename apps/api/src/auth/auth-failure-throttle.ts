import { RateCounterStore } from '@forkline/read-models';
import { isIPv6 } from 'net';

const WINDOW_MS = 60_000;

/**
 * Counts failed authentications per client address in one-minute windows, in the shared rate counters, so the limit
 * holds across every API process. Past the limit the address is refused before its key is even looked at, valid or
 * not, until its window ends: a guess that happens to be right must not be told apart from a wrong one. Ended
 * windows are swept by the store, so a flood of addresses costs rows for about a minute, not memory for good.
 */
export class AuthFailureThrottle {
  constructor(
    readonly perMinute: number,
    private readonly counters: RateCounterStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whole seconds until `address` may authenticate again; 0 when it may now. */
  async retryAfter(address: string): Promise<number> {
    const now = this.now();
    const window = await this.counters.peek(keyOf(address), now);
    return window && window.hits >= this.perMinute ? Math.ceil((window.windowEndsAt - now) / 1000) : 0;
  }

  async recordFailure(address: string): Promise<void> {
    // Counted, never blocked by the store: the refusal is retryAfter's, until the window ends.
    await this.counters.increment(keyOf(address), { now: this.now(), windowMs: WINDOW_MS, limit: Number.MAX_SAFE_INTEGER, blockMs: 0 });
  }
}

const keyOf = (address: string) => `auth-failures:${address}`;

/**
 * The address a failure counts against: an IPv4 address (also when IPv4-mapped), or an IPv6 address's /64,
 * since one IPv6 client commonly holds a whole /64 and could otherwise start afresh with every address in it.
 */
export function clientBucket(address: string): string {
  // An IPv4 address (the usual case, on every request) has no colon: it skips the IPv6 parsing below.
  if (!address.includes(':')) return address;
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
