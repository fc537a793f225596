/** How one increment counts: a fixed window of `windowMs` from its first hit, refused for `blockMs` once past `limit`. */
export interface CounterRule {
  now: number;
  windowMs: number;
  limit: number;
  blockMs: number;
}

/** A key's window after an increment (or as it stands, for `peek`). Times are epoch milliseconds. */
export interface CounterWindow {
  hits: number;
  windowEndsAt: number;
  /** 0 when not blocked; while it is in the future, increments change nothing. */
  blockedUntil: number;
}

/**
 * Counters shared by every API process on one read-model backend (rate limits must hold across processes, not per
 * process). One increment is one atomic step in the store: two processes never both take the last hit of a window.
 */
export interface RateCounterStore {
  /**
   * Counts one hit against `key`: a new window when there is none, its window has ended, or its block has ended;
   * nothing while it is blocked; otherwise one more hit, and a block of `blockMs` when the hits pass `limit`.
   */
  increment(key: string, rule: CounterRule): Promise<CounterWindow>;
  /** The key's window if it is still running (or blocked) at `now`, else null. Counts nothing. */
  peek(key: string, now: number): Promise<CounterWindow | null>;
  /** Removes the windows that ended before `now`; returns how many. The stores also do it on their own. */
  sweep(now: number): Promise<number>;
  /**
   * A leader lease on the same shared backend (one projector at a time): `holder` gets or keeps `name` until
   * `now + ttlMs` when it holds it already or the lease is free (never taken, released, or expired before `now`);
   * false while another holder's lease runs. One atomic step: two processes never both get it. Nothing is logged.
   */
  claimLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
  /** Frees the lease at once if `holder` has it (a graceful stop), so a standby need not wait for the expiry. */
  releaseLease(name: string, holder: string): Promise<void>;
  close(): Promise<void>;
}

export const RATE_COUNTERS = Symbol('RATE_COUNTERS');
