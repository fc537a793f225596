import Database from 'better-sqlite3';
import { LimitClauses, LimitedStatements, LITERAL_LIMITS } from './sqlite-limits';

describe('LimitedStatements', () => {
  let db: Database.Database;
  let prepare: jest.SpyInstance;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    for (let n = 1; n <= 200; n++) insert.run(n);
    prepare = jest.spyOn(db, 'prepare');
  });
  afterEach(() => db.close());

  it('answers as a bound LIMIT does, preparing each literal limit once', () => {
    const rows = new LimitedStatements(db, 'SELECT n FROM t WHERE n > ? ORDER BY n');
    const bound = db.prepare('SELECT n FROM t WHERE n > ? ORDER BY n LIMIT ?');
    prepare.mockClear();
    for (const limit of [0, 1, 3, 100, 500, 1, 3, 100, 2.7]) expect(rows.all([10], limit)).toEqual(bound.all(10, Math.floor(limit)));
    expect(rows.all([195], -1)).toEqual(bound.all(195, -1));
    expect(prepare.mock.calls.map(([sql]) => sql)).toEqual([
      'SELECT n FROM t WHERE n > ? ORDER BY n LIMIT 0',
      'SELECT n FROM t WHERE n > ? ORDER BY n LIMIT 1',
      'SELECT n FROM t WHERE n > ? ORDER BY n LIMIT 3',
      'SELECT n FROM t WHERE n > ? ORDER BY n LIMIT 100',
      'SELECT n FROM t WHERE n > ? ORDER BY n LIMIT 500',
      'SELECT n FROM t WHERE n > ? ORDER BY n LIMIT 2',
    ]);
  });

  it('binds large limits past LITERAL_LIMITS distinct ones: the statements kept stay bounded', () => {
    const rows = new LimitedStatements(db, 'SELECT n FROM t ORDER BY n');
    prepare.mockClear();
    for (let i = 0; i < LITERAL_LIMITS + 10; i++) expect(rows.all([], 20 + i)).toHaveLength(20 + i);
    expect(prepare).toHaveBeenCalledTimes(LITERAL_LIMITS);
    expect(rows.all([], 5)).toHaveLength(5); // small ones still get theirs
    expect(prepare).toHaveBeenCalledTimes(LITERAL_LIMITS + 1);
  });
});

describe('LimitClauses', () => {
  it('writes small limits and the first LITERAL_LIMITS larger ones into the text, else asks for a bound one', () => {
    const clauses = new LimitClauses();
    expect(clauses.literal(1)).toBe(' LIMIT 1');
    const large = Array.from({ length: LITERAL_LIMITS + 1 }, (_, i) => clauses.literal(100 + i));
    expect(large.slice(0, LITERAL_LIMITS)).toEqual(Array.from({ length: LITERAL_LIMITS }, (_, i) => ` LIMIT ${100 + i}`));
    expect(large[LITERAL_LIMITS]).toBeNull();
    expect(clauses.literal(100)).toBe(' LIMIT 100');
    expect(clauses.literal(8)).toBe(' LIMIT 8');
  });
});
