import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeLiveRecordsContract } from './live-records.contract';
import { SqliteLiveRecordStore } from './sqlite-live-records';

describeLiveRecordsContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-live-'));
  return {
    open: async () => new SqliteLiveRecordStore(join(dir, 'live.db')),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite live records', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-live-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its file private to this user', async () => {
    const store = new SqliteLiveRecordStore(join(dir, 'private.db'));
    await store.append('t', [{ runId: 'r', type: 'token_delta', data: { text: 'secret' } }]);
    expect(statSync(join(dir, 'private.db')).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it("leaves no copy of a deleted thread's answers in the file or its write-ahead log", async () => {
    const file = join(dir, 'deleted.db');
    const store = new SqliteLiveRecordStore(file);
    await store.append('t', [{ runId: 'r', type: 'token_delta', data: { text: 'confidential-answer-text' } }]);
    await store.deleteThread('t');
    for (const f of [file, `${file}-wal`]) expect(readFileSync(f).includes('confidential-answer-text')).toBe(false);
    await store.close();
  });

  it("wakes the 100 followers of a thread on another process's append, with one watch, and stops polling when the last one leaves", async () => {
    const file = join(dir, 'shared-poll.db');
    const store = new SqliteLiveRecordStore(file, 5);
    const aborts = Array.from({ length: 100 }, () => new AbortController());
    const followers = aborts.map(async (abort) => {
      for await (const batch of store.follow('t', -1, abort.signal)) if (batch.length) return batch.length;
      return 0;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(store['watches']['watches'].size).toBe(1);
    const writer = new SqliteLiveRecordStore(file);
    await writer.append('t', [{ runId: 'r', type: 'token_delta', data: { text: 'x' } }]);
    expect(await Promise.all(followers)).toEqual(aborts.map(() => 1));
    expect(store['watches']['watches'].size).toBe(0);
    expect(store['watches']['timer']).toBeUndefined();
    await Promise.all([store.close(), writer.close()]);
  });

  it('opens a live.db written before threads had a version, and still wakes followers in other processes', async () => {
    const file = join(dir, 'older.db');
    const old = new Database(file);
    old.exec('CREATE TABLE threads (thread_id TEXT PRIMARY KEY, next_seq INTEGER NOT NULL) WITHOUT ROWID');
    old.prepare('INSERT INTO threads VALUES (?, ?)').run('t', 4);
    old.close();
    const [follower, writer] = [new SqliteLiveRecordStore(file, 5), new SqliteLiveRecordStore(file)];
    const abort = new AbortController();
    const following = (async () => {
      for await (const batch of follower.follow('t', -1, abort.signal)) return batch.map((r) => r.seq);
    })();
    await new Promise((r) => setTimeout(r, 10));
    await writer.append('t', [{ runId: 'r', type: 'token_delta', data: { text: 'x' } }]);
    expect(await following).toEqual([4]);
    await Promise.all([follower.close(), writer.close()]);
  });
});
