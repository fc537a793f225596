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
