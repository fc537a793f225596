import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeReadStoreContract } from '../read-store.contract';
import { threadsProjector } from '../projectors/threads.projector';
import { at } from '../sample-conversation';
import { SqliteReadStore } from './sqlite-read-store';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-rs-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describeReadStoreContract('sqlite', async () => new SqliteReadStore(join(freshDir(), 'read-models.db')));

describe('SQLite read store layout', () => {
  it('starts over (projections rebuild from the log) when the file was written with another layout, and keeps a file of its own', async () => {
    const file = join(freshDir(), 'read-models.db');
    const previous = new Database(file);
    previous.exec(`
      CREATE TABLE read_model_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO read_model_meta VALUES ('schema', 'an older layout');
      CREATE TABLE projection_checkpoints (subscriber TEXT PRIMARY KEY, position TEXT NOT NULL);
      INSERT INTO projection_checkpoints VALUES ('threads', '42');
      CREATE TABLE threads (thread_id TEXT NOT NULL, owner_id TEXT, PRIMARY KEY (thread_id));
      INSERT INTO threads VALUES ('old', 'u1');`);
    previous.close();

    const store = new SqliteReadStore(file);
    expect([await store.checkpointOf('threads'), await store.dump('threads')]).toEqual([undefined, []]);
    const created = at(1, { type: 'ThreadCreated', data: { threadId: 'new', ownerId: 'u1', eventNumber: 0 } });
    await store.commit([{ subscriber: 'threads', position: 1n, changes: threadsProjector.project(created) }]);
    await store.close();

    const reopened = new SqliteReadStore(file);
    expect(await reopened.checkpointOf('threads')).toBe(1n);
    expect((await reopened.dump('threads')).map((t) => t.thread_id)).toEqual(['new']);
    await reopened.close();
  });
});

describe('SQLite read store checkpoints', () => {
  const thread = threadsProjector.project(at(1, { type: 'ThreadCreated', data: { threadId: 'a', ownerId: 'u1', eventNumber: 0 } }));
  const named = (owner: string) =>
    thread.map((c) => ({ ...c, upsert: { ...('upsert' in c ? c.upsert : {}), owner_id: owner } })) as typeof thread;

  it('keeps 128-bit positions across a reopen, and a reset forgets only the subscribers and tables it names', async () => {
    const file = join(freshDir(), 'read-models.db');
    const far = 2n ** 100n + 7n;
    const store = new SqliteReadStore(file);
    await store.commit([
      { subscriber: 'threads', position: far, changes: thread.map((c) => ({ ...c, position: far })) },
      { subscriber: 'other', position: far, changes: [] },
    ]);
    await store.commit([{ subscriber: 'threads', position: far - 1n, changes: named('u2').map((c) => ({ ...c, position: far - 1n })) }]);
    await store.close();

    const reopened = new SqliteReadStore(file);
    expect([await reopened.checkpointOf('threads'), (await reopened.dump('threads'))[0].owner_id]).toEqual([far, 'u1']);
    await reopened.reset(['threads'], ['threads']);
    expect([await reopened.checkpointOf('threads'), await reopened.checkpointOf('other'), await reopened.dump('threads')]).toEqual([
      undefined,
      far,
      [],
    ]);
    // The reset subscriber projects again from the start of the log.
    await reopened.commit([{ subscriber: 'threads', position: 1n, changes: named('u3') }]);
    expect([await reopened.checkpointOf('threads'), (await reopened.dump('threads'))[0].owner_id]).toEqual([1n, 'u3']);
    await reopened.close();
  });
});

describe('SQLite read store queries', () => {
  it('answers each query of one shape with its own values, and limits past those written into the text as bound ones', async () => {
    const store = new SqliteReadStore(join(freshDir(), 'read-models.db'));
    const log = (thread_id: string, event_number: number) => ({
      table: 'logs' as const,
      upsert: {
        thread_id,
        event_number,
        log_id: `${thread_id}${event_number}`,
        run_id: 'r',
        level: 'info',
        message: 'm',
        created_at: 'now',
      },
      position: 1n,
    });
    const changes = ['a', 'b'].flatMap((t) => Array.from({ length: 40 }, (_, n) => log(t, n)));
    await store.commit([{ subscriber: 'logs', position: 1n, changes }]);
    const page = (thread_id: string, after: number, limit: number) =>
      store.query(
        'logs',
        { thread_id },
        { orderBy: 'event_number', after: { column: 'event_number', value: after }, limit, columns: ['log_id'] },
      );

    expect(await page('a', 3, 2)).toEqual([{ log_id: 'a4' }, { log_id: 'a5' }]);
    expect(await page('b', 30, 2)).toEqual([{ log_id: 'b31' }, { log_id: 'b32' }]);
    // Sixteen large limits get a text of their own, the ones after share one statement with the limit bound.
    for (let limit = 9; limit < 39; limit++) {
      const thread = limit % 2 ? 'a' : 'b';
      const rows = await page(thread, 0, limit);
      expect(rows.map((r) => r.log_id)).toEqual(Array.from({ length: limit }, (_, i) => `${thread}${i + 1}`));
    }
    expect(await store.query('logs', { thread_id: 'b' }, { orderBy: 'event_number', desc: true, limit: 1, columns: ['log_id'] })).toEqual([
      { log_id: 'b39' },
    ]);
    await store.close();
  });
});

