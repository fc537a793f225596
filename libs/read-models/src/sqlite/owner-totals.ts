import Database from 'better-sqlite3';
import { STORED } from './stored-tables';

const OWNER_BYTES = 'owner_bytes';

/**
 * Each owner's stored bytes (storedBytesOf, which the storage quota asks on every user message) as one row, moved by
 * triggers whenever a thread_sizes row changes, in the same transaction: a sum over the owner's threads walks one index
 * entry per thread (1.7 ms at 20,000 threads) and grows with them, and that (owner_id, bytes) index (MongoDB's way)
 * would cost every new thread an insert and every turn (its bytes move) a delete and an insert. A row changes only when
 * a projection applied a change to it (positions guard them), so a total is the sum of the rows' bytes, as of every commit.
 */
export function createOwnerTotals(db: Database.Database): void {
  const s = STORED.thread_sizes;
  const [owner, bytes] = [s.column('owner_id'), s.column('bytes')];
  const add =
    `INSERT INTO ${OWNER_BYTES} (owner_id, bytes) SELECT NEW.${owner}, NEW.${bytes} ` +
    `WHERE NEW.${owner} IS NOT NULL AND NEW.${bytes} IS NOT NULL ON CONFLICT (owner_id) DO UPDATE SET bytes = bytes + excluded.bytes;`;
  const remove = `UPDATE ${OWNER_BYTES} SET bytes = bytes - OLD.${bytes} WHERE owner_id = OLD.${owner} AND OLD.${bytes} IS NOT NULL;`;
  db.exec(`CREATE TABLE IF NOT EXISTS ${OWNER_BYTES} (owner_id TEXT PRIMARY KEY, bytes INTEGER NOT NULL) WITHOUT ROWID`);
  db.exec(`CREATE TRIGGER IF NOT EXISTS ${OWNER_BYTES}_insert AFTER INSERT ON ${s.table} BEGIN ${add} END`);
  db.exec(`CREATE TRIGGER IF NOT EXISTS ${OWNER_BYTES}_update AFTER UPDATE OF ${owner}, ${bytes} ON ${s.table} BEGIN ${remove} ${add} END`);
  db.exec(`CREATE TRIGGER IF NOT EXISTS ${OWNER_BYTES}_delete AFTER DELETE ON ${s.table} BEGIN ${remove} END`);
}

/** One owner's stored bytes: its total's row, 0 when it has none. */
export const OWNER_TOTAL = `SELECT COALESCE((SELECT bytes FROM ${OWNER_BYTES} WHERE owner_id = ?), 0)`;
