import Database from 'better-sqlite3';

interface Queued<T> {
  run: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs the writes asked for during one turn of the event loop in one SQLite transaction: a commit (its WAL frame
 * and its locks) is most of an upsert's cost, and every API request counts one. Each write is still one statement
 * under the write lock, in the order asked, so counts stay exact across processes; a caller's promise settles once
 * its write is committed. Should the batch fail as a whole (a busy lock past the timeout), each write is retried on
 * its own, so one write's failure is only its caller's.
 */
export class SqliteWriteBatch {
  private queued: Array<Queued<unknown>> = [];
  private readonly runAll: (batch: Array<Queued<unknown>>) => unknown[];

  constructor(private readonly db: Database.Database) {
    this.runAll = db.transaction((batch: Array<Queued<unknown>>) => batch.map((q) => q.run()));
  }

  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queued.length === 0) setImmediate(() => this.flush());
      this.queued.push({ run: write, resolve, reject } as Queued<unknown>);
    });
  }

  private flush(): void {
    const batch = this.queued;
    this.queued = [];
    if (!this.db.open) return batch.forEach((q) => q.reject(new Error('the database is closed')));
    if (batch.length > 1) {
      try {
        const results = this.runAll(batch);
        return batch.forEach((q, i) => q.resolve(results[i]));
      } catch {
        // Rolled back as a whole: each write again on its own below, so one write's failure is only its caller's.
      }
    }
    // A write alone is one statement, atomic by itself: it needs no transaction around it.
    for (const q of batch) {
      try {
        q.resolve(q.run());
      } catch (error) {
        q.reject(error);
      }
    }
  }
}