describe('SQLite read store, the read models of one row per thread', () => {
  it('keeps each model of a shared thread row apart: its own position, tombstone and reset', async () => {
    const store = new SqliteReadStore(join(freshDir(), 'read-models.db'));
    const thread = { thread_id: 'a', owner_id: 'u', parent_thread_id: null, from_event_number: null, created_at: 't', agent_id: 'g' };
    await store.commit([
      { subscriber: 'threads', position: 5n, changes: [{ table: 'threads', upsert: thread, position: 5n }] },
      { subscriber: 'heads', position: 5n, changes: [{ table: 'heads', upsert: { thread_id: 'a', event_number: 4 }, position: 5n }] },
      {
        subscriber: 'thread-sizes',
        position: 5n,
        changes: [{ table: 'thread_sizes', upsert: { thread_id: 'a', owner_id: 'u', bytes: 10 }, position: 5n }],
      },
    ]);
    // A model with no row yet in the thread's row takes a change older than the other models' rows.
    const branch = { thread_id: 'a', parent_thread_id: 'p', from_event_number: 1, created_at: 't' };
    await store.commit([{ subscriber: 'branches', position: 3n, changes: [{ table: 'branches', upsert: branch, position: 3n }] }]);
    // A tombstone of one model, and an older change replayed after it, leave the others as they were.
    await store.commit([{ subscriber: 'heads', position: 6n, changes: [{ table: 'heads', delete: { thread_id: 'a' }, position: 6n }] }]);
    await store.commit([
      { subscriber: 'heads2', position: 5n, changes: [{ table: 'heads', upsert: { thread_id: 'a', event_number: 4 }, position: 5n }] },
    ]);
    expect([await store.dump('heads'), await store.dump('threads'), await store.dump('branches')]).toEqual([[], [thread], [branch]]);
    expect(await store.getThread('a')).toBeNull();

    await store.reset(['thread-sizes'], ['thread_sizes']);
    expect([await store.storedBytesOf('u'), await store.dump('threads')]).toEqual([0, [thread]]);
    await store.commit([
      {
        subscriber: 'thread-sizes',
        position: 1n,
        changes: [{ table: 'thread_sizes', upsert: { thread_id: 'a' }, increment: { bytes: 7 }, position: 1n }],
      },
    ]);
    expect(await store.dump('thread_sizes')).toEqual([{ thread_id: 'a', owner_id: null, bytes: 7 }]);
    await store.close();
  });
});

describe('SQLite read store, owners’ stored bytes', () => {
  it('answers storedBytesOf from the owner’s total, equal to the sum of its threads through every kind of change', async () => {
    const path = join(freshDir(), 'read-models.db');
    const store = new SqliteReadStore(path);
    let position = 0n;
    const apply = (...changes: Array<Record<string, unknown>>) => {
      position++;
      const at = changes.map((c) => ({ table: 'thread_sizes', ...c, position })) as never[];
      return store.commit([{ subscriber: 'thread-sizes', position, changes: at }]);
    };
    const byRows = async (owner: string) =>
      (await store.dump('thread_sizes')).filter((r) => r.owner_id === owner).reduce((sum, r) => sum + Number(r.bytes ?? 0), 0);
    const expectTotals = async () => {
      for (const owner of ['u', 'v']) expect(await store.storedBytesOf(owner)).toBe(await byRows(owner));
    };
    // Bytes counted before the owner is known (a change of the thread before its creation, replayed) join its total later.
    await apply({ upsert: { thread_id: 'c' }, increment: { bytes: 5 } });
    await apply({ upsert: { thread_id: 'a', owner_id: 'u', bytes: 10 } }, { upsert: { thread_id: 'b', owner_id: 'u', bytes: 20 } });
    await apply({ upsert: { thread_id: 'a' }, increment: { bytes: 7 } }, { upsert: { thread_id: 'c', owner_id: 'v', bytes: 1 } });
    await expectTotals();
    expect(await store.storedBytesOf('u')).toBe(37);
    await apply({ delete: { thread_id: 'b' } });
    expect(await store.storedBytesOf('u')).toBe(17);
    // A batch applied again (a crash before its checkpoint) changes no row, and no total.
    await store.commit([
      { subscriber: 'thread-sizes', position, changes: [{ table: 'thread_sizes', delete: { thread_id: 'b' }, position }] },
    ]);
    await expectTotals();
    await store.reset(['thread-sizes'], ['thread_sizes']);
    expect(await store.storedBytesOf('u')).toBe(0);
    await apply({ upsert: { thread_id: 'a', owner_id: 'u', bytes: 3 } });
    await expectTotals();
    expect(await store.storedBytesOf('u')).toBe(3);
    // The answer is the total's row, not a walk over the owner's threads.
    const file = new Database(path);
    file.prepare("UPDATE owner_bytes SET bytes = bytes + 1000 WHERE owner_id = 'u'").run();
    file.close();
    expect(await store.storedBytesOf('u')).toBe(1003);
    await store.close();
  });
});
