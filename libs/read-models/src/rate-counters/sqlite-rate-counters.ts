import Database from 'better-sqlite3';
import { openSqliteDatabase } from '@forkline/event-store';
import { CounterRule, CounterWindow, RateCounterStore } from './rate-counter.port';
import { SqliteWriteBatch } from './sqlite-write-batch';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS rate_windows (
    key           TEXT PRIMARY KEY,
    hits          INTEGER NOT NULL,
    window_ends   INTEGER NOT NULL,
    blocked_until INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;`;

// The update is skipped (and nothing returned) while another holder's lease runs.
const CLAIM_LEASE = `
  INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @now + @ttlMs)
  ON CONFLICT (name) DO UPDATE SET holder = @holder, expires_at = @now + @ttlMs
    WHERE leases.holder = @holder OR leases.expires_at < @now
  RETURNING holder`;

// A window is over when its block has ended, or, never blocked, when its time has.
const ENDED = '(CASE WHEN blocked_until > 0 THEN blocked_until <= @now ELSE window_ends <= @now END)';

// One statement, so SQLite's write lock makes it atomic across processes; every SET expression reads the old row.
const INCREMENT = `
  INSERT INTO rate_windows (key, hits, window_ends, blocked_until)
  VALUES (@key, 1, @now + @windowMs, CASE WHEN 1 > @limit THEN @now + @blockMs ELSE 0 END)
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN ${ENDED} THEN 1 WHEN blocked_until > @now THEN hits ELSE hits + 1 END,
    window_ends = CASE WHEN ${ENDED} THEN @now + @windowMs ELSE window_ends END,
    blocked_until = CASE
      WHEN ${ENDED} THEN CASE WHEN 1 > @limit THEN @now + @blockMs ELSE 0 END
      WHEN blocked_until > @now THEN blocked_until
      WHEN hits + 1 > @limit THEN @now + @blockMs
      ELSE 0 END
  RETURNING hits, window_ends AS windowEndsAt, blocked_until AS blockedUntil`;

/** How often (at most) a process removes ended windows, so the table holds about one minute of active keys. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Rate counters in their own small SQLite file (DATA_DIR/limits.db), shared by every process on the DATA_DIR. Not in
 * the read store file: `forkline projections rebuild` switches that file, and counts must not reset with it.
 */
export class SqliteRateCounterStore implements RateCounterStore {
  private readonly db: Database.Database;
  private readonly stmts;
  private readonly writes: SqliteWriteBatch;
  private lastSweep = 0;

  constructor(file: string) {
    this.db = openSqliteDatabase(file);
    this.db.exec(SCHEMA);
    this.stmts = {
      increment: this.db.prepare<Record<string, unknown>, CounterWindow>(INCREMENT),
      peek: this.db.prepare<Record<string, unknown>, CounterWindow>(
        `SELECT hits, window_ends AS windowEndsAt, blocked_until AS blockedUntil FROM rate_windows WHERE key = @key AND NOT ${ENDED}`,
      ),
      sweep: this.db.prepare(`DELETE FROM rate_windows WHERE ${ENDED}`),
      claimLease: this.db.prepare<Record<string, unknown>, { holder: string }>(CLAIM_LEASE),
      releaseLease: this.db.prepare('UPDATE leases SET expires_at = 0 WHERE name = @name AND holder = @holder'),
    };
    this.writes = new SqliteWriteBatch(this.db);
  }

  /** One request's count: committed with the others asked for in the same turn of the event loop (SqliteWriteBatch). */
  increment(key: string, rule: CounterRule): Promise<CounterWindow> {
    return this.writes.run(() => {
      if (rule.now - this.lastSweep >= SWEEP_EVERY_MS) this.sweepNow(rule.now);
      return this.stmts.increment.get({ key, ...rule })!;
    });
  }

  async peek(key: string, now: number): Promise<CounterWindow | null> {
    return this.stmts.peek.get({ key, now }) ?? null;
  }

  async sweep(now: number): Promise<number> {
    return this.sweepNow(now);
  }

  private sweepNow(now: number): number {
    this.lastSweep = now;
    return this.stmts.sweep.run({ now }).changes;
  }

  async claimLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    return this.stmts.claimLease.get({ name, holder, ttlMs, now }) !== undefined;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.stmts.releaseLease.run({ name, holder });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
