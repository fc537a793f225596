import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ReadModelChange } from './read-model.schema';
import { SqliteReadStore } from './sqlite/sqlite-read-store';
import { cut, ThreadHistory } from './thread-history';

describe('ThreadHistory', () => {
  const store = new SqliteReadStore(join(mkdtempSync(join(tmpdir(), 'fl-history-')), 'read-models.db'));
  const history = new ThreadHistory(store);
  afterAll(() => store.close());

  const thread = (id: string, parent: string | null, from: number | null): ReadModelChange[] => [
    {
      table: 'threads',
      upsert: { thread_id: id, owner_id: 'u', parent_thread_id: parent, from_event_number: from, created_at: 'x' },
      position: 1n,
    },
    { table: 'heads', upsert: { thread_id: id, event_number: 0 }, position: 1n },
  ];
  const message = (threadId: string, n: number): ReadModelChange => ({
    table: 'messages',
    upsert: { thread_id: threadId, event_number: n, message_id: `${threadId}${n}`, role: 'user', content: '', created_at: 'x' },
    position: 1n,
  });

  beforeAll(() =>
    // root: 1 3 5 7; fork f at 5: own 7 9; fork ff of f at 7: own 9
    store.commit([
      {
        subscriber: 't',
        position: 1n,
        changes: [
          ...thread('root', null, null),
          ...thread('f', 'root', 5),
          ...thread('ff', 'f', 7),
          message('root', 1),
          message('root', 3),
          message('root', 5),
          message('root', 7),
          message('f', 7),
          message('f', 9),
          message('ff', 9),
        ],
      },
    ]),
  );

  const ids = async (threadId: string, upTo: number, last?: number) =>
    (await history.messagesOf(threadId, upTo, last)).map((m) => m.message_id);

  it('walks the lineage, cutting each source at its fork point', async () => {
    expect(await ids('ff', 100)).toEqual(['root1', 'root3', 'root5', 'f7', 'ff9']);
    expect(await ids('f', 100)).toEqual(['root1', 'root3', 'root5', 'f7', 'f9']);
    expect(await ids('ff', 4)).toEqual(['root1', 'root3']);
    expect(await ids('missing', 100)).toEqual([]);
  });

  it("finds a thread only for its owner, another user's like a missing one", async () => {
    expect((await history.ownedThread('u', 'f'))?.parent_thread_id).toBe('root');
    expect(await history.ownedThread('someone-else', 'f')).toBeNull();
    expect(await history.ownedThread('u', 'missing')).toBeNull();
  });

  it('returns only the newest messages when asked, across segments', async () => {
    expect(await ids('ff', 100, 3)).toEqual(['root5', 'f7', 'ff9']);
    expect(await ids('ff', 100, 1)).toEqual(['ff9']);
    expect(await ids('ff', 7, 2)).toEqual(['root5', 'f7']);
    expect(await ids('ff', 100, 50)).toHaveLength(5);
  });
});

describe('ThreadHistory after HistoryCleared', () => {
  const store = new SqliteReadStore(join(mkdtempSync(join(tmpdir(), 'fl-history-')), 'read-models.db'));
  const history = new ThreadHistory(store);
  afterAll(() => store.close());

  const thread = (id: string, parent: string | null, from: number | null): ReadModelChange[] => [
    {
      table: 'threads',
      upsert: { thread_id: id, owner_id: 'u', parent_thread_id: parent, from_event_number: from, created_at: 'x', agent_id: 'a' },
      position: 1n,
    },
    { table: 'heads', upsert: { thread_id: id, event_number: 0 }, position: 1n },
  ];
  const message = (threadId: string, n: number): ReadModelChange => ({
    table: 'messages',
    upsert: { thread_id: threadId, event_number: n, message_id: `${threadId}${n}`, role: 'user', content: '', created_at: 'x', stopped: 0 },
    position: 1n,
  });
  const clear = (threadId: string, n: number): ReadModelChange => ({
    table: 'history_clears',
    upsert: { thread_id: threadId, event_number: n, actor: 'u', created_at: 'x' },
    position: 1n,
  });
  const checkpoint = (threadId: string, id: string, n: number): ReadModelChange => ({
    table: 'checkpoints',
    upsert: { checkpoint_id: id, thread_id: threadId, event_number: n, saved_at: 'x' },
    position: 1n,
  });

  beforeAll(() =>
    // c: 1 2, clear 4, 5 7, clear 9, 10. cf forks c at 7 (own 9); cg at 3 (own 4); ch at 7 and clears at 9 (own 10).
    store.commit([
      {
        subscriber: 't',
        position: 1n,
        changes: [
          ...thread('c', null, null),
          ...thread('cf', 'c', 7),
          ...thread('cg', 'c', 3),
          ...thread('ch', 'c', 7),
          ...[1, 2, 5, 7, 10].map((n) => message('c', n)),
          clear('c', 4),
          clear('c', 9),
          message('cf', 9),
          message('cg', 4),
          clear('ch', 9),
          message('ch', 10),
          checkpoint('c', 'k2', 2),
          checkpoint('c', 'k6', 6),
        ],
      },
    ]),
  );

  const ids = async (threadId: string, upTo: number, last?: number) =>
    (await history.messagesOf(threadId, upTo, last)).map((m) => m.message_id);

  it('starts the history after the latest clear, and shows the history as it was at an earlier event', async () => {
    expect(await ids('c', 100)).toEqual(['c10']);
    expect(await ids('c', 100, 5)).toEqual(['c10']);
    expect(await ids('c', 8)).toEqual(['c5', 'c7']);
    expect(await ids('c', 3)).toEqual(['c1', 'c2']);
  });

  it("gives a fork at N its source's clears at or before N only, and a clear in the fork hides all before it", async () => {
    expect(await ids('cf', 100)).toEqual(['c5', 'c7', 'cf9']);
    expect(await ids('cf', 100, 10)).toEqual(['c5', 'c7', 'cf9']);
    expect(await ids('cg', 100)).toEqual(['c1', 'c2', 'cg4']);
    expect(await ids('ch', 100)).toEqual(['ch10']);
    expect(await ids('ch', 100, 3)).toEqual(['ch10']);
  });

  it('never starts a run from a checkpoint older than the clear', async () => {
    const sources = async (threadId: string) => {
      const segments = await history.segments((await store.getThread(threadId))!);
      return (await history.latestCheckpoint(segments!.slice(0, -1)))?.checkpoint_id ?? null;
    };
    expect(await sources('cg')).toBe('k2');
    expect(await sources('cf')).toBe('k6');
    expect(await sources('ch')).toBeNull(); // its own clear at 9 is after c's k6
    const cSegments = (await history.segments((await store.getThread('c'))!))!;
    expect(await history.latestCheckpoint(cSegments)).toBeNull();
    expect((await history.latestCheckpoint(cut(cSegments, 8)))?.checkpoint_id).toBe('k6');
  });
});
