import Database from 'better-sqlite3';
import { SqliteWriteBatch } from './sqlite-write-batch';

describe('SqliteWriteBatch', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE hits (key TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  });
  afterEach(() => db.close());

  const bump = (on: Database.Database) =>
    on.prepare('INSERT INTO hits (key, n) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET n = n + 1 RETURNING n');

  it('commits the writes of one turn together, in the order asked, each caller getting its own result', async () => {
    const batch = new SqliteWriteBatch(db);
    const stmt = bump(db);
    const write = (key: string) => batch.run(() => ({ n: (stmt.get(key) as { n: number }).n, together: db.inTransaction }));
    expect(await Promise.all(['a', 'a', 'b', 'a'].map(write))).toEqual([1, 2, 1, 3].map((n) => ({ n, together: true })));
    expect(await write('b')).toEqual({ n: 2, together: false });
  });

  it('fails only the write that fails: the others are committed once, not lost or counted twice', async () => {
    const batch = new SqliteWriteBatch(db);
    const stmt = bump(db);
    const results = await Promise.allSettled([
      batch.run(() => (stmt.get('a') as { n: number }).n),
      batch.run(() => db.prepare('INSERT INTO missing VALUES (1)').run()),
      batch.run(() => (stmt.get('a') as { n: number }).n),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual([1, 2]);
    expect(db.prepare('SELECT n FROM hits WHERE key = ?').pluck().get('a')).toBe(2);
  });

  it('refuses the writes still queued when the database closes', async () => {
    const batch = new SqliteWriteBatch(db);
    const pending = batch.run(() => 1);
    db.close();
    await expect(pending).rejects.toThrow('closed');
    db = new Database(':memory:');
  });
});
