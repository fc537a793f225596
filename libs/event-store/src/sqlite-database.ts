import Database from 'better-sqlite3';

/** Opens an embedded SQLite file the way every Forkline store wants it: WAL, and waiting on a busy lock instead of failing. */
export function openSqliteDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}
