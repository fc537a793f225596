import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { openSqliteDatabase, truncateWal } from './sqlite-database';

describe('openSqliteDatabase', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-sqlite-'));
  const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

  it("keeps SQLite's own 2 MB page cache, not better-sqlite3's 16 MB (four files: their caches weighed ~30 MB of RSS)", () => {
    const db = openSqliteDatabase(join(dir, 'cache.db'));
    expect(db.pragma('cache_size', { simple: true })).toBe(-2048);
    db.close();
  });

  it('creates the file and its -wal and -shm readable by this user only, with secure_delete on', () => {
    const file = join(dir, 'new.db');
    const db = openSqliteDatabase(file);
    db.exec('CREATE TABLE t (x TEXT)');
    expect([file, `${file}-wal`, `${file}-shm`].map(modeOf)).toEqual(['600', '600', '600']);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.close();
  });

  it('tightens an existing file that other accounts could read', () => {
    const file = join(dir, 'old.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    openSqliteDatabase(file).close();
    expect(modeOf(file)).toBe('600');
  });

  it('truncateWal moves the log into the database and empties it', () => {
    const file = join(dir, 'wal.db');
    const db = openSqliteDatabase(file);
    db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('gone soon'); DELETE FROM t");
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    truncateWal(db);
    expect(statSync(`${file}-wal`).size).toBe(0);
    db.close();
  });
});
