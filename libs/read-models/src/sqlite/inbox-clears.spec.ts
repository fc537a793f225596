import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { InboxClears } from './inbox-clears';
import { SqliteReadStore } from './sqlite-read-store';

const turnEnd = () => new Promise((resolve) => setImmediate(resolve));

describe('InboxClears', () => {
  it('writes the clears of one turn of the event loop together, and settles each caller after', async () => {
    const writes: unknown[] = [];
    const clears = new InboxClears((c) => writes.push(c.map((x) => x.threadId)));
    const done = [clears.add('a', 1), clears.add('b', 2), clears.add('c', 3)];
    expect(writes).toEqual([]);
    await Promise.all(done);
    expect(writes).toEqual([['a', 'b', 'c']]);
  });

  it('hands the pending clears to a commit, which settles them; a failed commit puts them back to be written alone', async () => {
    const writes: string[][] = [];
    const clears = new InboxClears((c) => writes.push(c.map((x) => x.threadId)));
    const first = clears.add('a', 1);
    expect(clears.with((c) => c.map((x) => x.threadId))).toEqual(['a']);
    await first;
    const second = clears.add('b', 1);
    expect(() =>
      clears.with(() => {
        throw new Error('busy');
      }),
    ).toThrow('busy');
    await second;
    expect(writes).toEqual([['b']]);
  });

  it('rejects the callers when their own write fails', async () => {
    const clears = new InboxClears(() => {
      throw new Error('disk full');
    });
    await expect(clears.add('a', 1)).rejects.toThrow('disk full');
  });
});

describe('SQLite read store: inbox clears ride on projection commits', () => {
  let dir: string;
  let store: SqliteReadStore;
  let other: Database.Database; // another connection: sees only what is committed
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fl-inbox-'));
    store = new SqliteReadStore(join(dir, 'read-models.db'));
    other = new Database(join(dir, 'read-models.db'));
    await store.commit([{ subscriber: 'agent', position: 1n, changes: inbox(1n, 'a', 'b') }]);
  });
  afterEach(async () => {
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const inbox = (position: bigint, ...threads: string[]) =>
    threads.map((thread_id) => ({ table: 'agent_inbox' as const, position, upsert: { thread_id, event_number: Number(position) } }));
  const committed = () => other.prepare('SELECT thread_id FROM agent_inbox ORDER BY thread_id').pluck().all();

  it('a clear asked for before a commit in the same turn is committed by it, and the row that commit adds stays', async () => {
    const ownWrite = jest.spyOn((store as unknown as { clears: { write: () => void } }).clears, 'write');
    const cleared = store.clearAgentInbox('a', 1);
    await store.commit([{ subscriber: 'agent', position: 2n, changes: inbox(2n, 'c') }]);
    expect(committed()).toEqual(['b', 'c']); // before the turn ended: written by the commit
    await cleared;
    await turnEnd();
    expect(ownWrite).not.toHaveBeenCalled(); // no transaction of its own
    expect(await store.agentInbox()).toEqual([
      { thread_id: 'b', event_number: 1 },
      { thread_id: 'c', event_number: 2 },
    ]);
  });

  it('a clear with no commit after it is written at the end of the turn; a read of the inbox before then sees it', async () => {
    const cleared = store.clearAgentInbox('a', 1);
    expect(committed()).toEqual(['a', 'b']);
    expect((await store.agentInbox()).map((r) => r.thread_id)).toEqual(['b']);
    await cleared;
    const later = store.clearAgentInbox('b', 1);
    await turnEnd();
    expect(committed()).toEqual([]);
    await later;
  });

  it('a clear is not lost with a commit that fails', async () => {
    const cleared = store.clearAgentInbox('a', 1);
    const writes = (store as unknown as { writes: { apply: () => boolean } }).writes;
    jest.spyOn(writes, 'apply').mockImplementationOnce(() => {
      throw new Error('disk I/O error');
    });
    await expect(store.commit([{ subscriber: 'agent', position: 2n, changes: inbox(2n, 'c') }])).rejects.toThrow('disk I/O error');
    expect(committed()).toEqual(['a', 'b']); // rolled back with the commit
    await cleared;
    expect(committed()).toEqual(['b']);
  });
});
