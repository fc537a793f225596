import Database from 'better-sqlite3';

interface Queued<T> {
  run: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The most writes one transaction takes: bounds how long a batch holds the file's write lock from other processes. */
export const GROUP_COMMIT_MAX = 64;

/**
 * Group commit without waiting: the writes asked for in one macrotask (a projected batch waking many threads, each
 * appending) share one BEGIN IMMEDIATE ... COMMIT, flushed from a microtask, so before the event loop moves on:
 * no write waits a turn of the loop. Each write runs alone under the write lock, in the order asked, and fails
 * alone: a write of several statements must be a `db.transaction()` function, which runs as a SAVEPOINT inside
 * the batch. Every caller's promise settles after the COMMIT. Should the batch fail as a whole (a busy lock past
 * the timeout, an I/O error that made SQLite roll back), each write is tried again on its own.
 *
 * Nothing waits for a later turn of the loop: batching on setImmediate was measured and lost (each write of a
 * turn's chain - message, run start, live records, reply, checkpoint - waited a loop turn: slower turns).
 */
export class SqliteGroupCommit {
  private queued: Array<Queued<unknown>> = [];
  private readonly runAll: (batch: Array<Queued<unknown>>) => Outcome[];

  /** `onRollback`: the batch was rolled back as a whole; what its writes noted in memory did not happen. */
  constructor(
    private readonly db: Database.Database,
    private readonly onRollback: () => void = () => undefined,
    private readonly max = GROUP_COMMIT_MAX,
  ) {
    this.runAll = db.transaction((batch: Array<Queued<unknown>>) =>
      batch.map((q): Outcome => {
        try {
          return { ok: true, value: q.run() };
        } catch (error) {
          // SQLite rolled the whole transaction back (SQLITE_FULL, IOERR...): nothing of the batch holds; retry each.
          if (!db.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    ).immediate;
  }

  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // A promise's microtask, not queueMicrotask: code under fake timers (which fake queueMicrotask) still commits.
      if (this.queued.length === 0) void Promise.resolve().then(() => this.flush());
      this.queued.push({ run: write, resolve, reject } as Queued<unknown>);
    });
  }

  /** Commits what is queued now: for an operation that must follow the writes asked before it. */
  flush(): void {
    while (this.queued.length > 0) this.commit(this.queued.splice(0, this.max));
  }

  private commit(batch: Array<Queued<unknown>>): void {
    if (!this.db.open) return batch.forEach((q) => q.reject(new Error('the database is closed')));
    if (batch.length > 1) {
      let outcomes: Outcome[] | undefined;
      try {
        outcomes = this.runAll(batch);
      } catch {
        // Rolled back as a whole: each write again on its own below.
        this.onRollback();
      }
      if (outcomes) return batch.forEach((q, i) => settle(q, outcomes![i]));
    }
    // A write alone needs no batch transaction: one statement is atomic, a transaction function makes its own.
    for (const q of batch) {
      try {
        q.resolve(q.run());
      } catch (error) {
        q.reject(error);
      }
    }
  }
}

function settle(q: Queued<unknown>, outcome: Outcome): void {
  if (outcome.ok) q.resolve(outcome.value);
  else q.reject(outcome.error);
}
