import Database from 'better-sqlite3';
import { SqliteGroupCommit } from './sqlite-group-commit';

describe('SqliteGroupCommit', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE rows (key TEXT PRIMARY KEY)');
  });
  afterEach(() => db.close());

  const keys = () => db.prepare('SELECT key FROM rows ORDER BY rowid').pluck().all();
  const insert = (key: string) => db.prepare('INSERT INTO rows (key) VALUES (?)').run(key);
  /** A write of several statements, as the stores make theirs: a transaction function (a SAVEPOINT in a batch). */
  const insertBoth = () => db.transaction((a: string, b: string) => (insert(a), insert(b), db.inTransaction));

  it('commits the writes asked for in one macrotask in one transaction, in order; a later macrotask gets its own', async () => {
    const group = new SqliteGroupCommit(db);
    const begins = jest.spyOn(db, 'transaction');
    const write = (key: string) => group.run(() => (insert(key), db.inTransaction));
    expect(await Promise.all(['a', 'b', 'c'].map(write))).toEqual([true, true, true]);
    expect(await write('d')).toBe(false); // alone: one statement, atomic by itself
    expect(keys()).toEqual(['a', 'b', 'c', 'd']);
    expect(begins).not.toHaveBeenCalled(); // the batch's transaction function is made once, up front
  });

  it('fails only the write that fails: its own statements are rolled back, the others committed', async () => {
    const group = new SqliteGroupCommit(db);
    const both = insertBoth();
    const results = await Promise.allSettled([
      group.run(() => both('a', 'b')),
      group.run(() => both('c', 'a')), // 'c' inserted, then 'a' refused: 'c' must go too
      group.run(() => both('d', 'e')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(keys()).toEqual(['a', 'b', 'd', 'e']);
  });

  it('when the batch is rolled back as a whole, says so and writes each again on its own', async () => {
    const rolledBack = jest.fn();
    const group = new SqliteGroupCommit(db, rolledBack);
    const both = insertBoth();
    let failOnce = true;
    const results = await Promise.allSettled([
      group.run(() => both('a', 'b')),
      group.run(() => {
        if (failOnce) {
          failOnce = false;
          db.exec('ROLLBACK'); // as SQLite does on SQLITE_FULL or an I/O error: the whole transaction is gone
          throw new Error('disk full');
        }
        return both('c', 'd');
      }),
    ]);
    expect(rolledBack).toHaveBeenCalledTimes(1);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(keys()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('flush commits what is queued at once, for an operation that must come after it', async () => {
    const group = new SqliteGroupCommit(db);
    const pending = group.run(() => insert('a'));
    group.flush();
    expect(keys()).toEqual(['a']);
    await pending;
  });

  it('refuses the writes still queued when the database closes', async () => {
    const group = new SqliteGroupCommit(db);
    const pending = group.run(() => insert('a'));
    db.close();
    await expect(pending).rejects.toThrow('closed');
    db = new Database(':memory:');
  });
});
