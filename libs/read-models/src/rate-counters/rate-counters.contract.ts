import { CounterRule, RateCounterStore } from './rate-counter.port';

/**
 * The contract every rate counter adapter keeps. `open` gives two handles (as two processes would hold) on one fresh,
 * empty backend.
 */
export function describeRateCounterContract(name: string, open: () => Promise<[RateCounterStore, RateCounterStore]>): void {
  describe(`rate counter contract: ${name}`, () => {
    let a: RateCounterStore;
    let b: RateCounterStore;
    const T0 = 1_700_000_000_000;
    const rule = (now: number, limit = 3): CounterRule => ({ now, windowMs: 60_000, limit, blockMs: 60_000 });

    beforeEach(async () => {
      [a, b] = await open();
    });
    afterEach(async () => {
      await a.close();
      await b.close();
    });

    it('opens a window on the first hit and counts the next ones in it', async () => {
      expect(await a.increment('k', rule(T0))).toEqual({ hits: 1, windowEndsAt: T0 + 60_000, blockedUntil: 0 });
      expect(await a.increment('k', rule(T0 + 10))).toEqual({ hits: 2, windowEndsAt: T0 + 60_000, blockedUntil: 0 });
    });

    it('blocks the hit past the limit for blockMs, and counts nothing while blocked', async () => {
      for (let i = 0; i < 3; i++) await a.increment('k', rule(T0 + i));
      expect(await a.increment('k', rule(T0 + 5))).toEqual({ hits: 4, windowEndsAt: T0 + 60_000, blockedUntil: T0 + 5 + 60_000 });
      // past the window's end, but still blocked: unchanged
      expect(await b.increment('k', rule(T0 + 60_002))).toEqual({ hits: 4, windowEndsAt: T0 + 60_000, blockedUntil: T0 + 5 + 60_000 });
    });

    it('starts a new window once the block has ended, or the window has', async () => {
      for (let i = 0; i < 4; i++) await a.increment('blocked', rule(T0));
      expect(await a.increment('blocked', rule(T0 + 60_000))).toEqual({ hits: 1, windowEndsAt: T0 + 120_000, blockedUntil: 0 });
      await a.increment('open', rule(T0));
      await a.increment('open', rule(T0));
      expect(await b.increment('open', rule(T0 + 60_000))).toEqual({ hits: 1, windowEndsAt: T0 + 120_000, blockedUntil: 0 });
    });

    it('keeps one count per key', async () => {
      await a.increment('x', rule(T0));
      await a.increment('x', rule(T0));
      expect((await a.increment('y', rule(T0))).hits).toBe(1);
    });

    it('shares the count between handles: concurrent hits from both are each counted once', async () => {
      const hits = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).increment('shared', rule(T0, 1000)).then((w) => w.hits)),
      );
      expect([...hits].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect((await b.peek('shared', T0))?.hits).toBe(40);
    });

    it('peeks at a running window without counting, and sees none once it ended', async () => {
      expect(await a.peek('k', T0)).toBeNull();
      await a.increment('k', rule(T0));
      expect(await b.peek('k', T0 + 1)).toEqual({ hits: 1, windowEndsAt: T0 + 60_000, blockedUntil: 0 });
      expect(await b.peek('k', T0 + 2)).toEqual({ hits: 1, windowEndsAt: T0 + 60_000, blockedUntil: 0 });
      expect(await a.peek('k', T0 + 60_000)).toBeNull();
    });

    it('sweeps the windows that ended, and keeps running and blocked ones', async () => {
      await a.increment('ended', rule(T0));
      await a.increment('running', rule(T0 + 30_000));
      for (let i = 0; i < 4; i++) await a.increment('blocked', rule(T0 + 50_000));
      expect(await b.sweep(T0 + 70_000)).toBe(1);
      expect(await a.peek('running', T0 + 70_000)).not.toBeNull();
      expect(await a.peek('blocked', T0 + 70_000)).toMatchObject({ blockedUntil: T0 + 110_000 });
      expect(await a.peek('ended', T0)).toBeNull();
    });

    it('gives a lease to one holder at a time, until it expires or is released', async () => {
      expect(await a.claimLease('projector', 'p1', 1000, T0)).toBe(true);
      expect(await b.claimLease('projector', 'p2', 1000, T0 + 10)).toBe(false);
      expect(await a.claimLease('projector', 'p1', 1000, T0 + 500)).toBe(true); // renewed: runs to T0 + 1500
      expect(await b.claimLease('projector', 'p2', 1000, T0 + 1200)).toBe(false);
      expect(await b.claimLease('projector', 'p2', 1000, T0 + 1501)).toBe(true); // expired: taken over
      expect(await a.claimLease('projector', 'p1', 1000, T0 + 1600)).toBe(false);
      await a.releaseLease('projector', 'p1'); // not p1's any more: changes nothing
      expect(await a.claimLease('projector', 'p1', 1000, T0 + 1700)).toBe(false);
      await b.releaseLease('projector', 'p2');
      expect(await a.claimLease('projector', 'p1', 1000, T0 + 1800)).toBe(true);
      expect(await a.claimLease('other', 'p3', 1000, T0 + 1800)).toBe(true); // leases are by name
    });

    it('lets exactly one of many concurrent claimants have a free lease', async () => {
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claimLease('race', `h${i}`, 1000, T0)));
      expect(claims.filter(Boolean)).toHaveLength(1);
    });
  });
}
