import Database from 'better-sqlite3';
import { openSqliteDatabase, truncateWal } from '../sqlite-database';
import { SqliteGroupCommit } from '../sqlite-group-commit';
import { LiveRecord, LiveRecordStore, NewLiveRecord } from './live-records.port';
import { createSchema, liveStatements, RecordRow, RunRow, seqRanges, toRecord } from './sqlite-live-schema';
import { ThreadWatches } from './thread-watch';

/** How many runs one expiry transaction removes, so a large expiry never holds the write lock for long. */
const EXPIRE_BATCH = 200;

/**
 * Live run records in their own SQLite file (DATA_DIR/live.db): live writes never contend with log appends and a
 * rebuild never reads them. Followers in this process wake on appends at once; another process's appends are found
 * by one poll per store (see ThreadWatches).
 */
export class SqliteLiveRecordStore implements LiveRecordStore {
  private readonly db: Database.Database;
  private readonly stmts: ReturnType<typeof liveStatements>;
  private readonly watches: ThreadWatches;
  private readonly appendTx: (threadId: string, records: NewLiveRecord[], at: number) => LiveRecord[];
  /** The appends of one macrotask share a commit (each a SAVEPOINT in it). */
  private readonly writes: SqliteGroupCommit;
  private closed = false;

  constructor(file: string, pollMs = 30) {
    this.db = openSqliteDatabase(file);
    // A checkpoint every 4000 WAL pages (16 MB) instead of 1000: an append rewrites its thread's last records leaf and
    // the same few index leaves, which a longer log copies into the file once (measured: ~10-20% of an append's CPU).
    this.db.pragma('wal_autocheckpoint = 4000');
    createSchema(this.db);
    this.stmts = liveStatements(this.db);
    this.watches = new ThreadWatches(
      {
        version: () => this.stmts.version.get() as number,
        changedSince: (version) => {
          const rows = this.stmts.changedSince.all(version) as { thread_id: string; version: number }[];
          return { threads: rows.map((r) => r.thread_id), version: rows.reduce((max, r) => Math.max(max, r.version), version) };
        },
      },
      pollMs,
    );
    this.appendTx = this.db.transaction((threadId: string, all: NewLiveRecord[], at: number) => {
      const [first, ...others] = new Set(all.map((r) => r.runId));
      const state = this.stmts.appendState.get({ thread: threadId, run: first })!;
      const dead = new Set(others.filter((runId) => this.stmts.isDead.get(threadId, runId)));
      if (state.dead) dead.add(first);
      const records = dead.size ? all.filter((r) => !dead.has(r.runId)) : all;
      let seq = state.next_seq ?? 0;
      const iso = new Date(at).toISOString(); // once per append: a tenth of an append's CPU when made per record
      const stored = records.map((r) => ({ ...r, threadId, seq: seq++, at: iso }));
      for (const r of stored) this.stmts.insert.run(threadId, r.seq, r.runId, r.type, JSON.stringify(r.data), at);
      this.stmts.setNextSeq.run(threadId, seq);
      for (const [runId, seqs] of seqRanges(stored)) this.stmts.touchRun.run(threadId, runId, seqs.first, seqs.last, at);
      return stored;
    }).immediate;
    this.writes = new SqliteGroupCommit(this.db);
  }

  async append(threadId: string, records: NewLiveRecord[]): Promise<LiveRecord[]> {
    if (records.length === 0) return [];
    const at = Date.now();
    const stored = await this.writes.run(() => this.appendTx(threadId, records, at));
    if (stored.length > 0) this.watches.notify(threadId);
    return stored;
  }

  async read(threadId: string, after: number, limit = -1): Promise<LiveRecord[]> {
    return (this.stmts.read.all(threadId, after, limit) as RecordRow[]).map(toRecord);
  }

  async readLatest(threadId: string, limit: number): Promise<LiveRecord[]> {
    return (this.stmts.readLatest.all(threadId, limit) as RecordRow[]).map(toRecord);
  }

  async *follow(threadId: string, after: number, signal: AbortSignal): AsyncIterable<LiveRecord[]> {
    if (this.closed) return;
    const watch = this.watches.acquire(threadId);
    let cursor = after;
    try {
      while (!signal.aborted && !watch.closed) {
        const seen = watch.current;
        const batch = await this.read(threadId, cursor, 500);
        if (batch.length > 0) {
          cursor = batch[batch.length - 1].seq;
          yield batch;
          continue;
        }
        await watch.wait(seen, signal);
      }
    } finally {
      watch.release();
    }
  }

  async expire(retentionMs: number, now = new Date()): Promise<number> {
    const cutoff = now.getTime() - retentionMs;
    let removed = 0;
    const expireBatch = this.db.transaction(() => {
      const runs = this.stmts.expiredRuns.all(cutoff, EXPIRE_BATCH) as RunRow[];
      for (const run of runs) {
        removed += this.stmts.deleteRunRecords.run(run.thread_id, run.first_seq, run.last_seq, run.run_id).changes;
        this.stmts.deleteRun.run(run.thread_id, run.run_id);
      }
      return runs.length;
    });
    while (expireBatch() === EXPIRE_BATCH) await new Promise((resolve) => setImmediate(resolve));
    return removed;
  }

  /** The thread row stays (seqs go on after it); its runs are buried so that their late appends are refused. */
  async deleteThread(threadId: string, runIds: string[] = []): Promise<void> {
    this.writes.flush(); // appends asked for before the delete are removed by it
    this.db.transaction(() => {
      this.stmts.buryRuns.run(threadId);
      for (const runId of runIds) this.stmts.buryRun.run(threadId, runId);
      this.stmts.deleteThreadRecords.run(threadId);
      this.stmts.deleteThreadRuns.run(threadId);
    })();
    // The answer text of a deleted thread must not live on in older WAL frames (secure_delete covers the pages).
    truncateWal(this.db);
  }

  async deleteRuns(threadId: string, runIds: string[]): Promise<void> {
    this.writes.flush();
    this.db.transaction(() => {
      for (const runId of runIds) {
        this.stmts.buryRun.run(threadId, runId);
        this.stmts.deleteRunRecordsAnywhere.run(threadId, runId);
        this.stmts.deleteRun.run(threadId, runId);
      }
    })();
    truncateWal(this.db);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.writes.flush();
    this.watches.closeAll();
    this.db.close();
  }
}
