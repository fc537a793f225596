import Database from 'better-sqlite3';
import { LiveRecord } from './live-records.port';

export interface RecordRow {
  thread_id: string;
  seq: number;
  run_id: string;
  type: string;
  data: string;
  at: number;
}

export interface RunRow {
  thread_id: string;
  run_id: string;
  first_seq: number;
  last_seq: number;
}

// `threads` keeps each thread's next seq, so seqs are never reused once old records expire or the thread is deleted,
// and the store-wide version of its last append, so one poll finds the threads other processes wrote to;
// `runs` finds the records of a run by their seq range and its last write time, so expiry never scans the records
// table; `dead_runs` lists the runs of deleted threads, whose late appends are refused for good.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS records (
    thread_id TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    run_id    TEXT NOT NULL,
    type      TEXT NOT NULL,
    data      TEXT NOT NULL,
    at        INTEGER NOT NULL,
    PRIMARY KEY (thread_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS threads (thread_id TEXT PRIMARY KEY, next_seq INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS runs (
    thread_id TEXT NOT NULL,
    run_id    TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL,
    last_at   INTEGER NOT NULL,
    PRIMARY KEY (thread_id, run_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS runs_by_last_at ON runs (last_at);
  CREATE TABLE IF NOT EXISTS dead_runs (thread_id TEXT NOT NULL, run_id TEXT NOT NULL, PRIMARY KEY (thread_id, run_id)) WITHOUT ROWID;`;

/** Creates the tables, and adds what a live.db from an earlier version lacks. */
export function createSchema(db: Database.Database): void {
  db.exec(SCHEMA);
  const columns = (db.prepare('PRAGMA table_info(threads)').all() as { name: string }[]).map((c) => c.name);
  if (!columns.includes('version')) db.exec('ALTER TABLE threads ADD COLUMN version INTEGER NOT NULL DEFAULT 0');
  db.exec('CREATE INDEX IF NOT EXISTS threads_by_version ON threads (version)');
}

/** The statements the store runs, prepared once. */
export function liveStatements(db: Database.Database) {
  return {
    // An append's thread and its (first) run in one statement: almost every append is one run's.
    appendState: db.prepare<{ thread: string; run: string }, { next_seq: number | null; dead: number }>(
      `SELECT (SELECT next_seq FROM threads WHERE thread_id = @thread) AS next_seq,
              EXISTS (SELECT 1 FROM dead_runs WHERE thread_id = @thread AND run_id = @run) AS dead`,
    ),
    setNextSeq: db.prepare(
      `INSERT INTO threads (thread_id, next_seq, version) VALUES (?, ?, (SELECT coalesce(max(version), 0) + 1 FROM threads))
       ON CONFLICT (thread_id) DO UPDATE SET next_seq = excluded.next_seq, version = excluded.version`,
    ),
    version: db.prepare('SELECT coalesce(max(version), 0) FROM threads').pluck(),
    changedSince: db.prepare('SELECT thread_id, version FROM threads WHERE version > ?'),
    insert: db.prepare('INSERT INTO records (thread_id, seq, run_id, type, data, at) VALUES (?, ?, ?, ?, ?, ?)'),
    touchRun: db.prepare(
      `INSERT INTO runs (thread_id, run_id, first_seq, last_seq, last_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (thread_id, run_id) DO UPDATE SET last_seq = excluded.last_seq, last_at = excluded.last_at`,
    ),
    read: db.prepare('SELECT * FROM records WHERE thread_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    readLatest: db.prepare('SELECT * FROM records WHERE thread_id = ? ORDER BY seq DESC LIMIT ?'),
    expiredRuns: db.prepare('SELECT * FROM runs WHERE last_at < ? ORDER BY last_at LIMIT ?'),
    deleteRunRecords: db.prepare('DELETE FROM records WHERE thread_id = ? AND seq BETWEEN ? AND ? AND run_id = ?'),
    deleteRun: db.prepare('DELETE FROM runs WHERE thread_id = ? AND run_id = ?'),
    deleteThreadRecords: db.prepare('DELETE FROM records WHERE thread_id = ?'),
    deleteRunRecordsAnywhere: db.prepare('DELETE FROM records WHERE thread_id = ? AND run_id = ?'),
    deleteThreadRuns: db.prepare('DELETE FROM runs WHERE thread_id = ?'),
    isDead: db.prepare('SELECT 1 FROM dead_runs WHERE thread_id = ? AND run_id = ?').pluck(),
    buryRuns: db.prepare('INSERT OR IGNORE INTO dead_runs (thread_id, run_id) SELECT thread_id, run_id FROM runs WHERE thread_id = ?'),
    buryRun: db.prepare('INSERT OR IGNORE INTO dead_runs (thread_id, run_id) VALUES (?, ?)'),
  };
}

export function toRecord(row: RecordRow): LiveRecord {
  const { thread_id, seq, run_id, type, data, at } = row;
  return {
    threadId: thread_id,
    seq,
    runId: run_id,
    type: type as LiveRecord['type'],
    data: JSON.parse(data),
    at: new Date(at).toISOString(),
  };
}

export function seqRanges(records: LiveRecord[]): Map<string, { first: number; last: number }> {
  const ranges = new Map<string, { first: number; last: number }>();
  for (const r of records) {
    const range = ranges.get(r.runId);
    if (range) range.last = r.seq;
    else ranges.set(r.runId, { first: r.seq, last: r.seq });
  }
  return ranges;
}
