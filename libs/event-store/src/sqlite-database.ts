import Database from 'better-sqlite3';
import { chmodSync, closeSync, openSync, statSync } from 'fs';

/**
 * Opens an embedded SQLite file the way every Forkline store wants it: WAL, waiting on a busy lock instead of
 * failing, private to this user, and overwriting what is deleted (secure_delete) so a purge leaves no text behind.
 * Its page cache is small: the four files' 16 MB caches held ~30 MB of a server's RSS after 3,000 turns, to no gain
 * (the kernel caches the files too; reads of a 1,000-turn thread took as long with 1 MB), and that memory serves
 * better as V8's young generation (README, "Memory").
 */
export function openSqliteDatabase(file: string): Database.Database {
  if (file !== ':memory:' && file !== '') makePrivate(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
  db.pragma('cache_size = -2048'); // KiB: SQLite's own default (better-sqlite3 builds it with 16 MB)
  return db;
}

/**
 * Creates `file` as 0600 if it is missing and tightens it (and its -wal and -shm) if other accounts can read it.
 * SQLite creates -wal and -shm with the main file's mode, so this is enough for the files it makes later.
 */
export function makePrivate(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if (statSync(f).mode & 0o077) chmodSync(f, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/**
 * Moves everything in the write-ahead log into the database file and empties the log: deleted rows live on
 * in older WAL frames until then. secure_delete has already zeroed them in the database pages.
 */
export function truncateWal(db: Database.Database): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}
