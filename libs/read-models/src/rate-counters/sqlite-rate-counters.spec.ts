import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeRateCounterContract } from './rate-counters.contract';
import { SqliteRateCounterStore } from './sqlite-rate-counters';

describe('SQLite rate counters', () => {
  const dirs: string[] = [];
  const freshFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'forkline-limits-'));
    dirs.push(dir);
    return join(dir, 'limits.db');
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  describeRateCounterContract('sqlite', async () => {
    const file = freshFile();
    return [new SqliteRateCounterStore(file), new SqliteRateCounterStore(file)];
  });

  it('keeps its file private to this user', async () => {
    const file = freshFile();
    const store = new SqliteRateCounterStore(file);
    await store.increment('k', { now: 1, windowMs: 10, limit: 1, blockMs: 10 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('removes ended windows by itself, at most once a minute', async () => {
    const file = freshFile();
    const store = new SqliteRateCounterStore(file);
    const rows = () => {
      const db = new Database(file, { readonly: true });
      const keys = db.prepare('SELECT key FROM rate_windows ORDER BY key').pluck().all();
      db.close();
      return keys;
    };
    const rule = (now: number) => ({ now, windowMs: 1000, limit: 5, blockMs: 1000 });
    await store.increment('old', rule(100_000));
    await store.increment('new', rule(150_000)); // under a minute since the last sweep: 'old' stays
    expect(rows()).toEqual(['new', 'old']);
    await store.increment('new', rule(170_000)); // a minute on: sweeps the ended windows before counting
    expect(rows()).toEqual(['new']);
    await store.close();
  });
});
